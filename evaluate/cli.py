"""Command-line pieces shared by the evaluation tools: the common options and the run / report / JSON tail."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Callable

from memory.cli_common import CLEAN_ERRORS, check_embedding_options

__all__ = ["add_backbone_options", "check_device", "finish"]

# Bad input reported as one "error: ..." line with exit status 2 (OSError: unreadable files).
ERRORS: tuple[type[BaseException], ...] = (*CLEAN_ERRORS, OSError, KeyError)


def add_backbone_options(parser: argparse.ArgumentParser, batch_size: int,
                         batch_help: str = "images per forward pass") -> None:
    """--backbone, --device, --seed, --batch-size and --json, with one meaning in every tool."""
    parser.add_argument("--backbone", required=True,
                        help="EXPORT_DIR (a trainer export), random:ARCH (a timm model, seeded "
                             "random init) or pixels (raw pixels); @R sets the resolution")
    parser.add_argument("--device", default="cpu", help="torch device, e.g. cpu, cuda, cuda:1")
    parser.add_argument("--seed", type=int, default=0,
                        help="seed of a random:ARCH init and any subset (default 0)")
    parser.add_argument("--batch-size", type=int, default=batch_size,
                        help=f"{batch_help} (default {batch_size})")
    parser.add_argument("--json", type=Path, default=None, help="write the results as JSON here")


def check_device(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Reject an unusable --device, --batch-size (and --limit-train/--limit-test where the tool
    has them) through ``parser.error`` before any work: memory's checks, same messages."""
    check_embedding_options(parser, args)


def finish(prog: str, compute: Callable[[], dict], report: Callable[[dict], str],
           json_path: Path | None, ok: Callable[[dict], bool] = lambda result: True) -> int:
    """Run ``compute``; bad input -> "prog: error: ..." on stderr, exit 2. Otherwise print
    ``report(result)``, write the JSON, and exit 0 (1 when ``ok(result)`` is false)."""
    try:
        result = compute()
    except ERRORS as error:
        print(f"{prog}: error: {error}", file=sys.stderr)
        return 2
    print(report(result))
    if json_path is not None:
        json_path.parent.mkdir(parents=True, exist_ok=True)
        json_path.write_text(json.dumps(result, indent=2))
    return 0 if ok(result) else 1
