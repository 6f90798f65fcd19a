"""Learning curve of one training recipe: KNN top-1 of its teacher at step 0 and every N steps.

The experiment runner measures finished budgets; a recipe search needs to see *when* (and
whether) a recipe leaves its random init, so this trains once with checkpoints every
``--eval-every`` steps and measures each of them (plus the run's own random init, exported as
the runner exports it) on MNIST and Fashion-MNIST. One JSON line per point goes to
``OUT/curve.jsonl`` as it is measured (a rerun skips points already there), and the curve is
drawn to ``OUT/curve.png`` with the step-0 (random-init) level as a dashed line.

    python -m benchmarks.recipe_curve --out out/recipes/r1 --steps 600 --eval-every 100 \\
        model.arch=resnet18 model.out_dim=4096 optim.lr=4e-3 [source=real:fashion-mnist]

Every ``key=value`` is a train.config override on top of ``preset=cpu-tiny``; ``source=`` picks
the stream: a procgen dataset (``data.dataset``, the default) or ``real:<memory dataset spec>``
(the real-data control, as the runner builds it).
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

BENCHMARKS = ("mnist", "fashion-mnist")


def _train(overrides: list[str], source: str, steps: int, every: int, train_dir: Path):
    from train.config import resolve_config
    from train.loop import train

    cfg = resolve_config(None, ["preset=cpu-tiny", *overrides, f"steps={steps}", f"checkpoint_every={every}",
                                "keep_checkpoints=1000", f"output_dir={train_dir}", "tensorboard=false"])
    stream = None
    if source.startswith("real:"):
        from evaluate.control import real_stream_factory

        stream = real_stream_factory(source.removeprefix("real:"), cfg.data.resolution, seed=cfg.seed)
    from train.checkpoint import list_checkpoints

    saved = list_checkpoints(train_dir)
    cfg.resume = bool(saved)
    if not saved or saved[-1][0] < steps:
        if train(cfg, stream=stream)["interrupted"]:
            raise SystemExit(f"training in {train_dir} was interrupted; rerun the same command to resume it")
    return cfg


def _measure(backbone: str, limit_train: int, limit_test: int, cache: Path) -> dict[str, Any]:
    from evaluate.experiment_knn import knn_benchmark

    row: dict[str, Any] = {}
    for dataset in BENCHMARKS:
        result = knn_benchmark(backbone, {"dataset": dataset, "k": [10, 20], "limit_train": limit_train,
                                          "limit_test": limit_test, "cache_dir": str(cache)}, cache)
        row[dataset] = {"top1@10": result["top1@10"], "top1@20": result["top1@20"]}
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--steps", type=int, default=600)
    parser.add_argument("--eval-every", type=int, default=100)
    parser.add_argument("--limit-train", type=int, default=2000, help="KNN memory size per benchmark")
    parser.add_argument("--limit-test", type=int, default=500, help="KNN queries per benchmark")
    parser.add_argument("overrides", nargs="*", help="train.config key=value; source=... picks the stream")
    args = parser.parse_args(argv)
    source = next((o.split("=", 1)[1] for o in args.overrides if o.startswith("source=")), "procedural")
    overrides = [o for o in args.overrides if not o.startswith("source=")]
    args.out.mkdir(parents=True, exist_ok=True)
    curve = args.out / "curve.jsonl"
    done = {json.loads(line)["step"] for line in curve.read_text().splitlines()} if curve.exists() else set()
    clock = time.perf_counter()
    cfg = _train(overrides, source, args.steps, args.eval_every, args.out / "train")
    train_seconds = time.perf_counter() - clock

    from train.checkpoint import list_checkpoints
    from train.export import export_checkpoint, export_random_init

    checkpoints = dict(list_checkpoints(args.out / "train"))
    points = [0, *range(args.eval_every, args.steps + 1, args.eval_every)]
    for step in points:
        if step in done:
            continue
        export = args.out / f"export_{step:06d}"
        if step == 0:
            export_random_init(cfg, export)
        else:
            export_checkpoint(checkpoints[step], export)
        row = {"step": step, "source": source, "overrides": overrides, "train_seconds": round(train_seconds, 1),
               **_measure(str(export), args.limit_train, args.limit_test, args.out / "cache")}
        with curve.open("a") as f:
            f.write(json.dumps(row) + "\n")
        print(json.dumps(row), flush=True)
    plot_curve(curve, args.out / "curve.png")
    return 0


def plot_curve(curve: Path, png: Path) -> None:
    """KNN top-1 (k=10) against training step, one line per benchmark, random init dashed."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = sorted((json.loads(line) for line in curve.read_text().splitlines()), key=lambda r: r["step"])
    fig, ax = plt.subplots(figsize=(6, 4))
    for dataset, colour in zip(BENCHMARKS, ("tab:blue", "tab:orange")):
        ax.plot([r["step"] for r in rows], [r[dataset]["top1@10"] for r in rows], "o-", color=colour, label=dataset)
        start = next((r[dataset]["top1@10"] for r in rows if r["step"] == 0), None)
        if start is not None:
            ax.axhline(start, color=colour, ls="--", lw=1)
    ax.set(xlabel="training step", ylabel="KNN top-1 @10 (%)", title=f"{curve.parent.name} ({rows[0]['source']})")
    ax.legend()
    fig.tight_layout()
    fig.savefig(png, dpi=100)
    plt.close(fig)


if __name__ == "__main__":
    raise SystemExit(main())
