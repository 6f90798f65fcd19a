"""Forget records of a memory store and prove it: ``python -m memory.forget``.

Deletes rows by id or by metadata (subject / source / dataset), reports how many were removed,
which predictions of an optional query set changed (before vs after), and proves nothing
remains: the selection's row count in SQLite is 0, and the removed rows' embedding bytes no
longer occur in any file the project wrote for this memory: the database file (SQLite's
secure_delete zeroes them), its journal, and the embedding caches the store recorded
(``MemoryStore.copies``): every recorded cache holding a forgotten source is deleted.

Exit status: 0 forgotten and proven; 1 data of the selection remains (forgetting failed);
2 bad input (missing or non-store ``--db``, bad options); 3 nothing matched the selection.

Exact forgetting needs no retraining: the perception model never saw these rows.
"""
from __future__ import annotations

import argparse
import json
import logging
import mmap
import sys
from pathlib import Path
from typing import Any

import numpy as np
import torch

from memory.classifier import KNNClassifier
from memory.cli_common import add_vote_options, output_path_problem, vote_from_args
from memory.store import WHERE_FIELDS, MemoryStore, MemoryStoreError
from memory.voting import Vote, as_vote

logger = logging.getLogger(__name__)

__all__ = ["file_contains", "forget", "main", "EXIT_NOTHING_MATCHED"]

EXIT_NOTHING_MATCHED = 3


