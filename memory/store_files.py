"""The parts of ``memory.store.MemoryStore`` answered by the SQLite file alone (no in-memory
caches): record lookups and counts, copies to other files, integrity scan, vacuum, and the
registry of files holding copies of rows (embedding caches) that ``memory.forget`` reaches."""
from __future__ import annotations

import json
import sqlite3
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, Callable

import torch

from memory.store_sqlite import (MemoryRecord, connect, read_rows, record_from_row, set_meta,
                                 where_clause)
from memory.store_validation import int_vector

__all__ = ["StoreFiles"]


class StoreFiles:
    """Mixed into ``MemoryStore`` (which provides ``_conn``, ``path``, ``_dim``, ``_sync``,
    ``_transaction``, ``_attach``, ``backend_name``, ``_device`` and ``_backend_options``)."""

    _conn: sqlite3.Connection
    path: Any

    def _sync(self) -> None:  # pragma: no cover - provided by MemoryStore
        raise NotImplementedError

    def _transaction(self) -> AbstractContextManager[None]:  # pragma: no cover - as above
        raise NotImplementedError

    def get(self, rid: int) -> MemoryRecord:
        """The record with id ``rid`` (``KeyError`` when absent)."""
        row = self._conn.execute("SELECT * FROM memory_records WHERE id=?", (int(rid),)).fetchone()
        if row is None:
            raise KeyError(f"no record with id {rid} in the memory")
        return record_from_row(row)

    def ids_where(self, **fields: str) -> torch.Tensor:
        """int64 ids of records whose metadata equals all of ``fields`` (subject/source/dataset)."""
        clause, values = where_clause(fields)
        rows = self._conn.execute(f"SELECT id FROM memory_records WHERE {clause} ORDER BY id",
                                  values).fetchall()
        return torch.tensor([r[0] for r in rows], dtype=torch.int64)

    def count_where(self, **fields: str) -> int:
        """Number of records (counted in SQLite) whose metadata equals all of ``fields``."""
        clause, values = where_clause(fields)
        return int(self._conn.execute(f"SELECT COUNT(*) FROM memory_records WHERE {clause}",
                                      values).fetchone()[0])

    def count_ids(self, ids: Any) -> int:
        """How many of ``ids`` have a row in SQLite (counted in the file, not the caches)."""
        ids = int_vector(ids, "ids", None, allow_negative=True).tolist()
        total = 0
        for start in range(0, len(ids), 500):  # stay under SQLite's bound-parameter limit
            chunk = ids[start:start + 500]
            total += int(self._conn.execute(
                f"SELECT COUNT(*) FROM memory_records WHERE id IN ({','.join('?' * len(chunk))})",
                chunk).fetchone()[0])
        return total

    @property
    def copies(self) -> list[Path]:
        """Other files the project wrote with data of these rows (embedding caches), recorded
        so that ``memory.forget`` reaches them."""
        self._sync()
        return [Path(p) for p in json.loads(self._meta_value("copies") or "[]")]

    def record_copy(self, path: str | Path) -> None:
        """Record a file that holds a copy of rows of this memory (e.g. the embedding cache
        the rows were added from); ``memory.forget`` deletes it when it forgets such a row."""
        with self._transaction():
            known = json.loads(self._meta_value("copies") or "[]")
            resolved = str(Path(path).resolve())
            if resolved not in known:
                set_meta(self._conn, "copies", json.dumps(known + [resolved]))

    def forget_copy(self, path: str | Path) -> None:
        """Drop ``path`` from the recorded copies (after deleting the file)."""
        with self._transaction():
            known = json.loads(self._meta_value("copies") or "[]")
            set_meta(self._conn, "copies", json.dumps([p for p in known
                                                       if p != str(Path(path).resolve())]))

    def _meta_value(self, key: str) -> str | None:
        row = self._conn.execute("SELECT value FROM memory_meta WHERE key=?", (key,)).fetchone()
        return None if row is None else row[0]

    def save(self, path: str | Path | None = None,
             progress: Callable[[int, int], None] | None = None, step_pages: int = 256) -> None:
        """Every change is already committed; with ``path``, also write a consistent copy there
        in one transaction (an existing target must be a memory store, and a crash mid-copy
        leaves its previous content intact). progress(remaining_pages, total_pages) is called
        after each step of ``step_pages`` pages."""
        if path is None or (self.path != ":memory:" and Path(path).resolve() == self.path.resolve()):
            return
        target, _ = connect(path, None)  # refuses a foreign file, creates a new one
        try:
            self._conn.backup(target, pages=step_pages,
                              progress=(lambda s, r, t: progress(r, t)) if progress else None)
        finally:
            target.close()

    def copy(self, backend: str | None = None, **options: Any) -> Any:
        """An independent in-memory copy of this store (records, ids, counter, class names)."""
        conn = sqlite3.connect(":memory:", isolation_level=None)
        self._conn.backup(conn)
        clone = type(self).__new__(type(self))
        clone.path, clone.backend_name = ":memory:", backend or self.backend_name
        clone._device = self._device
        clone._backend_options = options if backend else dict(self._backend_options, **options)
        clone._attach(*connect(":memory:", self._dim, conn=conn))
        return clone

    def integrity_check(self) -> str:
        """SQLite's ``PRAGMA integrity_check`` plus a scan of every stored vector ("ok" when
        the file is sound and every row holds a finite unit vector; else one line per fault)."""
        lines = [row[0] for row in self._conn.execute("PRAGMA integrity_check")]
        self._conn.execute("BEGIN")
        try:
            ids, _, _, damaged = read_rows(self._conn, self._dim, str(self.path))
        finally:
            self._conn.execute("COMMIT")
        if damaged.any():
            lines = [line for line in lines if line != "ok"] + [
                f"damaged rows (checksum mismatch, NaN/inf or not unit length): {ids[damaged].tolist()}"]
        return "\n".join(lines)

    def vacuum(self) -> None:
        """Rebuild the file without free pages (shrinks it after large removals)."""
        self._conn.execute("VACUUM")
