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

import torch
from tqdm import tqdm

from memory.classifier import DEFAULT_KS, KNNClassifier
from memory.data import DatasetNotFoundError
from memory.features import Features, compute_features
from memory.retrieval import choose_queries, retrieval_picture
from memory.search import BACKENDS
from memory.store import MemoryStore, MemoryStoreError
from memory.voting import VOTES, make_vote

__all__ = ["build_parser", "build_memory", "run", "main"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m memory.knn",
        description="KNN classification with a visual memory: embed the train split into the "
                    "memory, classify the test split by its nearest neighbours (DINO protocol).")
    parser.add_argument("--backbone", required=True,
                        help="EXPORT_DIR (a trainer export folder), random:ARCH (a timm model "
                             "with seeded random init, e.g. random:vit_small_patch16_224) or "
                             "pixels (raw-pixel baseline); append @R to set the resolution "
                             "(e.g. pixels@32, random:vit_tiny_patch16_224@64)")
    parser.add_argument("--dataset", required=True,
                        help="fashion-mnist[:DIR], mnist[:FILE], imagefolder:PATH or "
                             "medmnist:FILE (see memory.data)")
    parser.add_argument("--k", type=int, nargs="+", default=list(DEFAULT_KS),
                        help="neighbour counts to evaluate (default: 10 20 100 200)")
    parser.add_argument("--vote", choices=sorted(VOTES), default="softmax",
                        help="voting rule: softmax exp(sim/T) (DINO), plurality, distance "
                             "exp(-(1-sim)), rank 1/(rank+2) (default: softmax)")
    parser.add_argument("--temperature", type=float, default=0.07,
                        help="temperature T of the softmax vote (default: 0.07)")
    parser.add_argument("--limit-train", type=int, default=None,
                        help="memory size: a seeded class-stratified subset of the train split")
    parser.add_argument("--limit-test", type=int, default=None,
                        help="number of queries: a seeded class-stratified subset of the test "
                             "split")
    parser.add_argument("--seed", type=int, default=0,
                        help="seed of the subsets, the random init and the picture (default: 0)")
    parser.add_argument("--device", default="cpu",
                        help="torch device for embedding and search, e.g. cpu, cuda, cuda:1")
    parser.add_argument("--batch-size", type=int, default=256,
                        help="images per forward pass (default: 256)")
    parser.add_argument("--decoder", choices=("pil", "dali"), default="pil",
                        help="image-file decoding: pil, or dali (NVIDIA DALI, imagefolder "
                             "datasets only; extra procvision[dali])")
    parser.add_argument("--backend", choices=sorted(BACKENDS), default="torch",
                        help="memory search backend (default: torch, exact)")
    parser.add_argument("--db", type=Path, default=None,
                        help="persist the memory to this SQLite file (must be new or empty)")
    parser.add_argument("--cache-dir", type=Path, default=None,
                        help="cache embeddings here (keyed by backbone, dataset, split, limit)")
    parser.add_argument("--json", type=Path, default=None,
                        help="write the results as JSON to this file")
    parser.add_argument("--retrieval-png", type=Path, default=None,
                        help="write a retrieval picture (queries and nearest memory images)")
    parser.add_argument("--retrieval-queries", type=int, default=8,
                        help="rows of the retrieval picture (default: 8)")
    parser.add_argument("--retrieval-neighbours", type=int, default=8,
                        help="neighbours shown per query in the picture (default: 8)")
    return parser


def build_memory(memory: Features, path: Path | None, backend: str,
                 device: str) -> MemoryStore:
    """A MemoryStore holding the train features, with id = row index (so pictures can find
    the images), in ``path`` (SQLite, must be new or empty) or in RAM."""
    store = MemoryStore(path or ":memory:", dim=int(memory.embeddings.shape[1]),
                        backend=backend, device=device)
    if len(store):
        count = len(store)
        store.close()
        raise ValueError(f"--db {path} already holds {count} records: choose a new file")
    n = len(memory)
    with tqdm(total=n, desc="memory add", unit="row") as bar:
        store.add(memory.embeddings, memory.labels, ids=torch.arange(n),
                  metadata={"source": memory.sources, "dataset": [memory.dataset] * n},
                  progress=lambda written: bar.update(written - bar.n))
    store.class_names = memory.class_names
    return store


def run(args: argparse.Namespace) -> dict:
    """Embed, build the memory, classify; returns the results dict (also written as JSON)."""
    clock = time.perf_counter()
    common = dict(device=args.device, batch_size=args.batch_size, cache_dir=args.cache_dir,
                  decoder=args.decoder, seed=args.seed)
    memory = compute_features(args.backbone, args.dataset, "train", limit=args.limit_train,
                              **common)
    queries = compute_features(args.backbone, args.dataset, "test", limit=args.limit_test,
                               **common)
    if memory.class_names != queries.class_names:
        raise ValueError("train and test splits disagree on the class names")
    embed_seconds = time.perf_counter() - clock
    clock = time.perf_counter()
    store = build_memory(memory, args.db, args.backend, args.device)
    options = {"T": args.temperature} if args.vote == "softmax" else {}
    vote = make_vote(args.vote, **options)
    scores = KNNClassifier(store, vote).evaluate(queries.embeddings, queries.labels, ks=args.k)
    ks = sorted(scores)
    results = {
        "dataset": args.dataset, "backbone": args.backbone, "k": ks,
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
    store.close()
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
    for name in ("limit_train", "limit_test"):
        value = getattr(args, name)
        if value is not None and value < 1:
            parser.error(f"--{name.replace('_', '-')} must be >= 1, got {value}")
    if min(args.k) < 1:
        parser.error(f"--k values must be >= 1, got {args.k}")
    try:
        device = torch.device(args.device)
    except RuntimeError as error:
        parser.error(f"--device {args.device!r}: {error}")
    if device.type == "cuda" and not torch.cuda.is_available():
        parser.error(f"--device {args.device}: CUDA is not available on this machine")
    try:
        results = run(args)
    except (DatasetNotFoundError, FileNotFoundError, ValueError, MemoryStoreError) as error:
        print(f"memory.knn: error: {error}", file=sys.stderr)
        return 2
    print(format_table(results))
    if args.json is not None:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
