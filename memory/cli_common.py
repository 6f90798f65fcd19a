"""Command-line options and error handling shared by the memory CLIs that embed a dataset.

``memory.knn`` and ``memory.privacy`` accept the same specs with the same meaning."""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

import torch

from memory.dali import DaliNotInstalledError
from memory.data import DatasetNotFoundError, ImageDecodeError
from memory.store import MemoryStore, MemoryStoreError
from memory.voting import VOTES, Vote, make_vote

__all__ = ["CLEAN_ERRORS", "add_model_options", "add_embedding_options", "add_vote_options",
           "check_embedding_options", "embedding_parser", "feature_options", "vote_from_args",
           "output_path_problem", "OUTPUT_OPTIONS", "backbone_provenance", "announce_provenance",
           "REAL_DATA_WARNING"]

# Options naming files a CLI writes after its work: checked before any embedding, so a bad
# path never costs a run (nor leaves a filled --db behind).
OUTPUT_OPTIONS = ("json", "png", "retrieval_png", "db")
REAL_DATA_WARNING = ("knowledge and perception are not separated: this backbone's weights saw real images")

# Bad input the CLIs report as one "error: ..." line and exit status 2, never a traceback.
CLEAN_ERRORS: tuple[type[BaseException], ...] = (
    DatasetNotFoundError, FileNotFoundError, ImageDecodeError, DaliNotInstalledError, ValueError,
    MemoryStoreError)


def add_model_options(parser: argparse.ArgumentParser, batch_size: int = 256,
                      batch_help: str = "images per forward pass") -> None:
    """Add the options that choose the model and where it runs: backbone, seed, device and
    batch size (memory's CLIs and every evaluate tool give them one meaning)."""
    parser.add_argument("--backbone", required=True,
                        help="EXPORT_DIR (a trainer export folder), random:ARCH (a timm model "
                             "with seeded random init, e.g. random:vit_small_patch16_224) or "
                             "pixels (raw-pixel baseline); append @R to set the resolution "
                             "(e.g. pixels@32, random:vit_tiny_patch16_224@64)")
    parser.add_argument("--seed", type=int, default=0,
                        help="seed of the subsets, the random init and every other random "
                             "choice of the tool (default: 0)")
    parser.add_argument("--device", default="cpu",
                        help="torch device for embedding and search, e.g. cpu, cuda, cuda:1")
    parser.add_argument("--batch-size", type=int, default=batch_size,
                        help=f"{batch_help} (default: {batch_size})")


def add_embedding_options(parser: argparse.ArgumentParser) -> None:
    """Add the options that choose what is embedded and how: the model options, dataset,
    subset limits, image decoder and embedding cache."""
    add_model_options(parser)
    parser.add_argument("--dataset", required=True,
                        help="fashion-mnist[:DIR], mnist[:FILE], imagefolder:PATH or "
                             "medmnist:FILE (see memory.data)")
    parser.add_argument("--limit-train", type=int, default=None,
                        help="memory size: a seeded class-stratified subset of the train split")
    parser.add_argument("--limit-test", type=int, default=None,
                        help="number of queries: a seeded class-stratified subset of the test "
                             "split")
    parser.add_argument("--decoder", choices=("pil", "dali"), default="pil",
                        help="image-file decoding: pil, or dali (NVIDIA DALI, imagefolder "
                             "datasets only; extra procvision[dali])")
    parser.add_argument("--cache-dir", type=Path, default=None,
                        help="cache embeddings here (keyed by backbone, dataset, split, limit)")


def embedding_parser(prog: str, description: str) -> argparse.ArgumentParser:
    """The parser of ``python -m PROG`` with the embedding options already added."""
    parser = argparse.ArgumentParser(prog=f"python -m {prog}", description=description)
    add_embedding_options(parser)
    return parser


