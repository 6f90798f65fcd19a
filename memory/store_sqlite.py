"""The SQLite file layer of the memory store: format checks, schema, pragmas, transactions.

A file is checked before SQLite writes anything to it: a non-SQLite file (wrong magic bytes), a
SQLite database of another program (no ``memory_meta`` table) or a corrupt one raises
``MemoryStoreError`` naming the file, and the file is left byte-for-byte untouched.

Pragmas: ``secure_delete=ON`` (deleted rows are overwritten with zeros), rollback journal
(``journal_mode=DELETE``: the journal with old page images is deleted at commit),
``synchronous=FULL`` (fsync at every commit) and a busy timeout (``BUSY_TIMEOUT_S``: a writer
waits for another process's write transaction instead of failing). New files use 16 KiB pages (ten 384-d rows fit
in one page with little slack).
"""
from __future__ import annotations

import json
import sqlite3
import zlib
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import numpy as np

__all__ = ["MemoryStoreError", "MemoryRecord", "FORMAT_NAME", "FORMAT_VERSION", "WHERE_FIELDS",
           "connect", "closed_on_failure", "transaction", "set_meta", "where_clause",
           "record_from_row", "read_meta", "data_version", "read_rows", "row_checksum",
           "BUSY_TIMEOUT_S", "UNIT_TOLERANCE", "INSERT_ROW"]

FORMAT_NAME = "procvision-memory"
FORMAT_VERSION = 2  # 2: per-row checksum column (version 1 files are upgraded on open)
SQLITE_MAGIC = b"SQLite format 3\x00"
WHERE_FIELDS = ("subject", "source", "dataset")
BUSY_TIMEOUT_S = 60.0  # how long a statement waits for another connection's lock
# A stored row is a float32 unit vector; a norm further than this from 1 means the bytes were
# changed after they were written (a flipped exponent or sign bit, a foreign writer).
UNIT_TOLERANCE = 1e-3
_READ_CHUNK = 8192
_SCHEMA = [
    "CREATE TABLE memory_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE memory_records (id INTEGER PRIMARY KEY, label INTEGER NOT NULL, "
    "embedding BLOB NOT NULL, source TEXT, subject TEXT, dataset TEXT, "
    "added_at REAL NOT NULL, extras TEXT, checksum INTEGER)",
    *(f"CREATE INDEX memory_records_{c} ON memory_records({c})" for c in WHERE_FIELDS),
]


class MemoryStoreError(RuntimeError):
    """A file that is not a usable memory store: foreign, corrupt, or of another dimension."""


@dataclass(frozen=True)
class MemoryRecord:
    """One row of the memory. embedding: float32 (D,), L2-normalised as stored."""
    id: int
    label: int
    embedding: np.ndarray
    source: str | None
    subject: str | None
    dataset: str | None
    added_at: float
    extras: dict[str, Any] = field(default_factory=dict)


INSERT_ROW = "INSERT INTO memory_records VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
_ROW_COLUMNS = "id, label, embedding, source, subject, dataset, added_at, extras, checksum"


def row_checksum(rid: int, label: int, blob: bytes | memoryview, source: str | None,
                 subject: str | None, dataset: str | None, added_at: float,
                 extras: str | None) -> int:
    """crc32 of a row's values (any single flipped bit in them changes it): stored with the row
    and verified on load, so damage that keeps a vector plausible is still detected."""
    text = repr((int(rid), int(label), source, subject, dataset, float(added_at), extras))
    return zlib.crc32(text.encode(), zlib.crc32(blob))


def record_from_row(row: tuple) -> MemoryRecord:
    """A MemoryRecord from a ``SELECT * FROM memory_records`` row."""
    rid, label, blob, source, subject, dataset, added_at, extras = row[:8]
    return MemoryRecord(int(rid), int(label), np.frombuffer(blob, dtype=np.float32).copy(),
                        source, subject, dataset, float(added_at), json.loads(extras or "{}"))


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """One write transaction: committed at the end, rolled back on any exception."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def set_meta(conn: sqlite3.Connection, key: str, value: str) -> None:
    conn.execute("INSERT OR REPLACE INTO memory_meta VALUES (?, ?)", (key, value))


def read_meta(conn: sqlite3.Connection) -> dict[str, str]:
    """The ``memory_meta`` table as a dict."""
    return dict(conn.execute("SELECT key, value FROM memory_meta"))


def data_version(conn: sqlite3.Connection) -> int:
    """SQLite's ``PRAGMA data_version``: changes when ANOTHER connection commits (this
    connection's own commits leave it alone), so an unchanged value means the caches are current."""
    return int(conn.execute("PRAGMA data_version").fetchone()[0])


