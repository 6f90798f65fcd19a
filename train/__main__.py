"""``python -m train [--config FILE.yaml] [key=value ...]`` (also under ``torchrun``)."""
from __future__ import annotations

import argparse
import sys

from train.config import PRESETS, ConfigError, leaf_keys, resolve_config


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m train",
        description="Online DINO training on a procedural image stream. The same command runs "
                    "under torchrun --nproc_per_node=N (DDP; gloo on CPU, NCCL on GPU).",
        epilog="Config keys (dotted; a unique bare leaf name also works, e.g. lr=1e-3): "
               + ", ".join(leaf_keys()),
    )
    parser.add_argument("--config", metavar="FILE.yaml", default=None,
                        help="YAML file of config values (nested sections or dotted keys), applied "
                             "after the preset and before the key=value overrides")
    parser.add_argument("--print-config", action="store_true",
                        help="print the resolved config as YAML and exit without training")
    parser.add_argument("overrides", nargs="*", metavar="key=value",
                        help=f"config overrides, e.g. preset=cpu-tiny steps=300 optim.lr=1e-3 resume=true "
                             f"(presets: {', '.join(sorted(PRESETS))})")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        cfg = resolve_config(args.config, args.overrides)
    except ConfigError as err:
        print(f"config error: {err}", file=sys.stderr)
        return 2
    if args.print_config:
        import yaml

        from train.config import config_to_dict
        print(yaml.safe_dump(config_to_dict(cfg), sort_keys=False), end="")
        return 0
    from train.checkpoint import CheckpointError
    from train.loop import train
    try:
        summary = train(cfg)
    except (CheckpointError, ConfigError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    state = "interrupted" if summary["interrupted"] else "finished"
    print(f"{state} at step {summary['step']}; last checkpoint at step {summary['last_checkpoint_step']} "
          f"in {summary['output_dir']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
