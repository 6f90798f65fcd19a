"""The experiment's table (results.md) and chart (results.png), rebuilt from results.json's cells.

Each benchmark's headline is its first ``top1@K`` metric (smallest K). Trained sources show
their gain over the same backbone's random init in brackets; the raw-pixel baseline is a row of
its own (table) and a dashed line (chart); random init is a dotted line per backbone group.
"""
from __future__ import annotations

import logging
from collections import defaultdict
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

__all__ = ["write_report", "markdown_table", "headline", "summarise"]

RANDOM_INIT, PIXELS = "random-init", "pixels"


def headline(metrics: dict[str, Any]) -> tuple[str, float] | None:
    """(name, value) of the first top-1 metric (``top1@K`` with the smallest K), or None."""
    tops = sorted((int(k.split("@")[1]), k) for k in metrics if k.startswith("top1@") and k.split("@")[1].isdigit())
    if not tops:
        numbers = [(k, v) for k, v in metrics.items() if isinstance(v, (int, float)) and not isinstance(v, bool)]
        return numbers[0] if numbers else None
    return tops[0][1], float(metrics[tops[0][1]])


def summarise(data: dict[str, Any]) -> tuple[list[str], dict[tuple, dict[str, Any]]]:
    """Benchmarks in first-seen order, and (backbone, budget, source) -> {benchmark: cell record}."""
    benches: list[str] = []
    rows: dict[tuple, dict[str, Any]] = defaultdict(dict)
    for record in data["cells"].values():
        if record["benchmark"] not in benches:
            benches.append(record["benchmark"])
        rows[(record["backbone"], record["budget"], record["source"])][record["benchmark"]] = record
    return benches, rows


def _value(record: dict[str, Any] | None) -> float | None:
    if record is None or record.get("status") != "done":
        return None
    found = headline(record["metrics"])
    return None if found is None else found[1]


def markdown_table(data: dict[str, Any]) -> str:
    """One row per (backbone, budget, source); one column per benchmark (top-1 %, gain over random init)."""
    benches, rows = summarise(data)
    metric = {}
    for record in data["cells"].values():
        if record.get("status") == "done" and record["benchmark"] not in metric:
            found = headline(record["metrics"])
            metric[record["benchmark"]] = found[0] if found else "?"
    head = ["backbone", "steps", "source"] + [f"{b} {metric.get(b, '')}".strip() for b in benches]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]

    def order(key: tuple) -> tuple:
        backbone, budget, source = key
        rank = 0 if source == RANDOM_INIT else (2 if source.startswith("real:") else 1)
        return (backbone == PIXELS, backbone, budget, rank, source)

    for key in sorted(rows, key=order):
        backbone, budget, source = key
        cells = []
        for b in benches:
            record = rows[key].get(b)
            value = _value(record)
            if record is None:
                cells.append("")
            elif value is None:
                cells.append(f"failed: {record.get('reason', '?')[:60]}" if record.get("status") == "failed" else "?")
            else:
                base = _value(rows.get((backbone, 0, RANDOM_INIT), {}).get(b))
                gain = f" ({value - base:+.2f})" if base is not None and source not in (RANDOM_INIT, PIXELS) else ""
                cells.append(f"{value:.2f}{gain}")
        steps = "-" if source in (RANDOM_INIT, PIXELS) else str(budget)
        lines.append("| " + " | ".join([backbone, steps, source] + cells) + " |")
    return "\n".join(lines) + "\n"


def write_report(data: dict[str, Any], out_dir: Path) -> None:
    """Write ``results.md`` and ``results.png`` into ``out_dir`` (a chart failure is logged, not raised)."""
    out_dir = Path(out_dir)
    title = f"# Experiment {data.get('name', '')}\n\nKNN top-1 (%) per benchmark; in brackets: gain over the same " \
            "backbone's random init.\n\n"
    (out_dir / "results.md").write_text(title + markdown_table(data))
    try:
        _chart(data, out_dir / "results.png")
    except Exception as err:  # the table and the JSON are the record; a chart must not stop the grid
        logger.warning("chart not written: %s", err)


def _chart(data: dict[str, Any], path: Path) -> None:
    """One panel per benchmark; bar groups = (backbone, steps), one bar per source; lines = baselines."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    benches, rows = summarise(data)
    if not benches:
        return
    groups = sorted({(k[0], k[1]) for k in rows if k[2] not in (RANDOM_INIT, PIXELS)})
    sources = sorted({k[2] for k in rows if k[2] not in (RANDOM_INIT, PIXELS)})
    fig, axes = plt.subplots(1, len(benches), figsize=(max(5.0, 1.2 * len(groups) * max(1, len(sources))) * len(benches)
                                                       / max(1, len(benches)) + 2, 4.2), squeeze=False)
    colours = plt.get_cmap("tab10")
    width = 0.8 / max(1, len(sources))
    for ax, bench in zip(axes[0], benches):
        values, labelled = [], set()
        for gi, (backbone, budget) in enumerate(groups):
            for si, source in enumerate(sources):
                v = _value(rows.get((backbone, budget, source), {}).get(bench))
                if v is not None:
                    ax.bar(gi - 0.4 + width * (si + 0.5), v, width, color=colours(si % 10),
                           label=None if source in labelled else source)
                    labelled.add(source)
                    values.append(v)
            base = _value(rows.get((backbone, 0, RANDOM_INIT), {}).get(bench))
            if base is not None:
                ax.hlines(base, gi - 0.45, gi + 0.45, colors="black", linestyles=":",
                          label=RANDOM_INIT if gi == 0 else None)
                values.append(base)
        pixels = _value(rows.get((PIXELS, 0, PIXELS), {}).get(bench))
        if pixels is not None:
            ax.axhline(pixels, color="grey", linestyle="--", label="raw pixels")
            values.append(pixels)
        if values:
            ax.set_ylim(max(0.0, min(values) - 10), min(100.0, max(values) + 5))
        ax.set_xticks(range(len(groups)))
        ax.set_xticklabels([f"{b}\n{s} steps" for b, s in groups], fontsize=8)
        ax.set_title(bench)
        ax.set_ylabel("KNN top-1 (%)")
        if ax.get_legend_handles_labels()[1]:
            ax.legend(fontsize=7, loc="lower right")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