def read_rows(conn: sqlite3.Connection, dim: int | None, name: str
              ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Every row's id, label and vector, checked (streamed in chunks into preallocated arrays:
    peak memory ~ one copy of the vectors).

    Returns:
        ids int64 (N,) ascending, labels int64 (N,), vectors float32 (N, D) (zeros for a
        damaged row), damaged bool (N,): checksum mismatch (``row_checksum``), blob of the
        wrong size, NaN/inf, or a norm not 1 within ``UNIT_TOLERANCE`` (rows are written as
        unit vectors).
    """
    n = int(conn.execute("SELECT COUNT(*) FROM memory_records").fetchone()[0])
    ids, labels = np.empty(n, dtype=np.int64), np.empty(n, dtype=np.int64)
    vectors = np.zeros((n, dim or 0), dtype=np.float32)
    damaged = np.zeros(n, dtype=bool)
    cursor = conn.execute(f"SELECT {_ROW_COLUMNS} FROM memory_records ORDER BY id")
    done = 0
    while rows := cursor.fetchmany(_READ_CHUNK):
        stop = done + len(rows)
        if stop > n:
            raise MemoryStoreError(f"{name}: the row count changed while loading")
        chunk_ids, chunk_labels, blobs = list(zip(*rows))[:3]
        damaged[done:stop] = [row[8] is not None and row_checksum(*row[:8]) != row[8]
                              for row in rows]
        ids[done:stop], labels[done:stop] = chunk_ids, chunk_labels
        if dim is not None:
            sized = np.array([isinstance(b, bytes) and len(b) == 4 * dim for b in blobs])
            if sized.all():
                vectors[done:stop] = np.frombuffer(b"".join(blobs), np.float32).reshape(-1, dim)
            else:
                for i in np.flatnonzero(sized):
                    vectors[done + i] = np.frombuffer(blobs[i], np.float32)
            with np.errstate(over="ignore", invalid="ignore"):
                norms = np.linalg.norm(vectors[done:stop].astype(np.float64), axis=1)
            bad = ~sized | ~np.isfinite(norms) | (np.abs(norms - 1.0) > UNIT_TOLERANCE)
            bad |= damaged[done:stop]
            damaged[done:stop] = bad
            vectors[done:stop][bad] = 0.0
        done = stop
    return ids[:done], labels[:done], vectors[:done], damaged[:done]


def where_clause(fields: dict[str, str]) -> tuple[str, list[str]]:
    """SQL condition and values for metadata equality on subject / source / dataset."""
    if not fields or set(fields) - set(WHERE_FIELDS):
        raise ValueError(f"select records by one or more of {WHERE_FIELDS}, got {sorted(fields)}")
    return " AND ".join(f"{name}=?" for name in fields), [str(v) for v in fields.values()]


def _check_header(path: Path) -> None:
    """Refuse a non-empty file that is not SQLite, before SQLite touches it."""
    if path.is_dir():
        raise MemoryStoreError(f"{path} is a directory, not a memory store file")
    if path.is_file() and path.stat().st_size > 0:
        with open(path, "rb") as handle:
            head = handle.read(len(SQLITE_MAGIC))
        if head != SQLITE_MAGIC:
            raise MemoryStoreError(f"{path} is not a SQLite database (memory store files start "
                                   f"with {SQLITE_MAGIC!r}, found {head!r}); refusing to modify it")


def _prepare(conn: sqlite3.Connection, name: str, dim: int | None,
             create: bool = True) -> dict[str, str]:
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if not tables and not create:
        raise MemoryStoreError(f"{name} is empty, not a memory store (refusing to create one "
                               "here)")
    if tables and "memory_meta" not in tables:
        raise MemoryStoreError(f"{name} is a SQLite database but not a memory store "
                               f"(tables {sorted(tables)}); refusing to modify it")
    meta = dict(conn.execute("SELECT key, value FROM memory_meta")) if tables else {}
    if tables and meta.get("format") != FORMAT_NAME:
        raise MemoryStoreError(f"{name} has a memory_meta table but format "
                               f"{meta.get('format')!r}, expected {FORMAT_NAME!r}")
    if int(meta.get("version", 0)) > FORMAT_VERSION:
        raise MemoryStoreError(f"{name} has format version {meta['version']}, newer than "
                               f"this code's {FORMAT_VERSION}")
    stored_dim = int(meta["dim"]) if "dim" in meta else None
    if dim is not None and stored_dim is not None and dim != stored_dim:
        raise MemoryStoreError(f"{name} holds {stored_dim}-d embeddings, but dim={dim} was asked for")
    # Validated read-only so far; from here on the file may be written.
    conn.execute("PRAGMA secure_delete=ON")
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.execute("PRAGMA synchronous=FULL")
    if int(conn.execute("PRAGMA secure_delete").fetchone()[0]) != 1:
        raise MemoryStoreError("this SQLite build refuses PRAGMA secure_delete=ON")
    if tables and int(meta.get("version", 0)) < FORMAT_VERSION:
        _upgrade(conn)
        meta["version"] = str(FORMAT_VERSION)
    if not tables:
        conn.execute("PRAGMA page_size=16384")
        meta = {"format": FORMAT_NAME, "version": str(FORMAT_VERSION), "next_id": "0"}
        with transaction(conn):
            for statement in _SCHEMA:
                conn.execute(statement)
            conn.executemany("INSERT INTO memory_meta VALUES (?, ?)", list(meta.items()))
    if stored_dim is None and dim is not None:
        with transaction(conn):
            set_meta(conn, "dim", str(dim))
        meta["dim"] = str(dim)
    return meta


def _upgrade(conn: sqlite3.Connection) -> None:
    """Version 1 -> 2: add the checksum column and fill it from the rows as they are now."""
    with transaction(conn):
        conn.execute("ALTER TABLE memory_records ADD COLUMN checksum INTEGER")
        rows = conn.execute(f"SELECT {_ROW_COLUMNS} FROM memory_records").fetchall()
        conn.executemany("UPDATE memory_records SET checksum=? WHERE id=?",
                         [(row_checksum(*row[:8]), row[0]) for row in rows])
        set_meta(conn, "version", str(FORMAT_VERSION))


def connect(path: str | Path, dim: int | None, conn: sqlite3.Connection | None = None,
            create: bool = True) -> tuple[sqlite3.Connection, dict[str, str]]:
    """Open (or adopt ``conn`` for) a memory store at ``path``; create the schema when new.

    Args:
        path: file path or ":memory:". dim: expected dimension (None: any).
        conn: an already open connection (e.g. an in-memory copy) to validate instead.
        create: False refuses a missing, empty (0-byte) or table-less file instead of making
            a new store in it.
    Returns:
        the connection (autocommit mode; use ``transaction``) and the meta table as a dict.
    Raises:
        MemoryStoreError: foreign, corrupt or mismatching file (left untouched).
    """
    if dim is not None and dim < 1:
        raise ValueError(f"dim must be >= 1, got {dim}")
    name = str(path)
    if conn is None:
        if name != ":memory:":
            _check_header(Path(path))
            if not create and (not Path(path).is_file() or Path(path).stat().st_size == 0):
                raise MemoryStoreError(f"{name} is {'empty (0 bytes)' if Path(path).is_file() else 'missing'}"
                                       ", not a memory store (refusing to create one here)")
        try:
            conn = sqlite3.connect(name, isolation_level=None, timeout=BUSY_TIMEOUT_S)
        except sqlite3.Error as error:
            raise MemoryStoreError(f"cannot open memory store {name}: {error}") from None
    with closed_on_failure(conn, name):
        return conn, _prepare(conn, name, dim, create)


@contextmanager
def closed_on_failure(conn: sqlite3.Connection, name: str) -> Iterator[None]:
    """Close ``conn`` if the block fails; an SQLite error there becomes a MemoryStoreError
    ("not a readable memory store"), anything else propagates as it is."""
    try:
        yield
    except sqlite3.DatabaseError as error:
        conn.close()
        raise MemoryStoreError(f"{name} is not a readable memory store: {error}") from None
    except BaseException:
        conn.close()
        raise
