"""``memory.forget`` reaches every copy the project wrote (embedding caches), says when nothing
matched, and never turns an empty file into a store."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import torch

from memory import forget as forget_module
from memory.forget import file_contains
from memory.forget import main as forget_main
from memory.knn import main as knn_main
from memory.store import MemoryStore

REPO = Path(__file__).resolve().parents[2]


def _forget(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "memory.forget", *args], cwd=REPO,
                          capture_output=True, text=True, timeout=120)


def test_forget_deletes_caches_holding_forgotten_rows(tmp_path, digit_imagefolder):
    cache, db = tmp_path / "cache", tmp_path / "m.db"
    assert knn_main(["--backbone", "pixels", "--dataset", f"imagefolder:{digit_imagefolder}",
                     "--k", "1", "--cache-dir", str(cache), "--db", str(db)]) == 0
    with MemoryStore.open(db) as store:
        victim = store.get(5).source
    [train_cache] = [p.resolve() for p in cache.glob("features-train-*.pt")]
    saved = torch.load(train_cache, weights_only=True)
    row = saved["sources"].index(victim)
    probe = saved["embeddings"][row].numpy().tobytes()
    assert file_contains(train_cache, [probe, victim.encode()]) == [True, True]  # can fail
    report = forget_main(["--db", str(db), "--where", f"source={victim}"])
    leftovers = [p for p in tmp_path.rglob("*") if p.is_file() and p != db]
    assert not any(any(file_contains(p, [probe, victim.encode()])) for p in leftovers)
    assert report["removed"] == 1 and report["caches_deleted"] == [str(train_cache)]
    assert report["bytes_found"] == 0 and report["bytes_checked"] == 2  # db row + cache row
    with MemoryStore.open(db) as store:
        assert store.copies == []
    # A rerun recomputes the cache and records it again.
    assert knn_main(["--backbone", "pixels", "--dataset", f"imagefolder:{digit_imagefolder}",
                     "--k", "1", "--cache-dir", str(cache), "--db", str(tmp_path / "n.db")]) == 0
    assert train_cache.is_file()


def test_forget_nothing_matched_says_so(tmp_path):
    db = tmp_path / "m.db"
    with MemoryStore(db) as store:
        store.add(torch.eye(4), [0, 1, 2, 3], metadata={"subject": ["a", "b", "c", "d"]})
    result = _forget("--db", str(db), "--where", "subject=nobody")
    assert result.returncode == 3 and "nothing matched" in result.stderr
    assert forget_module.EXIT_NOTHING_MATCHED == 3  # the documented status
    assert _forget("--db", str(db), "--where", "subject=a").returncode == 0


def test_forget_refuses_an_empty_db_file(tmp_path):
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    result = _forget("--db", str(empty), "--where", "subject=a")
    assert result.returncode == 2 and "empty" in result.stderr
    assert empty.stat().st_size == 0


def test_forget_refuses_a_directory_as_json_before_deleting(tmp_path):
    db = tmp_path / "m.db"
    with MemoryStore(db) as store:
        store.add(torch.eye(4), [0, 1, 2, 3], metadata={"subject": ["a", "b", "c", "d"]})
    result = _forget("--db", str(db), "--where", "subject=a", "--json", str(tmp_path))
    assert result.returncode == 2 and "--json" in result.stderr
    with MemoryStore.open(db) as store:
        assert store.count_where(subject="a") == 1  # nothing was forgotten
