"""CLI of the exact privacy analysis: ``python -m memory.privacy``.

``python -m memory.privacy --backbone B --dataset D --json OUT.json --png OUT.png`` (the
embedding options, ``--decoder`` included, are memory.knn's: see memory.cli_common). The
analysis is ``memory.privacy_analysis``, the picture ``memory.privacy_plot``.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from memory.cli_common import (CLEAN_ERRORS, add_vote_options, announce_provenance,
                               check_embedding_options, embedding_parser, feature_options,
                               vote_from_args)
from memory.privacy_analysis import analyse_privacy, verify_privacy
from memory.privacy_plot import privacy_picture
from memory.store import MemoryStore

__all__ = ["build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    parser = embedding_parser("memory.privacy", (
        "Exact privacy analysis: which memory (train) samples change at least one test "
        "prediction of the KNN classifier."))
    parser.add_argument("--k", type=int, default=20, help="neighbours voting (default: 20)")
    add_vote_options(parser)
    parser.add_argument("--check", type=int, default=0,
                        help="verify this many samples by literal removal (default: 0, none)")
    parser.add_argument("--json", required=True, type=Path, help="write the report here")
    parser.add_argument("--png", type=Path, default=None, help="write a summary picture here")
    return parser


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.check < 0:
        parser.error(f"--check must be >= 0, got {args.check}")
    check_embedding_options(parser, args)
    try:
        return _run(args)
    except CLEAN_ERRORS as error:  # bad input: one line, no traceback
        parser.exit(2, f"memory.privacy: error: {error}\n")


def _run(args: argparse.Namespace) -> dict[str, Any]:
    from memory.features import compute_features

    provenance = announce_provenance(args.backbone)  # the report records what the weights saw
    common = feature_options(args)
    feats = {split: compute_features(args.backbone, args.dataset, split, limit=limit, **common)
             for split, limit in (("train", args.limit_train), ("test", args.limit_test))}
    vote = vote_from_args(args)
    with MemoryStore.from_features(feats["train"], device=args.device) as store:
        report = analyse_privacy(store, feats["test"].embeddings, k=args.k, vote=vote,
                                 progress=True)
        if args.check > 0:
            report.verification = verify_privacy(store, feats["test"].embeddings, report,
                                                 args.check, vote=vote, seed=args.seed,
                                                 progress=True)
        class_names = store.class_names
    summary = dict(report.to_dict(class_names), backbone=args.backbone, dataset=args.dataset,
                   decoder=args.decoder, provenance=provenance)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(summary, indent=1))
    if args.png is not None:
        privacy_picture(report, class_names, args.png)
    print(f"non-private: {summary['n_nonprivate']} of {summary['n_memory']} "
          f"({100 * summary['fraction_nonprivate']:.3f}%), k={args.k}, vote={args.vote}, "
          f"queries={summary['n_queries']}")
    if report.verification is not None:
        v = report.verification
        print(f"verified {len(v.ids)} samples by literal removal: "
              f"{'all agree' if v.ok else f'MISMATCHES {v.mismatches}'}")
    return summary


if __name__ == "__main__":
    main()
