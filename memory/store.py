"""The visual memory's store of record: labelled unit embeddings with metadata, in SQLite.

One SQLite file (or ":memory:") holds every record: int64 id, int64 label, the L2-normalised
float32 embedding as a BLOB, and metadata (source file, subject / consent group, dataset,
added_at timestamp, free-form JSON extras). A search backend (``memory.search``) mirrors the
vectors in memory and is rebuilt from SQLite on open; SQLite stays the truth.

Durability: every ``add``/``remove`` is one transaction (rollback journal, synchronous=FULL),
validated completely before anything is written, so a rejected or killed add leaves the
previous committed state exactly intact. ``secure_delete=ON`` overwrites deleted rows with
zeros inside the file, and the rollback journal holding their old pages is deleted at commit,
so forgotten rows leave no bytes behind in the database file.

Conventions: ids are >= 0 (-1 is padding); auto-assigned ids increase monotonically and are
never reused (the counter is persisted). Searching an empty memory is not an error: every
result is padding (similarity -inf, id -1).
"""
from __future__ import annotations

import json
import sqlite3
import time
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, Callable, Iterator

import numpy as np
import torch

from memory.search import BACKENDS, PAD_ID, SearchBackend, make_backend, member_of, padding
from memory.store_sqlite import (FORMAT_NAME, WHERE_FIELDS, MemoryRecord, MemoryStoreError, closed_on_failure,
                                 connect, record_from_row, set_meta, transaction, where_clause)
from memory.store_validation import check_k, int_vector, metadata_rows, unit_rows

__all__ = ["MemoryStore", "MemoryRecord", "MemoryStoreError", "FORMAT_NAME", "WHERE_FIELDS"]

_INSERT_CHUNK = 8192


