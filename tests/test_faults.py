"""Fault injection across the project's files: kill -9 during add / forget / checkpoint write, a
second process writing and forgetting, bit flips in a checkpoint and in a store row. Afterwards
nothing forgotten is returned, nothing committed is lost, and every damaged file is detected."""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
import torch

from memory.store import MemoryStore
from train import checkpoint as ckpt

REPO = Path(__file__).resolve().parents[1]
DIM = 24


def _child(snippet: str) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(snippet)], cwd=REPO, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _kill_when_inside(snippet: str) -> None:
    """Run ``snippet`` in a child and SIGKILL it as soon as it prints INSIDE."""
    child = _child(snippet)
    line = child.stdout.readline()
    assert line.strip() == "INSIDE", (line, child.stderr.read())
    os.kill(child.pid, signal.SIGKILL)
    assert child.wait(timeout=30) == -signal.SIGKILL
    assert "COMMITTED" not in child.stdout.read()


def _rows(path: Path) -> list[tuple]:
    with sqlite3.connect(path) as conn:  # plain sqlite3, independent of MemoryStore
        return conn.execute("SELECT id, label, embedding, subject FROM memory_records "
                            "ORDER BY id").fetchall()


def _memory(path: Path) -> np.ndarray:
    x = np.random.default_rng(0).normal(size=(400, DIM)).astype(np.float32)
    with MemoryStore(path) as store:
        store.add(x, np.arange(400) % 5, metadata={"subject": [f"s{i % 4}" for i in range(400)]})
    return x


def test_kill_during_add_and_forget_loses_nothing_committed(tmp_path):
    path = tmp_path / "m.db"
    _memory(path)
    before = _rows(path)
    _kill_when_inside(f"""
        import numpy as np
        from memory.store import MemoryStore
        store = MemoryStore.open({str(path)!r})
        x = np.random.default_rng(1).normal(size=(40_000, {DIM})).astype(np.float32)
        def progress(done):
            print("INSIDE", flush=True)  # first chunk written, transaction open
            import time; time.sleep(60)
        store.add(x, np.zeros(len(x), dtype=np.int64), progress=progress)
        print("COMMITTED", flush=True)
    """)
    assert _rows(path) == before  # the hot journal rolls the half add back
    _kill_when_inside(f"""
        import time
        from memory.store import MemoryStore
        store = MemoryStore.open({str(path)!r})
        def trace(statement):
            if statement.startswith("DELETE"):
                print("INSIDE", flush=True)  # deleting, not committed
                time.sleep(60)
        store._conn.set_trace_callback(trace)
        store.remove_where(subject="s2")
        print("COMMITTED", flush=True)
    """)
    assert _rows(path) == before  # an unfinished forget removes nothing
    with MemoryStore.open(path) as store:
        assert store.integrity_check() == "ok" and store.remove_where(subject="s2") == 100
        assert store.count_where(subject="s2") == 0 and len(store) == 300


def test_second_process_writing_and_forgetting(tmp_path):
    path = tmp_path / "m.db"
    x = _memory(path)
    reader = MemoryStore.open(path)
    forgotten = set(reader.ids_where(subject="s1").tolist())
    child = _child(f"""
        import numpy as np
        from memory.store import MemoryStore
        with MemoryStore.open({str(path)!r}) as store:
            new = store.add(np.random.default_rng(3).normal(size=(50, {DIM})).astype(np.float32),
                            np.ones(50, dtype=np.int64), metadata={{"subject": ["s9"] * 50}})
            print(store.remove_where(subject="s1"), new.min().item(), flush=True)
    """)
    out, err = child.communicate(timeout=60)
    assert child.returncode == 0, err
    removed, first_new = map(int, out.split())
    assert removed == 100 and first_new == 400
    _, ids = reader.search(x, 50)
    assert not forgotten & set(ids.flatten().tolist())  # nothing forgotten is returned
    assert len(reader) == 350 == len(_rows(path))
    mine = reader.add(x[:3], [0, 0, 0])  # its id counter follows the file: no clash
    assert mine.tolist() == [450, 451, 452]
    reader.close()


def test_bit_flips_in_store_rows_are_detected(tmp_path):
    path = tmp_path / "m.db"
    x = _memory(path)
    data = bytearray(path.read_bytes())
    rows = _rows(path)
    rng = np.random.default_rng(1)
    victims = [7, 123, 301, 399]
    for rid in victims[:3]:  # one seeded bit anywhere in the vector (low mantissa bits too)
        at = data.find(rows[rid][2])
        assert at > 0
        data[at + int(rng.integers(0, 4 * DIM))] ^= 1 << int(rng.integers(0, 8))
    at = data.find(b"s3", data.find(rows[399][2]))  # row 399's subject, right after its vector
    data[at + 1] ^= 0x01  # "s3" -> "s2": plausible, wrong
    path.write_bytes(bytes(data))
    with MemoryStore.open(path) as store:
        assert store.damaged_ids.tolist() == victims
        assert "7, 123, 301, 399" in store.integrity_check()
        _, ids = store.search(x, 400)
        assert not set(victims) & set(ids.flatten().tolist())


def _state(seed: int) -> dict:
    gen = torch.Generator().manual_seed(seed)
    weights = {f"block{i}.weight": torch.randn(64, 64, generator=gen) for i in range(8)}
    return {"config": {"seed": seed}, "teacher": weights, "student": dict(weights),
            "center": torch.zeros(1, 16)}


def test_kill_during_checkpoint_write_then_flipped_bits(tmp_path):
    run = tmp_path / "run"
    first = ckpt.save_checkpoint(_state(0), run, 1)
    _kill_when_inside(f"""
        import os, time, torch
        from train import checkpoint as ckpt
        real_fsync = os.fsync
        def fsync(fd):
            print("INSIDE", flush=True)  # written, not yet renamed
            time.sleep(60)
        os.fsync = fsync
        state = {{"config": {{}}, "teacher": {{"w": torch.ones(512, 512)}}}}
        ckpt.save_checkpoint(state, {str(run)!r}, 2)
        print("COMMITTED", flush=True)
    """)
    folder = ckpt.checkpoint_dir(run)
    assert [p.name for p in folder.glob(".ckpt_*.tmp")]  # the kill left a temp file
    assert ckpt.latest_checkpoint(run) == first  # never returned as a checkpoint
    assert ckpt.remove_stale_temp(run) == 1 and not list(folder.glob(".ckpt_*.tmp"))
    good = first.read_bytes()
    original = ckpt.load_checkpoint(first)
    rng = np.random.default_rng(0)
    detected = unchanged = 0
    for position in rng.integers(0, len(good), size=40):
        damaged = bytearray(good)
        damaged[position] ^= 1 << int(rng.integers(0, 8))
        first.write_bytes(bytes(damaged))
        try:
            loaded = ckpt.load_checkpoint(first)
        except ckpt.CheckpointError:
            detected += 1
            continue
        # Loaded without error: the flip hit bytes nothing reads (zip padding, names of
        # records); every value must then be exactly the original one.
        assert loaded.keys() == original.keys()
        for key in ("teacher", "student"):
            assert all(torch.equal(loaded[key][n], original[key][n]) for n in original[key])
        assert loaded["config"] == original["config"] and loaded["step"] == original["step"]
        unchanged += 1
    assert detected >= 30  # nearly all of the file is tensor data: those flips are caught
    first.write_bytes(good)
    assert ckpt.load_checkpoint(first)["step"] == 1
