"""Command-line pieces shared by the evaluation tools: the common options and the run / report / JSON tail."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Callable

from memory.cli_common import CLEAN_ERRORS, add_model_options, check_embedding_options

__all__ = ["tool_parser", "add_backbone_options", "check_device", "finish", "run_tool"]

# Bad input reported as one "error: ..." line with exit status 2 (OSError: unreadable files).
ERRORS: tuple[type[BaseException], ...] = (*CLEAN_ERRORS, OSError, KeyError)


def add_backbone_options(parser: argparse.ArgumentParser, batch_size: int,
                         batch_help: str = "images per forward pass") -> None:
    """--backbone, --device, --seed, --batch-size (memory's model options) and --json."""
    add_model_options(parser, batch_size, batch_help)
    parser.add_argument("--json", type=Path, default=None, help="write the results as JSON here")


def tool_parser(prog: str, description: str, batch_size: int,
                batch_help: str = "images per forward pass") -> argparse.ArgumentParser:
    """The parser of ``python -m PROG`` with the backbone options already added."""
    parser = argparse.ArgumentParser(prog=f"python -m {prog}", description=description)
    add_backbone_options(parser, batch_size, batch_help)
    return parser


def check_device(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Reject an unusable --device, --batch-size (and --limit-train/--limit-test/--k where the
    tool has them) through ``parser.error`` before any work: memory's checks, same messages."""
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


def run_tool(parser: argparse.ArgumentParser, argv: list[str] | None,
             compute: Callable[[argparse.Namespace], dict],
             report: Callable[[argparse.Namespace, dict], str],
             ok: Callable[[dict], bool] = lambda result: True,
             check: Callable[[argparse.ArgumentParser, argparse.Namespace], None] | None = None
             ) -> int:
    """A tool's ``main``: parse ``argv``, ``check_device`` (then the tool's own ``check``), then
    ``finish`` with ``compute(args)`` and ``report(args, result)``; the error prefix is the prog
    without ``python -m``."""
    args = parser.parse_args(argv)
    check_device(parser, args)
    if check is not None:
        check(parser, args)
    return finish(parser.prog.removeprefix("python -m "), lambda: compute(args),
                  lambda result: report(args, result), args.json, ok)