class MemoryStore:
    """Labelled embeddings with metadata, searchable by cosine similarity (faiss-like API).

    Args:
        path: SQLite file (created when missing or empty) or ":memory:". An existing file must
            be a memory store: foreign or corrupt files raise ``MemoryStoreError`` and are never
            modified.
        dim: embedding dimension; None takes it from the file or from the first ``add``.
        backend: search backend name (``memory.search.BACKENDS``).
        device: where the torch backend keeps vectors and searches ("cpu", "cuda", ...).
        **backend_options: passed to the backend (e.g. max_bytes, nprobe, exact_search).
    """

    def __init__(self, path: str | Path = ":memory:", dim: int | None = None,
                 backend: str = "torch", device: str | torch.device = "cpu",
                 **backend_options: Any) -> None:
        self.path = path if path == ":memory:" else Path(path)
        self.backend_name, self._device = backend, torch.device(device)
        self._backend_options = backend_options
        make_backend(backend, 1, device=device, **backend_options)  # fail early on bad options
        self._attach(*connect(self.path, dim))

    # ------------------------------------------------------------------ opening
    @classmethod
    def open(cls, path: str | Path, backend: str = "torch", **options: Any) -> "MemoryStore":
        """Open an existing memory store file (``FileNotFoundError`` when missing)."""
        if not Path(path).is_file():
            raise FileNotFoundError(f"no memory store at {path}")
        return cls(path, backend=backend, **options)

    @classmethod
    def from_features(cls, features: Any, path: str | Path = ":memory:", backend: str = "torch",
                      subject: str | None = None, progress: Callable[[int], None] | None = None,
                      **options: Any) -> "MemoryStore":
        """A store holding ``features`` (``memory.features.Features``): one row per sample,
        source = its source id, dataset = its dataset, class names kept in the store.
        The target must be new or empty."""
        embeddings = features.embeddings
        store = cls(path, dim=int(embeddings.shape[1]), backend=backend, **options)
        if len(store):
            store.close()
            raise ValueError(f"from_features needs a new or empty store; {path} already holds "
                             f"{len(store)} records")
        n = len(features.labels)
        try:  # the caller never gets the store on a failure here: close it
            # id = row index, so a picture can find a neighbour's image in ``features``
            store.add(embeddings, features.labels, ids=torch.arange(n), progress=progress, metadata={
                "source": list(features.sources), "dataset": [getattr(features, "dataset", None)] * n,
                "subject": [subject] * n})
            store.class_names = list(features.class_names)
        except BaseException:
            store.close()
            raise
        return store

    def _attach(self, conn: sqlite3.Connection, meta: dict[str, str]) -> None:
        """Adopt a validated connection: read the meta table, load the caches."""
        self._conn = conn
        self._dim = int(meta["dim"]) if "dim" in meta else None
        self._next_id = int(meta["next_id"])
        self._class_names = json.loads(meta["class_names"]) if "class_names" in meta else None
        with closed_on_failure(conn, str(self.path)):
            self._load()

    def _load(self) -> None:
        """Read ids, labels and vectors from SQLite into the caches and a fresh backend
        (streamed in chunks into one preallocated array: peak memory ~ one copy)."""
        self._backend: SearchBackend | None = None
        n = int(self._conn.execute("SELECT COUNT(*) FROM memory_records").fetchone()[0])
        ids, labels = np.empty(n, dtype=np.int64), np.empty(n, dtype=np.int64)
        vectors = np.empty((n, self._dim or 0), dtype=np.float32)
        cursor = self._conn.execute("SELECT id, label, embedding FROM memory_records ORDER BY id")
        done = 0
        while rows := cursor.fetchmany(_INSERT_CHUNK):
            if done + len(rows) > n:
                raise MemoryStoreError(f"{self.path}: the row count changed while loading")
            chunk_ids, chunk_labels, blobs = zip(*rows)
            ids[done:done + len(rows)], labels[done:done + len(rows)] = chunk_ids, chunk_labels
            if self._dim is not None:
                if any(len(blob) != 4 * self._dim for blob in blobs):
                    raise MemoryStoreError(f"{self.path}: an embedding blob is not "
                                           f"{4 * self._dim} bytes ({self._dim} float32): "
                                           "the file is corrupt")
                vectors[done:done + len(rows)] = np.frombuffer(
                    b"".join(blobs), dtype=np.float32).reshape(len(rows), self._dim)
            done += len(rows)
        self._ids, self._labels = torch.from_numpy(ids), torch.from_numpy(labels)  # ascending
        if self._dim is None:
            return
        self._backend = make_backend(self.backend_name, self._dim, device=self._device,
                                     **self._backend_options)
        if n:
            self._backend.add(torch.from_numpy(vectors), self._ids)

    def _transaction(self) -> AbstractContextManager[None]:
        return transaction(self._conn)

    # ------------------------------------------------------------------ properties
    @property
    def dim(self) -> int | None:
        """Embedding dimension (None until the first add of a new store)."""
        return self._dim

    @property
    def device(self) -> torch.device:
        """Where search results are returned (the torch backend's device; CPU for faiss)."""
        return self._backend.device if self._backend is not None else torch.device("cpu")

    @property
    def exact(self) -> bool:
        """Whether searches return the exact neighbours (exact backend or exact setting)."""
        exact_setting = bool(self._backend_options.get("exact_search", False))
        return BACKENDS[self.backend_name].exact or exact_setting

    @property
    def ids(self) -> torch.Tensor:
        """int64 (N,) ids of all records, ascending."""
        return self._ids.clone()

    @property
    def classes(self) -> torch.Tensor:
        """int64 (C,) distinct labels present in the memory, ascending (never from queries)."""
        return torch.unique(self._labels)

    def class_counts(self) -> dict[int, int]:
        """Records per label."""
        classes, counts = torch.unique(self._labels, return_counts=True)
        return dict(zip(classes.tolist(), counts.tolist()))

    @property
    def class_names(self) -> list[str] | None:
        """Names of labels 0..C-1 when known (kept in the file)."""
        return self._class_names

    @class_names.setter
    def class_names(self, names: list[str] | None) -> None:
        with self._transaction():
            if names is None:
                self._conn.execute("DELETE FROM memory_meta WHERE key='class_names'")
            else:
                set_meta(self._conn, "class_names", json.dumps([str(n) for n in names]))
        self._class_names = None if names is None else [str(n) for n in names]

    def __len__(self) -> int:
        return len(self._ids)

    def __contains__(self, rid: int) -> bool:
        pos = int(torch.searchsorted(self._ids, torch.tensor(int(rid))))
        return pos < len(self._ids) and int(self._ids[pos]) == int(rid)

    def __iter__(self) -> Iterator[MemoryRecord]:
        """Records in id order (streamed from SQLite)."""
        cursor = self._conn.execute("SELECT * FROM memory_records ORDER BY id")
        while rows := cursor.fetchmany(1024):
            yield from (record_from_row(row) for row in rows)

    def __repr__(self) -> str:
        return (f"MemoryStore({str(self.path)!r}, n={len(self)}, dim={self._dim}, "
                f"backend={self.backend_name!r})")

    def __enter__(self) -> "MemoryStore":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # ------------------------------------------------------------------ records
    def get(self, rid: int) -> MemoryRecord:
        """The record with id ``rid`` (``KeyError`` when absent)."""
        row = self._conn.execute("SELECT * FROM memory_records WHERE id=?", (int(rid),)).fetchone()
        if row is None:
            raise KeyError(f"no record with id {rid} in the memory")
        return record_from_row(row)

    def labels_of(self, ids: torch.Tensor) -> torch.Tensor:
        """Labels of ``ids`` (any shape, int64; -1 padding maps to label -1), same device."""
        ids = torch.as_tensor(ids)
        flat = ids.to("cpu", torch.int64).reshape(-1)
        wanted = flat[flat != PAD_ID]
        found = torch.zeros(len(wanted), dtype=torch.bool)
        if len(self._ids):
            pos = torch.searchsorted(self._ids, wanted).clamp(max=len(self._ids) - 1)
            found = self._ids[pos] == wanted
        if not found.all():
            raise KeyError(f"ids not in the memory: {wanted[~found][:10].tolist()}")
        labels = torch.full_like(flat, PAD_ID)
        if len(wanted):
            labels[flat != PAD_ID] = self._labels[pos]
        return labels.reshape(ids.shape).to(ids.device)

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

    # ------------------------------------------------------------------ writing
    def add(self, embeddings: Any, labels: Any, ids: Any = None, metadata: Any = None,
            progress: Callable[[int], None] | None = None) -> torch.Tensor:
        """Insert rows in one transaction; nothing is written unless all rows are valid.

        Args:
            embeddings: float (N, D) numpy/torch; stored L2-normalised as float32.
            labels: int (N,) >= 0. ids: int (N,) >= 0, unique and new; None auto-assigns.
            metadata: list of N dicts or dict of N-long lists; keys source, subject, dataset,
                added_at (epoch seconds, default now); other keys go to the JSON extras.
            progress: called with the number of rows written so far, inside the transaction.
        Returns:
            int64 (N,) ids of the new rows.
        """
        vectors = unit_rows(embeddings, "embeddings", self._dim).cpu()
        n = len(vectors)
        labels = int_vector(labels, "labels", n)
        new_ids = self._new_ids(ids, n)
        rows = metadata_rows(metadata, n, default_time=time.time())
        if n == 0:
            return new_ids
        dim = vectors.shape[1]
        blob, row_bytes = memoryview(vectors.numpy()).cast("B"), 4 * dim  # slices copy nothing
        next_id = max(self._next_id, int(new_ids.max()) + 1)
        id_list, label_list = new_ids.tolist(), labels.tolist()  # python ints: fast to bind
        with self._transaction():
            if self._dim is None:
                set_meta(self._conn, "dim", str(dim))
            set_meta(self._conn, "next_id", str(next_id))
            for start in range(0, n, _INSERT_CHUNK):
                stop = min(start + _INSERT_CHUNK, n)
                self._conn.executemany(
                    "INSERT INTO memory_records VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    ((id_list[i], label_list[i], blob[i * row_bytes:(i + 1) * row_bytes],
                      *rows[i]) for i in range(start, stop)))
                if progress is not None:
                    progress(stop)
        # Committed: now mirror in memory (the backend is a cache of SQLite).
        if self._backend is None:
            self._dim = dim
            self._backend = make_backend(self.backend_name, dim, device=self._device,
                                         **self._backend_options)
        self._next_id = next_id
        self._backend.add(vectors, new_ids)
        ids_all, labels_all = torch.cat([self._ids, new_ids]), torch.cat([self._labels, labels])
        if len(self._ids) and int(new_ids.min()) < int(self._ids[-1]) or not _ascending(new_ids):
            order = torch.argsort(ids_all, stable=True)
            ids_all, labels_all = ids_all[order], labels_all[order]
        self._ids, self._labels = ids_all, labels_all
        return new_ids

    def _new_ids(self, ids: Any, n: int) -> torch.Tensor:
        if ids is None:
            return torch.arange(self._next_id, self._next_id + n, dtype=torch.int64)
        ids = int_vector(ids, "ids", n)
        unique, counts = torch.unique(ids, return_counts=True)
        if (counts > 1).any():
            raise ValueError(f"duplicate ids within the batch: {unique[counts > 1][:10].tolist()}")
        clash = ids[member_of(ids, self._ids)]
        if len(clash):
            raise ValueError(f"ids already in the memory: {clash[:10].tolist()}")
        return ids

    def remove(self, ids: Any) -> int:
        """Delete the records with these ids (absent ids are ignored); returns how many."""
        ids = int_vector(ids, "ids", None, allow_negative=True)
        present = torch.unique(ids[member_of(ids, self._ids)])
        if len(present) == 0:
            return 0
        with self._transaction():
            for start in range(0, len(present), _INSERT_CHUNK):
                self._conn.executemany("DELETE FROM memory_records WHERE id=?",
                                       ((int(i),) for i in present[start:start + _INSERT_CHUNK]))
        keep = ~member_of(self._ids, present)
        self._ids, self._labels = self._ids[keep], self._labels[keep]
        self._backend.remove(present)
        return len(present)

    def remove_where(self, **fields: str) -> int:
        """Delete every record whose metadata equals all of ``fields``; returns how many."""
        return self.remove(self.ids_where(**fields))

    # ------------------------------------------------------------------ search
    def search(self, queries: Any, k: int) -> tuple[torch.Tensor, torch.Tensor]:
        """Cosine-similarity top-k (queries are L2-normalised here).

        Args:
            queries: float (M, D) numpy/torch. k: >= 1 (may exceed the memory's size).
        Returns:
            sims float32 (M, k) and ids int64 (M, k) on ``self.device``, sorted by similarity
            descending then id ascending, padded with (-inf, -1); an empty memory gives padding.
        """
        k = check_k(k)
        queries = unit_rows(queries, "queries", self._dim)
        if self._backend is None:
            return padding(len(queries), k, self.device)
        return self._backend.search(queries, k)

    def rebuild_index(self) -> None:
        """Rebuild the search backend from SQLite (e.g. to retrain an IVF after growth)."""
        self._load()

    # ------------------------------------------------------------------ persistence
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

    def copy(self, backend: str | None = None, **options: Any) -> "MemoryStore":
        """An independent in-memory copy of this store (records, ids, counter, class names)."""
        conn = sqlite3.connect(":memory:", isolation_level=None)
        self._conn.backup(conn)
        clone = MemoryStore.__new__(MemoryStore)
        clone.path, clone.backend_name = ":memory:", backend or self.backend_name
        clone._device = self._device
        clone._backend_options = options if backend else dict(self._backend_options, **options)
        clone._attach(*connect(":memory:", self._dim, conn=conn))
        return clone

    def integrity_check(self) -> str:
        """SQLite's ``PRAGMA integrity_check`` ("ok" when the file is sound)."""
        return "\n".join(row[0] for row in self._conn.execute("PRAGMA integrity_check"))

    def vacuum(self) -> None:
        """Rebuild the file without free pages (shrinks it after large removals)."""
        self._conn.execute("VACUUM")

    def close(self) -> None:
        """Close the SQLite connection; the store is unusable afterwards."""
        self._conn.close()
        self._backend = None


def _ascending(ids: torch.Tensor) -> bool:
    return bool((ids[1:] > ids[:-1]).all())
