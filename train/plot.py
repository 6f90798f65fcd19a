"""``python -m train.plot RUN_DIR``: loss curve and collapse monitors from metrics.csv as a PNG."""
from __future__ import annotations

import argparse
import csv
import math
import sys
from pathlib import Path

__all__ = ["plot_run", "read_metrics"]


def read_metrics(run_dir: str | Path) -> dict[str, list[float]]:
    """Columns of ``RUN_DIR/metrics.csv`` as float lists (empty cells -> NaN)."""
    path = Path(run_dir) / "metrics.csv"
    if not path.is_file():
        raise FileNotFoundError(f"{str(path)!r} does not exist (is {str(run_dir)!r} a training run folder?)")
    with path.open() as fh:
        rows = list(csv.DictReader(fh))
    if not rows:
        raise ValueError(f"{str(path)!r} has no rows yet")
    return {k: [float(r[k]) if r[k] not in ("", None) else math.nan for r in rows] for k in rows[0]}


def _smooth(values: list[float], window: int) -> list[float]:
    """Trailing moving average (the raw loss is noisy at small batch sizes)."""
    out, acc = [], 0.0
    for i, v in enumerate(values):
        acc += v
        if i >= window:
            acc -= values[i - window]
        out.append(acc / min(i + 1, window))
    return out


def plot_run(run_dir: str | Path, out: str | Path | None = None) -> Path:
    """Write ``loss_curve.png`` (loss, teacher std, teacher entropies, lr) into ``run_dir``."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    m = read_metrics(run_dir)
    step = m["step"]
    fig, axes = plt.subplots(2, 2, figsize=(11, 7), sharex=True)
    ax = axes[0, 0]
    ax.plot(step, m["loss"], color="0.75", lw=0.8, label="loss")
    ax.plot(step, _smooth(m["loss"], max(1, len(step) // 30)), color="C0", label="loss (moving avg)")
    ax.set_title("DINO loss")
    ax.legend()
    ax = axes[0, 1]
    ax.plot(step, m["teacher_std"], color="C1", label="backbone CLS")
    if "teacher_head_std" in m:
        ax.plot(step, m["teacher_head_std"], color="C5", label="head output")
    ax.set_title("teacher std across the batch (L2-normalised)")
    ax.legend(fontsize=8)
    ax = axes[1, 0]
    ax.plot(step, m["teacher_entropy"], color="C2", label="entropy of mean teacher distribution")
    ax.plot(step, m["teacher_sample_entropy"], color="C3", label="mean per-sample entropy")
    ax.set_title("teacher entropy (nats)")
    ax.legend(fontsize=8)
    ax = axes[1, 1]
    ax.plot(step, m["lr"], color="C4")
    ax.set_title("learning rate")
    for a in axes[1]:
        a.set_xlabel("step")
    fig.suptitle(f"{Path(run_dir).name}: {len(step)} logged steps")
    fig.tight_layout()
    path = Path(out) if out else Path(run_dir) / "loss_curve.png"
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m train.plot",
                                     description="Plot a training run's metrics.csv as loss_curve.png.")
    parser.add_argument("run_dir", help="the run's output_dir (holds metrics.csv)")
    parser.add_argument("--out", default=None, help="PNG path (default: RUN_DIR/loss_curve.png)")
    args = parser.parse_args(argv)
    try:
        path = plot_run(args.run_dir, args.out)
    except (FileNotFoundError, ValueError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
