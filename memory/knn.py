"""KNN classification of a real dataset with a visual memory: ``python -m memory.knn``.

The memory is the train split's embeddings; the test split's embeddings are the queries.
Prints top-1 / top-5 accuracy per k and optionally writes JSON, the memory (SQLite) and a
retrieval picture (PNG).

Example:
    python -m memory.knn --backbone pixels --dataset fashion-mnist \\
        --limit-train 10000 --limit-test 1000 --json runs/knn_pixels.json
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from memory.classifier import DEFAULT_KS, KNNClassifier
from memory.cli_common import (CLEAN_ERRORS, add_vote_options, announce_provenance,
                               check_embedding_options, embedding_parser, feature_options,
                               vote_from_args)
from memory.features import compute_features
from memory.retrieval import choose_queries, retrieval_picture
from memory.search import BACKENDS
from memory.store import MemoryStore
from procvision.progress import progress_bar

__all__ = ["build_parser", "run", "main"]


def build_parser() -> argparse.ArgumentParser:
    parser = embedding_parser(
        "memory.knn", "KNN classification with a visual memory: embed the train split into the "
                      "memory, classify the test split by its nearest neighbours (DINO protocol).")
    parser.add_argument("--k", type=int, nargs="+", default=list(DEFAULT_KS),
                        help="neighbour counts to evaluate (default: 10 20 100 200)")
    add_vote_options(parser)
    parser.add_argument("--backend", choices=sorted(BACKENDS), default="torch",
                        help="memory search backend (default: torch, exact)")
    parser.add_argument("--db", type=Path, default=None,
                        help="persist the memory to this SQLite file (must be new or empty)")
    parser.add_argument("--json", type=Path, default=None,
                        help="write the results as JSON to this file")
    parser.add_argument("--retrieval-png", type=Path, default=None,
                        help="write a retrieval picture (queries and nearest memory images)")
    parser.add_argument("--retrieval-queries", type=int, default=8,
                        help="rows of the retrieval picture (default: 8)")
    parser.add_argument("--retrieval-neighbours", type=int, default=8,
                        help="neighbours shown per query in the picture (default: 8)")
    return parser


def run(args: argparse.Namespace) -> dict:
    """Embed, build the memory, classify; returns the results dict (also written as JSON)."""
    clock = time.perf_counter()
    provenance = announce_provenance(args.backbone)
    common = feature_options(args)
    memory = compute_features(args.backbone, args.dataset, "train", limit=args.limit_train,
                              **common)
    queries = compute_features(args.backbone, args.dataset, "test", limit=args.limit_test,
                               **common)
    if memory.class_names != queries.class_names:
        raise ValueError("train and test splits disagree on the class names")
    embed_seconds = time.perf_counter() - clock
    clock = time.perf_counter()
    with progress_bar(total=len(memory), desc="memory add", unit="row") as bar:
        store = MemoryStore.from_features(memory, args.db or ":memory:", backend=args.backend, device=args.device,
                                          progress=lambda written: bar.update(written - bar.n))
    with store:
        vote = vote_from_args(args)
        scores = KNNClassifier(store, vote).evaluate(queries.embeddings, queries.labels, ks=args.k)
        ks = sorted(scores)
        results = {
            "dataset": args.dataset, "backbone": args.backbone, "provenance": provenance, "k": ks,
            "top1": [scores[k]["top1"] for k in ks], "top5": [scores[k]["top5"] for k in ks],
            "unit": "percent",
            "n_memory": len(store), "n_queries": len(queries), "vote": repr(vote),
            "backend": args.backend, "embed_dim": int(memory.embeddings.shape[1]),
            "n_classes": len(memory.class_names), "limit_train": args.limit_train,
            "limit_test": args.limit_test, "seed": args.seed, "decoder": args.decoder,
            "seconds": {"embed": round(embed_seconds, 3),
                        "classify": round(time.perf_counter() - clock, 3)},
        }
        if args.retrieval_png is not None:
            rows = choose_queries(args.retrieval_queries, len(queries), args.seed)
            sims, ids = store.search(queries.embeddings[rows], args.retrieval_neighbours)
            retrieval_picture(args.retrieval_png, queries, memory, sims.cpu(), ids.cpu(), rows,
                              title=f"{args.backbone} | {args.dataset} | memory {len(store)}")
            results["retrieval_png"] = str(args.retrieval_png)
        return results


def format_table(results: dict) -> str:
    """The accuracy table printed by the CLI."""
    lines = [f"{results['backbone']} on {results['dataset']}: memory {results['n_memory']}, "
             f"queries {results['n_queries']}, vote {results['vote']}",
             f"{'k':>6} {'top-1 %':>9} {'top-5 %':>9}"]
    for k, top1, top5 in zip(results["k"], results["top1"], results["top5"]):
        lines.append(f"{k:>6} {top1:>9.2f} {top5:>9.2f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    check_embedding_options(parser, args)
    try:
        results = run(args)
    except CLEAN_ERRORS as error:
        print(f"memory.knn: error: {error}", file=sys.stderr)
        return 2
    print(format_table(results))
    if args.json is not None:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
