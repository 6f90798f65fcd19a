"""Command-line options and error handling shared by the CLIs that embed a dataset
(``memory.knn``, ``memory.privacy``), so both accept the same specs with the same meaning."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import torch

from memory.dali import DaliNotInstalledError
from memory.data import DatasetNotFoundError, ImageDecodeError
from memory.store import MemoryStoreError

__all__ = ["CLEAN_ERRORS", "add_embedding_options", "check_embedding_options", "feature_options",
           "backbone_provenance", "announce_provenance", "REAL_DATA_WARNING"]

REAL_DATA_WARNING = ("knowledge and perception are not separated: this backbone's weights saw real images")

# Bad input the CLIs report as one "error: ..." line and exit status 2, never a traceback.
CLEAN_ERRORS: tuple[type[BaseException], ...] = (
    DatasetNotFoundError, FileNotFoundError, ImageDecodeError, DaliNotInstalledError, ValueError,
    MemoryStoreError)


def add_embedding_options(parser: argparse.ArgumentParser) -> None:
    """Add the options that choose what is embedded and how: backbone, dataset, subset limits,
    seed, device, batch size, image decoder and embedding cache."""
    parser.add_argument("--backbone", required=True,
                        help="EXPORT_DIR (a trainer export folder), random:ARCH (a timm model "
                             "with seeded random init, e.g. random:vit_small_patch16_224) or "
                             "pixels (raw-pixel baseline); append @R to set the resolution "
                             "(e.g. pixels@32, random:vit_tiny_patch16_224@64)")
    parser.add_argument("--dataset", required=True,
                        help="fashion-mnist[:DIR], mnist[:FILE], imagefolder:PATH or "
                             "medmnist:FILE (see memory.data)")
    parser.add_argument("--limit-train", type=int, default=None,
                        help="memory size: a seeded class-stratified subset of the train split")
    parser.add_argument("--limit-test", type=int, default=None,
                        help="number of queries: a seeded class-stratified subset of the test "
                             "split")
    parser.add_argument("--seed", type=int, default=0,
                        help="seed of the subsets, the random init and every other random "
                             "choice of the tool (default: 0)")
    parser.add_argument("--device", default="cpu",
                        help="torch device for embedding and search, e.g. cpu, cuda, cuda:1")
    parser.add_argument("--batch-size", type=int, default=256,
                        help="images per forward pass (default: 256)")
    parser.add_argument("--decoder", choices=("pil", "dali"), default="pil",
                        help="image-file decoding: pil, or dali (NVIDIA DALI, imagefolder "
                             "datasets only; extra procvision[dali])")
    parser.add_argument("--cache-dir", type=Path, default=None,
                        help="cache embeddings here (keyed by backbone, dataset, split, limit)")


def check_embedding_options(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Reject bad values of those options through ``parser.error`` (exit 2, usage line)."""
    for name in ("limit_train", "limit_test"):
        value = getattr(args, name)
        if value is not None and value < 1:
            parser.error(f"--{name.replace('_', '-')} must be >= 1, got {value}")
    if args.batch_size < 1:
        parser.error(f"--batch-size must be >= 1, got {args.batch_size}")
    try:
        device = torch.device(args.device)
    except RuntimeError as error:
        parser.error(f"--device {args.device!r}: {error}")
    if device.type == "cuda" and not torch.cuda.is_available():
        parser.error(f"--device {args.device}: CUDA is not available on this machine")


def feature_options(args: argparse.Namespace) -> dict:
    """Keyword arguments of ``memory.features.compute_features`` common to both splits."""
    return dict(device=args.device, batch_size=args.batch_size, cache_dir=args.cache_dir,
                decoder=args.decoder, seed=args.seed)


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
