"""Several processes on one store: stale readers refresh, two writers both succeed, damaged rows
never reach a search, and stores are never created where one was expected."""
from __future__ import annotations

import multiprocessing as mp
import sqlite3
import struct

import numpy as np
import pytest

from memory.store import MemoryStore, MemoryStoreError

DIM = 16


def _vectors(n: int, seed: int) -> np.ndarray:
    return np.random.default_rng(seed).normal(size=(n, DIM)).astype(np.float32)


def _forget_subject(path: str, subject: str) -> int:
    with MemoryStore.open(path) as store:
        return store.remove_where(subject=subject)


def _add_many(path: str, seed: int, rounds: int) -> list[int]:
    ids = []
    with MemoryStore.open(path) as store:
        for r in range(rounds):
            ids += store.add(_vectors(5, seed * 1000 + r), np.full(5, seed),
                             metadata={"subject": [f"w{seed}"] * 5}).tolist()
    return ids


def _run(target, *args):
    """Run ``target(*args)`` in a fresh 'spawn' process and return its result."""
    with mp.get_context("spawn").Pool(1) as pool:
        return pool.apply(target, args)


def _store_with_subjects(path) -> tuple[MemoryStore, np.ndarray]:
    x = _vectors(60, 0)
    store = MemoryStore(path)
    store.add(x, np.arange(60) % 3, metadata={"subject": [f"s{i % 4}" for i in range(60)]})
    return store, x


def test_reader_never_returns_rows_another_process_forgot(tmp_path):
    path = tmp_path / "m.db"
    store, x = _store_with_subjects(path)
    forgotten = set(store.ids_where(subject="s1").tolist())
    _, before = store.search(x, 10)
    assert forgotten & set(before.flatten().tolist())  # they were found before
    assert _run(_forget_subject, str(path), "s1") == 15  # process B forgets
    _, after = store.search(x, 10)  # process A, same open store
    assert not forgotten & set(after.flatten().tolist())
    assert len(store) == 45 and not forgotten & set(store.ids.tolist())
    with pytest.raises(KeyError):
        store.labels_of(np.array(sorted(forgotten)))
    assert store.remove_where(subject="s1") == 0
    assert _run(_forget_subject, str(path), "s2") == 15
    assert store.remove_where(subject="s3") == 15  # counted against the file, not stale caches
    assert len(store) == 15
    store.close()


def test_two_writer_processes_both_add(tmp_path):
    path = tmp_path / "m.db"
    store = MemoryStore(path, dim=DIM)
    mine = store.add(_vectors(3, 9), [0, 0, 0]).tolist()
    with mp.get_context("spawn").Pool(2) as pool:
        results = [pool.apply_async(_add_many, (str(path), seed, 20)) for seed in (1, 2)]
        other = [r.get(timeout=120) for r in results]
    more = store.add(_vectors(3, 10), [0, 0, 0]).tolist()  # our cached counter is stale here
    all_ids = mine + other[0] + other[1] + more
    assert len(all_ids) == len(set(all_ids)) == 206
    assert len(store) == 206 and sorted(store.ids.tolist()) == sorted(all_ids)
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT COUNT(*) FROM memory_records").fetchone()[0] == 206
    store.close()


def test_damaged_row_is_reported_and_never_searched(tmp_path):
    path = tmp_path / "m.db"
    store, x = _store_with_subjects(path)
    store.close()
    with sqlite3.connect(path) as conn:  # a foreign writer / disk damage: NaN, inf, scaled row
        for rid, value in ((4, float("nan")), (9, float("inf"))):
            blob = bytearray(conn.execute("SELECT embedding FROM memory_records WHERE id=?",
                                          (rid,)).fetchone()[0])
            blob[0:4] = struct.pack("<f", value)
            conn.execute("UPDATE memory_records SET embedding=? WHERE id=?", (bytes(blob), rid))
        blob = np.frombuffer(conn.execute("SELECT embedding FROM memory_records WHERE id=13"
                                          ).fetchone()[0], np.float32) * 1e6
        conn.execute("UPDATE memory_records SET embedding=? WHERE id=13", (blob.tobytes(),))
    with MemoryStore.open(path) as store:
        _, ids = store.search(x, 60)
        assert not {4, 9, 13} & set(ids.flatten().tolist())
        assert "damaged" in store.integrity_check() and "[4, 9, 13]" in store.integrity_check()
        assert store.damaged_ids.tolist() == [4, 9, 13]
        assert store.remove([4, 9, 13, 14]) == 4  # damaged rows can still be forgotten
        assert store.integrity_check() == "ok" and len(store.damaged_ids) == 0


def test_open_refuses_empty_file(tmp_path):
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    with pytest.raises(MemoryStoreError, match="empty"):
        MemoryStore.open(empty)
    assert empty.stat().st_size == 0
    blank = tmp_path / "blank.db"
    sqlite3.connect(blank).execute("PRAGMA user_version=1").connection.close()  # no tables
    with pytest.raises(MemoryStoreError, match="not a memory store"):
        MemoryStore.open(blank)


def test_version_1_store_is_upgraded_with_checksums(tmp_path):
    path = tmp_path / "old.db"
    store, x = _store_with_subjects(path)
    store.close()
    with sqlite3.connect(path) as conn:  # the layout before per-row checksums
        conn.execute("ALTER TABLE memory_records DROP COLUMN checksum")
        conn.execute("UPDATE memory_meta SET value='1' WHERE key='version'")
    with MemoryStore.open(path) as store:
        assert store.integrity_check() == "ok" and len(store) == 60
        assert store.add(x[:1], [0]).tolist() == [60]
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT COUNT(*) FROM memory_records WHERE checksum IS NULL"
                            ).fetchone()[0] == 0
