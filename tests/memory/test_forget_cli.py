"""``python -m memory.forget``: removes a selection, reports changed predictions, proves it."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from memory.classifier import KNNClassifier
from memory.forget import file_contains, main
from memory.store import MemoryStore
from memory.voting import make_vote

REPO = Path(__file__).resolve().parents[2]


def _build(tmp_path: Path) -> tuple[Path, Path, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(5)
    centres = rng.normal(size=(3, 10))
    labels = rng.integers(0, 3, 150)
    x = (centres[labels] + rng.normal(size=(150, 10))).astype(np.float32)
    subjects = ["alice" if i % 5 == 0 else f"person{i % 7}" for i in range(150)]
    db = tmp_path / "memory.db"
    store = MemoryStore(db)
    store.add(x, labels, metadata={"subject": subjects, "source": [f"cam/{i}.jpg" for i in range(150)]})
    store.close()
    queries = x[::5] + 0.05 * rng.normal(size=(30, 10)).astype(np.float32)  # near alice's rows
    np.savez(tmp_path / "queries.npz", embeddings=queries)
    return db, tmp_path / "queries.npz", x, labels


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "memory.forget", *args], cwd=REPO,
                          capture_output=True, text=True, timeout=120)


def test_forget_subject_reports_changes_and_proves_absence(tmp_path):
    db, queries_file, x, labels = _build(tmp_path)
    queries = np.load(queries_file)["embeddings"]
    before_store = MemoryStore.open(db)
    alice = before_store.ids_where(subject="alice")
    probes = [before_store.get(int(i)).embedding.tobytes() for i in alice] + [b"alice"]
    before = KNNClassifier(before_store, make_vote("softmax")).predict(queries, [5])[5].pred
    before_store.close()
    assert all(file_contains(db, probes))  # the bytes are there before: the check can fail
    out = tmp_path / "report.json"
    result = _run("--db", str(db), "--where", "subject=alice", "--queries", str(queries_file),
                  "--k", "5", "--json", str(out))
    assert result.returncode == 0, result.stderr
    report = json.loads(out.read_text())
    assert report["removed"] == len(alice) == 30 and report["remaining_selected"] == 0
    assert report["bytes_checked"] == 16 and report["bytes_found"] == 0
    assert not any(file_contains(db, probes))  # every removed row, and the subject's name
    after_store = MemoryStore.open(db)
    after = KNNClassifier(after_store, make_vote("softmax")).predict(queries, [5])[5].pred
    changed = (before != after).nonzero().flatten().tolist()
    assert [c["query"] for c in report["changed"]] == changed and report["n_changed"] > 0
    assert all(c["after"] == int(after[c["query"]]) for c in report["changed"])
    assert len(after_store) == 120 and after_store.count_where(subject="alice") == 0
    assert f"forgot 30 rows" in result.stdout


def test_forget_ids_in_process(tmp_path):
    db, _, _, _ = _build(tmp_path)
    report = main(["--db", str(db), "--ids", "3", "4", "999"])
    assert report["removed"] == 2 and report["remaining_selected"] == 0
    assert report["bytes_found"] == 0 and report["bytes_checked"] == 2
    assert 3 not in MemoryStore.open(db)


@pytest.mark.parametrize("args, message", [
    (["--where", "colour=red"], "FIELD=VALUE"),
    (["--ids", "1", "--queries", "QUERIES"], "no 'embeddings' array"),
])
def test_forget_cli_errors(tmp_path, args, message):
    db, _, _, _ = _build(tmp_path)
    np.savez(tmp_path / "bad.npz", vectors=np.ones((2, 10), dtype=np.float32))
    args = [a.replace("QUERIES", str(tmp_path / "bad.npz")) for a in args]
    result = _run("--db", str(db), *args)
    assert result.returncode == 2 and message in result.stderr
    assert len(MemoryStore.open(db)) == 150  # nothing was removed


def test_forget_cli_refuses_foreign_file(tmp_path):
    foreign = tmp_path / "x.db"
    foreign.write_bytes(b"definitely not sqlite" * 50)
    result = _run("--db", str(foreign), "--ids", "1")
    assert result.returncode == 2 and "not a SQLite database" in result.stderr
    assert foreign.read_bytes() == b"definitely not sqlite" * 50
    assert "--where" in _run("--help").stdout


def test_forget_vote_is_the_knn_clis_vote_with_its_temperature(tmp_path):
    """--vote/--temperature come from memory.cli_common (memory.knn's options): the report
    names the vote with its temperature, and its predictions are that vote's."""
    db, queries_file, _, _ = _build(tmp_path)
    queries = np.load(queries_file)["embeddings"]
    with MemoryStore.open(db) as store:
        hot = KNNClassifier(store, make_vote("softmax", T=5.0)).predict(queries, [5])[5].pred
    report = main(["--db", str(db), "--where", "subject=alice", "--queries", str(queries_file),
                   "--k", "5", "--vote", "softmax", "--temperature", "5"])
    assert report["vote"] == "SoftmaxVote(T=5.0)" and report["n_changed"] > 0
    assert [c["before"] for c in report["changed"]] == [int(hot[c["query"]])
                                                        for c in report["changed"]]
    with pytest.raises(SystemExit):
        main(["--db", str(db), "--ids", "1", "--vote", "median"])
