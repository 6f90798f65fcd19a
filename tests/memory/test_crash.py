"""kill -9 in the middle of an add or a save leaves the previous committed state intact."""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np

from memory.store import MemoryStore

REPO = Path(__file__).resolve().parents[2]


def _snapshot(path: Path) -> tuple[list, list]:
    """Every record and meta row, read with plain sqlite3 (independent of MemoryStore)."""
    with sqlite3.connect(path) as conn:
        records = conn.execute("SELECT * FROM memory_records ORDER BY id").fetchall()
        meta = conn.execute("SELECT * FROM memory_meta ORDER BY key").fetchall()
    return records, meta


def _previous_state(path: Path) -> tuple[list, list]:
    rng = np.random.default_rng(0)
    store = MemoryStore(path)
    store.add(rng.normal(size=(120, 32)).astype(np.float32), rng.integers(0, 7, 120),
              metadata={"subject": [f"s{i % 5}" for i in range(120)], "extra": list(range(120))})
    store.remove_where(subject="s3")
    store.close()
    return _snapshot(path)


def _kill_when_inside(snippet: str) -> str:
    """Run ``snippet`` in a child; SIGKILL it as soon as it prints INSIDE; return its output."""
    child = subprocess.Popen([sys.executable, "-c", textwrap.dedent(snippet)], cwd=REPO,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = child.stdout.readline()
    assert line.strip() == "INSIDE", (line, child.stderr.read())
    os.kill(child.pid, signal.SIGKILL)
    rest = child.stdout.read()
    assert child.wait(timeout=30) == -signal.SIGKILL
    assert "COMMITTED" not in rest, "the child finished before the kill: enlarge its work"
    return rest


def _assert_intact(path: Path, before: tuple[list, list]) -> None:
    assert _snapshot(path) == before  # the hot journal is rolled back on this first open
    store = MemoryStore.open(path)
    assert store.integrity_check() == "ok"
    assert len(store) == len(before[0]) == 96
    next_id = int(dict(before[1])["next_id"])
    assert store.add(np.ones((1, 32), dtype=np.float32), [0]).tolist() == [next_id]
    store.close()


def test_kill_during_add_keeps_previous_state(tmp_path):
    path = tmp_path / "m.db"
    before = _previous_state(path)
    _kill_when_inside(f"""
        import numpy as np
        from memory.store import MemoryStore
        store = MemoryStore({str(path)!r})
        x = np.random.default_rng(1).normal(size=(600_000, 32)).astype(np.float32)
        def progress(done):
            if done == 8192:
                print("INSIDE", flush=True)  # first chunk written, transaction still open
        store.add(x, np.zeros(len(x), dtype=np.int64), progress=progress)
        print("COMMITTED", flush=True)
    """)
    assert Path(f"{path}-journal").exists()  # killed mid-transaction: a hot journal remains
    _assert_intact(path, before)


def test_kill_during_save_keeps_previous_file(tmp_path):
    path = tmp_path / "m.db"
    before = _previous_state(path)
    _kill_when_inside(f"""
        import numpy as np
        from memory.store import MemoryStore
        store = MemoryStore(":memory:")
        x = np.random.default_rng(2).normal(size=(100_000, 32)).astype(np.float32)
        store.add(x, np.zeros(len(x), dtype=np.int64))
        def progress(remaining, total):
            if not hasattr(progress, "told"):
                progress.told = True
                print("INSIDE", flush=True)
        store.save({str(path)!r}, progress=progress, step_pages=4)
        print("COMMITTED", flush=True)
    """)
    _assert_intact(path, before)
