"""The SQLite file layer of the memory store: format checks, schema, pragmas, transactions.

A file is checked before SQLite writes anything to it: a non-SQLite file (wrong magic bytes), a
SQLite database of another program (no ``memory_meta`` table) or a corrupt one raises
``MemoryStoreError`` naming the file, and the file is left byte-for-byte untouched.

Pragmas: ``secure_delete=ON`` (deleted rows are overwritten with zeros), rollback journal
(``journal_mode=DELETE``: the journal with old page images is deleted at commit), and
``synchronous=FULL`` (fsync at every commit). New files use 16 KiB pages (ten 384-d rows fit
in one page with little slack).
"""
from __future__ import annotations

import json
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import numpy as np

__all__ = ["MemoryStoreError", "MemoryRecord", "FORMAT_NAME", "FORMAT_VERSION", "WHERE_FIELDS",
           "connect", "closed_on_failure", "transaction", "set_meta", "where_clause", "record_from_row"]

FORMAT_NAME = "procvision-memory"
FORMAT_VERSION = 1
SQLITE_MAGIC = b"SQLite format 3\x00"
WHERE_FIELDS = ("subject", "source", "dataset")
_SCHEMA = [
    "CREATE TABLE memory_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE memory_records (id INTEGER PRIMARY KEY, label INTEGER NOT NULL, "
    "embedding BLOB NOT NULL, source TEXT, subject TEXT, dataset TEXT, "
    "added_at REAL NOT NULL, extras TEXT)",
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


def record_from_row(row: tuple) -> MemoryRecord:
    """A MemoryRecord from a ``SELECT * FROM memory_records`` row."""
    rid, label, blob, source, subject, dataset, added_at, extras = row
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


def _prepare(conn: sqlite3.Connection, name: str, dim: int | None) -> dict[str, str]:
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
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


def connect(path: str | Path, dim: int | None,
            conn: sqlite3.Connection | None = None) -> tuple[sqlite3.Connection, dict[str, str]]:
    """Open (or adopt ``conn`` for) a memory store at ``path``; create the schema when new.

    Args:
        path: file path or ":memory:". dim: expected dimension (None: any).
        conn: an already open connection (e.g. an in-memory copy) to validate instead.
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
        try:
            conn = sqlite3.connect(name, isolation_level=None)
        except sqlite3.Error as error:
            raise MemoryStoreError(f"cannot open memory store {name}: {error}") from None
    with closed_on_failure(conn, name):
        return conn, _prepare(conn, name, dim)


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
