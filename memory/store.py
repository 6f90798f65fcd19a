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

Several processes: every read (search, labels_of, len, ids, remove, ...) first compares SQLite's
``PRAGMA data_version`` with the one its caches were loaded at and reloads them when another
connection has committed, so a forgotten row is never returned by any open store. Several
writers are supported: each add/remove runs in ``BEGIN IMMEDIATE`` (waiting up to
``BUSY_TIMEOUT_S`` for another writer), refreshes its caches inside that lock, and allocates
ids from the counter in the file. Rows whose stored vector is damaged (NaN/inf, not unit) are
reported (``damaged_ids``, ``integrity_check``) and never enter the search index.

Conventions: ids are >= 0 (-1 is padding); auto-assigned ids increase monotonically and are
never reused (the counter is persisted). Searching an empty memory is not an error: every
result is padding (similarity -inf, id -1).
"""
from __future__ import annotations

import json
import logging
import sqlite3
import time
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, Callable, Iterator

import torch

from memory.search import BACKENDS, PAD_ID, SearchBackend, make_backend, member_of, padding
from memory.store_files import StoreFiles
from memory.store_sqlite import (FORMAT_NAME, INSERT_ROW, WHERE_FIELDS, MemoryRecord,
                                 MemoryStoreError, closed_on_failure, connect, data_version,
                                 read_meta, read_rows, record_from_row, row_checksum, set_meta,
                                 transaction)
from memory.store_validation import check_k, int_vector, metadata_rows, unit_rows

__all__ = ["MemoryStore", "MemoryRecord", "MemoryStoreError", "FORMAT_NAME", "WHERE_FIELDS"]

_INSERT_CHUNK = 8192
logger = logging.getLogger(__name__)


class MemoryStore(StoreFiles):
    """Labelled embeddings with metadata, searchable by cosine similarity (faiss-like API).

    Args:
        path: SQLite file (created when missing or empty) or ":memory:". An existing file must
            be a memory store: foreign or corrupt files raise ``MemoryStoreError`` and are never
            modified.
        dim: embedding dimension; None takes it from the file or from the first ``add``.
        backend: search backend name (``memory.search.BACKENDS``).
        device: where the torch backend keeps vectors and searches ("cpu", "cuda", ...).
        create: False refuses a missing or empty file instead of making a new store there.
        **backend_options: passed to the backend (e.g. max_bytes, nprobe, exact_search).
    """

    def __init__(self, path: str | Path = ":memory:", dim: int | None = None,
                 backend: str = "torch", device: str | torch.device = "cpu",
                 create: bool = True, **backend_options: Any) -> None:
        self.path = path if path == ":memory:" else Path(path)
        self.backend_name, self._device = backend, torch.device(device)
        self._backend_options = backend_options
        make_backend(backend, 1, device=device, **backend_options)  # fail early on bad options
        self._attach(*connect(self.path, dim, create=create))

    # ------------------------------------------------------------------ opening
    @classmethod
    def open(cls, path: str | Path, backend: str = "torch", **options: Any) -> "MemoryStore":
        """Open an existing memory store file (``FileNotFoundError`` when missing,
        ``MemoryStoreError`` for an empty file: never creates a store)."""
        if not Path(path).is_file():
            raise FileNotFoundError(f"no memory store at {path}")
        return cls(path, backend=backend, create=False, **options)

    @classmethod
    def from_features(cls, features: Any, path: str | Path = ":memory:", backend: str = "torch",
                      subject: str | None = None, progress: Callable[[int], None] | None = None,
                      **options: Any) -> "MemoryStore":
        """A store holding ``features`` (``memory.features.Features``): one row per sample,
        source = its source id, dataset = its dataset, class names kept in the store.
        The target must be new or empty."""
        embeddings = features.embeddings
        store = cls(path, dim=int(embeddings.shape[1]), backend=backend, **options)
        if held := len(store):
            store.close()
            raise ValueError(f"from_features needs a new or empty store; {path} already holds "
                             f"{held} records")
        n = len(features.labels)
        try:  # the caller never gets the store on a failure here: close it
            # id = row index, so a picture can find a neighbour's image in ``features``
            store.add(embeddings, features.labels, ids=torch.arange(n), progress=progress, metadata={
                "source": list(features.sources), "dataset": [getattr(features, "dataset", None)] * n,
                "subject": [subject] * n})
            store.class_names = list(features.class_names)
            if getattr(features, "cache_file", None) is not None:
                store.record_copy(features.cache_file)  # a copy of these rows: forget reaches it
        except BaseException:
            store.close()
            raise
        return store

    def _attach(self, conn: sqlite3.Connection, meta: dict[str, str]) -> None:
        """Adopt a validated connection: read the meta table, load the caches."""
        self._conn = conn
        with closed_on_failure(conn, str(self.path)):
            self._load()  # reads meta inside its snapshot (``meta`` may be older)

    def _load(self) -> None:
        """Read meta, ids, labels and vectors from SQLite into the caches and a fresh backend,
        as one consistent snapshot (inside the caller's transaction, or a read transaction)."""
        own = not self._conn.in_transaction
        if own:
            self._conn.execute("BEGIN")  # a snapshot: no other commit lands between the reads
        try:
            self._version = data_version(self._conn)
            meta = read_meta(self._conn)
            self._dim = int(meta["dim"]) if "dim" in meta else None
            self._next_id = int(meta["next_id"])
            self._class_names = json.loads(meta["class_names"]) if "class_names" in meta else None
            ids, labels, vectors, damaged = read_rows(self._conn, self._dim, str(self.path))
        finally:
            if own:
                self._conn.execute("COMMIT")
        self._backend: SearchBackend | None = None
        self._ids, self._labels = torch.from_numpy(ids), torch.from_numpy(labels)  # ascending
        self._damaged = torch.from_numpy(ids[damaged])
        if len(self._damaged):
            logger.warning("%s: %d rows are damaged (checksum mismatch, NaN/inf or not unit length) and "
                           "are left out of every search: ids %s", self.path, len(self._damaged),
                           self._damaged[:20].tolist())
        if self._dim is None:
            return
        self._backend = make_backend(self.backend_name, self._dim, device=self._device,
                                     **self._backend_options)
        good = ~damaged
        if good.any():
            self._backend.add(torch.from_numpy(vectors[good] if not good.all() else vectors),
                              self._ids[torch.from_numpy(good)])

    def _sync(self) -> None:
        """Reload the caches when another connection committed since they were loaded (one
        ``PRAGMA data_version`` query, a few microseconds, when nothing changed)."""
        if data_version(self._conn) != self._version:
            self._load()

    def _transaction(self) -> AbstractContextManager[None]:
        return transaction(self._conn)

    # ------------------------------------------------------------------ properties
    @property
    def dim(self) -> int | None:
        """Embedding dimension (None until the first add of a new store)."""
        self._sync()
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
        self._sync()
        return self._ids.clone()

    @property
    def damaged_ids(self) -> torch.Tensor:
        """int64 ids of rows whose stored embedding is damaged (never returned by search)."""
        self._sync()
        return self._damaged.clone()

    @property
    def classes(self) -> torch.Tensor:
        """int64 (C,) distinct labels present in the memory, ascending (never from queries)."""
        self._sync()
        return torch.unique(self._labels)

    def class_counts(self) -> dict[int, int]:
        """Records per label."""
        self._sync()
        classes, counts = torch.unique(self._labels, return_counts=True)
        return dict(zip(classes.tolist(), counts.tolist()))

    @property
    def class_names(self) -> list[str] | None:
        """Names of labels 0..C-1 when known (kept in the file)."""
        self._sync()
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
        self._sync()
        return len(self._ids)

    def __contains__(self, rid: int) -> bool:
        self._sync()
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
    def labels_of(self, ids: torch.Tensor) -> torch.Tensor:
        """Labels of ``ids`` (any shape, int64; -1 padding maps to label -1), same device."""
        self._sync()
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
        self._sync()
        vectors = unit_rows(embeddings, "embeddings", self._dim).cpu()
        n = len(vectors)
        labels = int_vector(labels, "labels", n)
        if ids is not None:
            ids = int_vector(ids, "ids", n)
        rows = metadata_rows(metadata, n, default_time=time.time())
        if n == 0:
            return torch.empty(0, dtype=torch.int64)
        dim = vectors.shape[1]
        blob, row_bytes = memoryview(vectors.numpy()).cast("B"), 4 * dim  # slices copy nothing
        label_list = labels.tolist()  # python ints: fast to bind
        with self._transaction():
            # Inside the write lock: another process may have added rows, moved the id counter
            # or fixed the dimension since our caches were loaded.
            self._sync()
            if self._dim is not None and dim != self._dim:
                raise ValueError(f"embeddings have dimension {dim}, but the memory's dimension "
                                 f"is {self._dim} (expected {self._dim}, got {dim})")
            new_ids = self._new_ids(ids, n)
            next_id = max(self._next_id, int(new_ids.max()) + 1)
            id_list = new_ids.tolist()
            if self._dim is None:
                set_meta(self._conn, "dim", str(dim))
            set_meta(self._conn, "next_id", str(next_id))
            for start in range(0, n, _INSERT_CHUNK):
                stop = min(start + _INSERT_CHUNK, n)
                self._conn.executemany(INSERT_ROW, (
                    (*values, row_checksum(*values)) for values in
                    ((id_list[i], label_list[i], blob[i * row_bytes:(i + 1) * row_bytes],
                      *rows[i]) for i in range(start, stop))))
                if progress is not None:
                    progress(stop)
        # Committed: now mirror in memory (the backend is a cache of SQLite; our own commit
        # leaves data_version alone, so the caches stay current).
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
        with self._transaction():
            self._sync()  # inside the write lock: count against the file's current rows
            present = torch.unique(ids[member_of(ids, self._ids)])
            for start in range(0, len(present), _INSERT_CHUNK):
                self._conn.executemany("DELETE FROM memory_records WHERE id=?",
                                       ((int(i),) for i in present[start:start + _INSERT_CHUNK]))
        if len(present) == 0:
            return 0
        keep = ~member_of(self._ids, present)
        self._ids, self._labels = self._ids[keep], self._labels[keep]
        indexed = present[~member_of(present, self._damaged)]  # damaged rows were never indexed
        self._damaged = self._damaged[~member_of(self._damaged, present)]
        if len(indexed):
            self._backend.remove(indexed)
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
        self._sync()
        queries = unit_rows(queries, "queries", self._dim)
        if self._backend is None:
            return padding(len(queries), k, self.device)
        return self._backend.search(queries, k)

    def rebuild_index(self) -> None:
        """Rebuild the search backend from SQLite (e.g. to retrain an IVF after growth)."""
        self._load()

    # ------------------------------------------------------------------ files
    def close(self) -> None:
        """Close the SQLite connection; the store is unusable afterwards."""
        self._conn.close()
        self._backend = None


def _ascending(ids: torch.Tensor) -> bool:
    return bool((ids[1:] > ids[:-1]).all())
