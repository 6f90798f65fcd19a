"""The experiment's table (results.md) and chart (results.png), rebuilt from results.json's cells.

Each benchmark's headline is its first ``top1@K`` metric (smallest K). Trained sources show
their gain over the same backbone's random init of the same seed in brackets; over several seeds
a cell is the mean ± sample standard deviation (values and per-seed gains) and results.md adds a
per-seed table. The raw-pixel baseline is a row of its own (table) and a dashed line (chart);
random init is a dotted line per backbone group (its mean over seeds).
"""
from __future__ import annotations

import logging
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np

logger = logging.getLogger(__name__)

__all__ = ["write_report", "markdown_table", "per_seed_table", "headline", "summarise", "seed_stats"]

RANDOM_INIT, PIXELS = "random-init", "pixels"


def headline(metrics: dict[str, Any]) -> tuple[str, float] | None:
    """(name, value) of the first top-1 metric (``top1@K`` with the smallest K), or None."""
    tops = sorted((int(k.split("@")[1]), k) for k in metrics if k.startswith("top1@") and k.split("@")[1].isdigit())
    if not tops:
        numbers = [(k, v) for k, v in metrics.items() if isinstance(v, (int, float)) and not isinstance(v, bool)]
        return numbers[0] if numbers else None
    return tops[0][1], float(metrics[tops[0][1]])


def summarise(data: dict[str, Any]) -> tuple[list[str], dict[tuple, dict[str, dict[Any, dict[str, Any]]]]]:
    """Benchmarks in first-seen order, and (backbone, budget, source) -> {benchmark: {seed: cell record}}.

    Records of results files written before the seeds axis carry no ``seed``: they count as seed None.
    """
    benches: list[str] = []
    rows: dict[tuple, dict[str, dict[Any, dict[str, Any]]]] = defaultdict(lambda: defaultdict(dict))
    for record in data["cells"].values():
        if record["benchmark"] not in benches:
            benches.append(record["benchmark"])
        rows[(record["backbone"], record["budget"], record["source"])][record["benchmark"]][record.get("seed")] = record
    return benches, rows


def _value(record: dict[str, Any] | None) -> float | None:
    if record is None or record.get("status") != "done":
        return None
    found = headline(record["metrics"])
    return None if found is None else found[1]


def seed_stats(rows: dict[tuple, Any], key: tuple, bench: str) -> dict[str, Any]:
    """The headline of one (backbone, budget, source) on one benchmark over its seeds.

    Returns ``values`` {seed: top-1}, ``gains`` {seed: top-1 minus that seed's random init} (only
    seeds with both), ``failed`` [reasons], and ``mean`` / ``sd`` of the values and ``gain_mean`` /
    ``gain_sd`` of the gains (sd: sample standard deviation, None below two seeds; means None
    when nothing finished).
    """
    backbone, _, source = key
    records = rows.get(key, {}).get(bench, {})
    base = rows.get((backbone, 0, RANDOM_INIT), {}).get(bench, {})
    values = {seed: v for seed, r in records.items() if (v := _value(r)) is not None}
    gains = {}
    if source not in (RANDOM_INIT, PIXELS):
        gains = {seed: v - b for seed, v in values.items() if (b := _value(base.get(seed))) is not None}
    failed = [r.get("reason", "?") for r in records.values() if r.get("status") == "failed"]

    def mean_sd(xs: list[float]) -> tuple[float | None, float | None]:
        if not xs:
            return None, None
        return float(np.mean(xs)), (float(np.std(xs, ddof=1)) if len(xs) > 1 else None)

    mean, sd = mean_sd(list(values.values()))
    gain_mean, gain_sd = mean_sd(list(gains.values()))
    return {"values": values, "gains": gains, "failed": failed, "mean": mean, "sd": sd, "gain_mean": gain_mean,
            "gain_sd": gain_sd}


def _cell_text(stats: dict[str, Any]) -> str:
    if stats["mean"] is None:
        return f"failed: {stats['failed'][0][:60]}" if stats["failed"] else "?"
    text = f"{stats['mean']:.2f}" + (f" ± {stats['sd']:.2f}" if stats["sd"] is not None else "")
    if stats["gain_mean"] is not None:
        spread = f" ± {stats['gain_sd']:.2f}" if stats["gain_sd"] is not None else ""
        text += f" ({stats['gain_mean']:+.2f}{spread})"
    if stats["failed"]:
        text += f" [{len(stats['failed'])} failed]"
    return text


def _row_order(key: tuple) -> tuple:
    backbone, budget, source = key
    rank = 0 if source == RANDOM_INIT else (2 if source.startswith("real:") else 1)
    return (backbone == PIXELS, backbone, budget, rank, source)