def file_contains(path: str | Path, patterns: list[bytes]) -> list[bool]:
    """Whether each byte pattern occurs in the file ``path`` (and its ``-journal``/``-wal``
    companions when present); scans with mmap, one pass per pattern."""
    files = [Path(path)] + [Path(f"{path}{s}") for s in ("-journal", "-wal") if
                            Path(f"{path}{s}").is_file()]
    found = [False] * len(patterns)
    for file in files:
        if file.stat().st_size == 0:
            continue
        with open(file, "rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
            for i, pattern in enumerate(patterns):
                found[i] = found[i] or data.find(pattern) != -1
    return found


def _forget_in_copies(store: MemoryStore, sources: set[str],
                      check_bytes: int) -> tuple[list[str], list[bytes]]:
    """Delete every recorded cache of ``store`` that holds one of ``sources``.

    Returns:
        the deleted files, and the cached embedding bytes of up to ``check_bytes`` forgotten
        rows per file (to prove afterwards that they are gone from every file)."""
    deleted, probes = [], []
    for path in store.copies:
        if not path.is_file():
            continue
        try:
            saved = torch.load(path, map_location="cpu", weights_only=True)
            hit = [i for i, source in enumerate(saved["sources"]) if source in sources]
        except Exception as error:  # unreadable: it may still hold the data, so delete it
            logger.warning("deleting unreadable embedding cache %s: %s", path, error)
            hit = [-1]
        if not hit:
            continue
        probes += [saved["embeddings"][i].numpy().tobytes() for i in hit[:check_bytes] if i >= 0]
        path.unlink()
        store.forget_copy(path)
        deleted.append(str(path))
    return deleted, probes


def _predict(store: MemoryStore, queries: np.ndarray, k: int, vote: Vote) -> torch.Tensor:
    if len(store) == 0:  # nothing left to vote: every prediction is "none" (-1)
        return torch.full((len(queries),), -1, dtype=torch.int64)
    return KNNClassifier(store, vote).predict(
        queries, [k], return_scores=False)[k].pred.cpu()


def forget(store: MemoryStore, ids: list[int] | None = None, where: dict[str, str] | None = None,
           queries: np.ndarray | None = None, k: int = 20, vote: str | Vote = "softmax",
           check_bytes: int = 16) -> dict[str, Any]:
    """Remove a selection from ``store`` and return the evidence.

    Args:
        ids: record ids to remove, or ``where``: metadata fields that must all match.
        queries: float (M, D) embeddings whose predictions are compared before/after.
        k, vote: the classifier used for that comparison (vote: a Vote or a name for
            ``memory.voting.make_vote``).
        check_bytes: how many removed rows' embedding bytes to look for in the file afterwards.
    Returns:
        dict with removed, remaining_selected (0 when forgotten), changed predictions and the
        byte scan result.
    """
    if (ids is None) == (where is None):
        raise ValueError("select what to forget with exactly one of ids or where")
    selected = store.ids_where(**where) if where is not None else torch.tensor(
        [i for i in ids if i in store], dtype=torch.int64)
    # Keep the exact stored bytes of a few rows so the file can be searched for them after.
    probes = [store.get(int(i)).embedding.tobytes() for i in selected[:check_bytes]]
    sources = {store.get(int(i)).source for i in selected} - {None}
    vote = as_vote(vote)
    before = _predict(store, queries, k, vote) if queries is not None else None
    removed = store.remove(selected)
    deleted, cache_probes = _forget_in_copies(store, sources, check_bytes) if sources else ([], [])
    remaining = store.count_where(**where) if where is not None else store.count_ids(ids)
    report: dict[str, Any] = {
        "db": str(store.path), "selection": where if where is not None else {"ids": list(ids)},
        "removed": removed, "remaining_selected": remaining, "memory_size_after": len(store)}
    report["caches_deleted"] = deleted
    if store.path != ":memory:":
        # Every file the project wrote for this memory: the database (+ journal) and the
        # recorded caches that remain.
        files = [store.path] + [p for p in store.copies if p.is_file()]
        found = [any(hit) for hit in zip(*(file_contains(f, probes + cache_probes)
                                           for f in files))]
        report["files_checked"] = [str(f) for f in files]
        report["bytes_checked"], report["bytes_found"] = len(found), int(sum(found))
    if queries is not None:
        after = _predict(store, queries, k, vote)
        changed = (before != after).nonzero().flatten().tolist()
        report.update(k=k, vote=repr(vote), n_queries=len(queries), n_changed=len(changed),
                      changed=[{"query": i, "before": int(before[i]), "after": int(after[i])}
                               for i in changed])
    return report


def _parse_where(items: list[str]) -> dict[str, str]:
    fields = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or name not in WHERE_FIELDS:
            raise ValueError(f"--where takes FIELD=VALUE with FIELD in {WHERE_FIELDS}, got {item!r}")
        fields[name] = value
    return fields


def _load_queries(path: Path) -> np.ndarray:
    with np.load(path) as data:
        if "embeddings" not in data:
            raise ValueError(f"{path} has no 'embeddings' array (found {sorted(data.files)})")
        return np.asarray(data["embeddings"])


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(prog="python -m memory.forget", description=(
        "Forget records of a memory store (exact: delete rows, no retraining) and prove it."),
        epilog="exit status: 0 forgotten and proven; 1 data of the selection remains; 2 bad "
               f"input; {EXIT_NOTHING_MATCHED} nothing matched the selection")
    parser.add_argument("--db", required=True, type=Path, help="memory store SQLite file")
    pick = parser.add_mutually_exclusive_group(required=True)
    pick.add_argument("--ids", type=int, nargs="+", help="record ids to forget")
    pick.add_argument("--where", action="append", metavar="FIELD=VALUE",
                      help=f"forget rows whose FIELD equals VALUE, FIELD in {WHERE_FIELDS}; "
                           "repeat to require several fields")
    parser.add_argument("--queries", type=Path, default=None,
                        help=".npz with an 'embeddings' (M, D) array: report which of their "
                             "predictions change")
    parser.add_argument("--k", type=int, default=20, help="neighbours voting (default 20)")
    add_vote_options(parser)
    parser.add_argument("--check-bytes", type=int, default=16,
                        help="search the file for this many removed embeddings (default 16)")
    parser.add_argument("--json", type=Path, default=None, help="also write the report here")
    args = parser.parse_args(argv)
    problem = output_path_problem(args.json) if args.json is not None else None
    if problem:  # checked before forgetting: the report of a done deletion must not be lost
        parser.error(f"--json: {problem}")
    try:
        store = MemoryStore.open(args.db)  # refuses an empty or foreign file
        where = _parse_where(args.where) if args.where else None
        queries = _load_queries(args.queries) if args.queries is not None else None
        report = forget(store, ids=args.ids, where=where, queries=queries, k=args.k,
                        vote=vote_from_args(args), check_bytes=args.check_bytes)
        store.close()
    except (FileNotFoundError, ValueError, TypeError, MemoryStoreError) as error:
        parser.exit(2, f"error: {error}\n")
    if args.json is not None:
        args.json.write_text(json.dumps(report, indent=1))
    print(f"forgot {report['removed']} rows of {args.db}; rows of that selection left: "
          f"{report['remaining_selected']}; removed embeddings still in the file: "
          f"{report.get('bytes_found', 'n/a')} of {report.get('bytes_checked', 0)} checked")
    if "n_changed" in report:
        print(f"{report['n_changed']} of {report['n_queries']} predictions changed (k={args.k})")
        for change in report["changed"][:20]:
            print(f"  query {change['query']}: {change['before']} -> {change['after']}")
    if report["caches_deleted"]:
        print(f"deleted {len(report['caches_deleted'])} embedding caches holding forgotten rows: "
              + ", ".join(report["caches_deleted"]))
    if report["remaining_selected"] or report.get("bytes_found"):
        print("FORGETTING FAILED: data of the selection remains", file=sys.stderr)
        sys.exit(1)
    if report["removed"] == 0:
        print(f"nothing matched the selection {report['selection']} in {args.db}: no rows removed "
              f"(exit status {EXIT_NOTHING_MATCHED})", file=sys.stderr)
        sys.exit(EXIT_NOTHING_MATCHED)
    return report


if __name__ == "__main__":
    main()