def check_embedding_options(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Reject bad values of those options (and of --k, one count or a list, where the tool has
    it), and output paths (``OUTPUT_OPTIONS``) that cannot be written, through
    ``parser.error`` (exit 2, usage line), before any work. A tool without the limit options
    (evaluate's) gets the other checks."""
    for name in ("limit_train", "limit_test"):
        value = getattr(args, name, None)
        if value is not None and value < 1:
            parser.error(f"--{name.replace('_', '-')} must be >= 1, got {value}")
    ks = getattr(args, "k", None)
    if ks is not None and min(ks if isinstance(ks, list) else [ks]) < 1:
        parser.error(f"--k must be >= 1, got {ks}")
    if args.batch_size < 1:
        parser.error(f"--batch-size must be >= 1, got {args.batch_size}")
    try:
        device = torch.device(args.device)
    except RuntimeError as error:
        parser.error(f"--device {args.device!r}: {error}")
    if device.type == "cuda" and not torch.cuda.is_available():
        parser.error(f"--device {args.device}: CUDA is not available on this machine")
    _check_outputs(parser, args)


def output_path_problem(path: Path) -> str | None:
    """Why ``path`` cannot be written as a file (None when it can): it is a directory, an
    ancestor is a file, or the nearest existing folder (or the file) is not writable."""
    if path.is_dir():
        return f"{path} is a directory (give a file name)"
    if path.exists() and not os.access(path, os.W_OK):
        return f"{path} is not writable"
    ancestor = path.parent
    while not ancestor.exists() and ancestor != ancestor.parent:
        ancestor = ancestor.parent
    if not ancestor.is_dir():
        return f"{ancestor} is not a directory, so {path} cannot be created"
    if not os.access(ancestor, os.W_OK | os.X_OK):
        return f"cannot create {path}: no write permission in {ancestor}"
    return None


def _check_outputs(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    for name in OUTPUT_OPTIONS:
        path = getattr(args, name, None)
        problem = output_path_problem(path) if path is not None else None
        if problem:
            parser.error(f"--{name.replace('_', '-')}: {problem}")
    db = getattr(args, "db", None)
    if db is not None and db.is_file() and db.stat().st_size > 0:
        try:
            with MemoryStore.open(db) as store:
                held = len(store)
        except MemoryStoreError as error:
            parser.error(f"--db: {error}")
        if held:
            parser.error(f"--db {db} already holds {held} records: choose a new file")


def feature_options(args: argparse.Namespace) -> dict:
    """Keyword arguments of ``memory.features.compute_features`` common to both splits."""
    return dict(device=args.device, batch_size=args.batch_size, cache_dir=args.cache_dir,
                decoder=args.decoder, seed=args.seed)


def add_vote_options(parser: argparse.ArgumentParser) -> None:
    """Add --vote and --temperature (the voting rule of the KNN classifier)."""
    parser.add_argument("--vote", choices=sorted(VOTES), default="softmax",
                        help="voting rule: softmax exp(sim/T) (DINO), plurality, distance "
                             "exp(-(1-sim)), rank 1/(rank+2) (default: softmax)")
    parser.add_argument("--temperature", type=float, default=0.07,
                        help="temperature T of the softmax vote (default: 0.07)")


def vote_from_args(args: argparse.Namespace) -> Vote:
    """The voting rule chosen by --vote (--temperature applies to softmax only)."""
    options = {"T": args.temperature} if args.vote == "softmax" else {}
    return make_vote(args.vote, **options)


def backbone_provenance(spec: str) -> dict[str, Any] | None:
    """What a backbone's weights were trained on: an export's ``provenance`` (train.export),
    ``{"kind": "random-init"}`` for ``random:ARCH``, None for ``pixels`` (no weights).
    An export written before provenance was recorded gives ``{"kind": "unknown"}``."""
    from memory.embed import _split_resolution

    base, _ = _split_resolution(spec)
    if base == "pixels":
        return None
    if base.startswith("random:"):
        return {"kind": "random-init"}
    config = Path(base) / "config.json"
    if not config.is_file():
        return {"kind": "unknown"}
    return json.loads(config.read_text()).get("provenance") or {"kind": "unknown"}


def announce_provenance(spec: str) -> dict[str, Any] | None:
    """Print what the backbone saw; warn plainly (stderr) when its weights saw real images."""
    provenance = backbone_provenance(spec)
    if provenance is None:
        return None
    detail = ", ".join(f"{k}={v}" for k, v in provenance.items() if k != "kind" and v not in (None, {}, ""))
    print(f"backbone provenance: {provenance.get('kind')}" + (f" ({detail})" if detail else ""))
    if provenance.get("kind") == "real":
        print(f"WARNING: {REAL_DATA_WARNING} ({provenance.get('dataset', '?')})", file=sys.stderr)
    return provenance