def _metric_names(data: dict[str, Any]) -> dict[str, str]:
    metric = {}
    for record in data["cells"].values():
        if record.get("status") == "done" and record["benchmark"] not in metric:
            found = headline(record["metrics"])
            metric[record["benchmark"]] = found[0] if found else "?"
    return metric


def markdown_table(data: dict[str, Any]) -> str:
    """One row per (backbone, budget, source); one column per benchmark.

    A cell: top-1 % (mean ± sample sd over seeds when there are several) and, in brackets, the gain
    over the same seed's random init (mean ± sd of the per-seed gains).
    """
    benches, rows = summarise(data)
    metric = _metric_names(data)
    head = ["backbone", "steps", "source"] + [f"{b} {metric.get(b, '')}".strip() for b in benches] + ["seeds"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for key in sorted(rows, key=_row_order):
        backbone, budget, source = key
        cells, seeds = [], set()
        for b in benches:
            records = rows[key].get(b)
            seeds.update(s for s in (records or {}) if s is not None)
            cells.append(_cell_text(seed_stats(rows, key, b)) if records else "")
        steps = "-" if source in (RANDOM_INIT, PIXELS) else str(budget)
        seed_text = ", ".join(str(s) for s in sorted(seeds)) or "-"
        lines.append("| " + " | ".join([backbone, steps, source] + cells + [seed_text]) + " |")
    return "\n".join(lines) + "\n"


def per_seed_table(data: dict[str, Any]) -> str:
    """One row per (backbone, budget, source, seed): top-1 % and the gain over that seed's random init."""
    benches, rows = summarise(data)
    metric = _metric_names(data)
    head = ["backbone", "steps", "source", "seed"] + [f"{b} {metric.get(b, '')}".strip() for b in benches]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for key in sorted(rows, key=_row_order):
        backbone, budget, source = key
        if source == PIXELS:
            continue
        stats = {b: seed_stats(rows, key, b) for b in benches}
        seeds = sorted({s for b in benches for s in rows[key].get(b, {})}, key=lambda s: (s is None, s))
        for seed in seeds:
            cells = []
            for b in benches:
                value, gain = stats[b]["values"].get(seed), stats[b]["gains"].get(seed)
                record = rows[key].get(b, {}).get(seed)
                if value is None:
                    cells.append("failed" if record and record.get("status") == "failed" else "")
                else:
                    cells.append(f"{value:.2f}" + (f" ({gain:+.2f})" if gain is not None else ""))
            steps = "-" if source == RANDOM_INIT else str(budget)
            lines.append("| " + " | ".join([backbone, steps, source, str(seed)] + cells) + " |")
    return "\n".join(lines) + "\n"


def write_report(data: dict[str, Any], out_dir: Path) -> None:
    """Write ``results.md`` and ``results.png`` into ``out_dir`` (a chart failure is logged, not raised)."""
    out_dir = Path(out_dir)
    title = f"# Experiment {data.get('name', '')}\n\nKNN top-1 (%) per benchmark; in brackets: gain over the same " \
            "backbone's random init of the same seed. Over several seeds: mean ± sample standard deviation.\n\n"
    text = title + markdown_table(data)
    if len({r.get("seed") for r in data["cells"].values() if r["source"] != PIXELS}) > 1:
        text += "\n## Per seed\n\n" + per_seed_table(data)
    (out_dir / "results.md").write_text(text)
    try:
        _chart(data, out_dir / "results.png")
    except Exception as err:  # the table and the JSON are the record; a chart must not stop the grid
        logger.warning("chart not written: %s", err)


def _chart(data: dict[str, Any], path: Path) -> None:
    """One panel per benchmark; bar groups = (backbone, steps), one bar per source (mean over seeds, sd as
    error bar, each seed a dot); lines = baselines."""
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
                stats = seed_stats(rows, (backbone, budget, source), bench)
                if stats["mean"] is None:
                    continue
                x = gi - 0.4 + width * (si + 0.5)
                ax.bar(x, stats["mean"], width, color=colours(si % 10), yerr=stats["sd"], capsize=3,
                       label=None if source in labelled else source)
                labelled.add(source)
                if len(stats["values"]) > 1:  # each seed a dot over its bar
                    ax.plot([x] * len(stats["values"]), list(stats["values"].values()), "k.", markersize=4)
                values += list(stats["values"].values())
            base = seed_stats(rows, (backbone, 0, RANDOM_INIT), bench)
            if base["mean"] is not None:
                ax.hlines(base["mean"], gi - 0.45, gi + 0.45, colors="black", linestyles=":",
                          label=RANDOM_INIT + (" (mean)" if len(base["values"]) > 1 else "") if gi == 0 else None)
                values.append(base["mean"])
        pixels = seed_stats(rows, (PIXELS, 0, PIXELS), bench)["mean"]
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
