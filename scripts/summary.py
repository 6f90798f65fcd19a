"""Prints the demo's story from the files the earlier steps wrote, and saves it as summary.md.

Usage: python scripts/summary.py [OUT_DIR]   (the layout scripts/demo.sh writes; default out/demo)
"""
from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path


# The cpu-seeds experiment's cells, committed: the demo's one-seed gain is read against them.
SEEDS_RECORD = Path(__file__).resolve().parents[1] / "benchmarks" / "cpu_seeds_results.json"


def _load(path: Path) -> dict | list | None:
    return json.loads(path.read_text()) if path.exists() else None


def _cells(out: Path) -> list[dict]:
    """The experiment's finished cells (scripts/demo.sh runs evaluate.experiment into OUT/experiment)."""
    results = _load(out / "experiment" / "results.json")
    return [] if results is None else list(results["cells"].values())


def _procedural_run(out: Path) -> Path | None:
    """The train folder of the procedural run (the first trained source that is not real)."""
    for cell in _cells(out):
        if cell["source"] not in ("random-init", "pixels") and not cell["source"].startswith("real:"):
            return out / "experiment" / "runs" / (cell.get("train") or f"{cell['run']}/train")
    return None


def _training_lines(out: Path) -> list[str]:
    run = _procedural_run(out)
    metrics = run / "metrics.csv" if run is not None else out / "train" / "metrics.csv"
    if not metrics.exists():
        return ["training: no metrics.csv found"]
    with metrics.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    if not rows:  # the header is written before the first logged step
        return ["training: metrics.csv has no logged steps yet"]
    lines = [f"training: {len(rows)} logged steps, loss {float(rows[0]['loss']):.3f} -> "
             f"{float(rows[-1]['loss']):.3f}"]
    for key in ("teacher_std", "teacher_entropy", "img_s", "data_wait_frac"):
        # Monitoring columns can be blank on some steps: first and last logged values.
        values = [float(row[key]) for row in rows if row.get(key) not in ("", None)]
        if values:
            lines.append(f"  {key}: {values[0]:.4g} -> {values[-1]:.4g}")
    return lines


def _label(cell: dict) -> str:
    if cell["source"] == "random-init":
        return f"{cell['backbone']}, its own random init"
    if cell["source"] == "pixels":
        return "raw pixels"
    if cell["source"].startswith("real:"):
        return f"control: same recipe on {cell['source'][5:]}, {cell['budget']} steps"
    return f"DINO on procedural {cell['source']}, {cell['budget']} steps"


def _top1(cell: dict) -> dict[int, float]:
    return {int(k.split("@")[1]): v for k, v in cell.get("metrics", {}).items() if k.startswith("top1@")}


def _knn_lines(out: Path) -> list[str]:
    cells = _cells(out)
    if not cells:
        return ["KNN: missing (no experiment/results.json)"]
    lines = []
    for bench in dict.fromkeys(c["benchmark"] for c in cells):
        lines.append(f"KNN on the memory, {bench} (top-1 %, per k):")
        mine = [c for c in cells if c["benchmark"] == bench]
        order = {"random-init": 0, "pixels": 3}
        mine.sort(key=lambda c: order.get(c["source"], 2 if c["source"].startswith("real:") else 1))
        by_source = {}
        for cell in mine:
            if cell["status"] != "done":
                lines.append(f"  {_label(cell):44s} failed: {cell.get('reason', '?')}")
                continue
            by_source[cell["source"]] = cell
            tops = _top1(cell)
            values = "  ".join(f"k={k}: {t:.2f}" for k, t in sorted(tops.items()))
            lines.append(f"  {_label(cell):44s} {values}   (memory {cell['metrics']['n_memory']}, "
                         f"queries {cell['metrics']['n_queries']})")
        lines += _verdict(out, by_source)
    return lines


def _baseline_kind(out: Path, cell: dict) -> str:
    """What the random-init baseline is, from its export: BatchNorm statistics measured on procedural
    images (``train.export.export_random_init``), BatchNorm left at init (degenerate), or no BatchNorm."""
    folder = out / "experiment" / "runs" / cell["run"] / "backbone"
    config = _load(folder / "config.json")
    if config is None:
        return "export not found"
    bn_stats = config.get("provenance", {}).get("bn_stats")
    if bn_stats:
        return f"BN stats from procedural images: {bn_stats}"
    from safetensors import safe_open

    weights = folder / "model.safetensors"
    if weights.exists():
        with safe_open(str(weights), "pt") as handle:
            if any(key.endswith("running_mean") for key in handle.keys()):
                return "BN at init stats: a degenerate baseline"
    return "no BatchNorm: weights as initialised"


def _verdict(out: Path, by_source: dict[str, dict]) -> list[str]:
    """The gain over random init at the smallest k, next to the control and the pixels, said plainly."""
    base = by_source.get("random-init")
    if base is None:
        return []
    k = min(_top1(base))
    what = _baseline_kind(out, base)
    lines = []
    for source, cell in by_source.items():
        if source in ("random-init", "pixels"):
            continue
        gain = _top1(cell)[k] - _top1(base)[k]
        kind = "control (real images)" if source.startswith("real:") else "procedural"
        lines.append(f"  gain over its own random init ({what}), k={k}: {gain:+.2f} points ({kind}, {source})")
    seeds = {c.get("seed") for c in by_source.values() if c.get("seed") is not None}
    if len(seeds) <= 1 and len(lines) > 0:  # one seed: say how far one run's gain can be trusted
        lines += _recorded_seed_lines(SEEDS_RECORD)
    pixels = by_source.get("pixels")
    if pixels is not None:  # how strong the baseline itself is: the gain means little over a weak one
        gap = _top1(base)[k] - _top1(pixels)[k]
        lines.append(f"  the random init itself is {abs(gap):.2f} points {'above' if gap > 0 else 'below'} "
                     f"raw pixels at k={k}")
    procedural = [c for s, c in by_source.items() if s not in ("random-init", "pixels") and not s.startswith("real:")]
    if pixels is not None and procedural:
        gap = _top1(procedural[0])[k] - _top1(pixels)[k]
        word = "above" if gap > 0 else "below"
        lines.append(f"  the procedural backbone is {abs(gap):.2f} points {word} raw pixels at k={k}"
                     + ("" if gap > 0 else ": at this CPU budget it has not learned features that beat pixels"))
    return lines


def _recorded_seed_lines(record: Path) -> list[str]:
    """The same recipe's gains over several seeds, from the committed experiment record (if any)."""
    data = _load(record)
    if not data:
        return []
    from evaluate.experiment_report import seed_stats, summarise

    benches, rows = summarise(data)
    lines, worst = [], []  # worst: each source's smallest mean gain over the benchmarks
    for key in sorted(k for k in rows if k[2] not in ("random-init", "pixels")):
        stats = [(b, st) for b in benches if (st := seed_stats(rows, key, b))["gain_mean"] is not None]
        if stats:
            n = max(len(st["gains"]) for _, st in stats)
            lines.append(f"    {key[2]}, {key[1]} steps, {n} seeds: "
                         + ", ".join(f"{b} {st['gain_mean']:+.2f} ± {st['gain_sd'] or 0:.2f}" for b, st in stats))
            worst.append(min(st["gain_mean"] for _, st in stats))
    if not lines:
        return []
    verdict = "a source gains" if max(worst) >= 3 else "no source gains"  # the evidence target: +3 on every one
    return (["  one seed is one draw: this recipe's gains over several seeds, mean ± sd "
             f"({record.relative_to(record.parents[1])}, benchmarks/RESULTS.md):"] + lines
            + [f"    {verdict} 3 points on every benchmark on average (best: {max(worst):+.2f} on its worst one)"])


def _privacy_lines(out: Path) -> list[str]:
    result = _load(out / "privacy.json")
    if result is None:
        return ["privacy: missing"]
    frac = result["fraction_nonprivate"]
    count = result["n_nonprivate"]
    total = result["n_memory"]
    return [f"privacy: {count} of {total} memory samples are non-private ({100 * frac:.2f}%), "
            f"k={result['k']}, vote {result['vote']}, {result['n_queries']} queries"]


def _bench_lines(out: Path) -> list[str]:
    rows = _load(out / "bench.json")
    if not rows:
        return ["bench: missing"]
    rows = rows["rows"] if isinstance(rows, dict) else rows
    lines = ["engine vs the per-image baseline (one draw + read-back per image, images/s):"]
    for row in rows:
        if row.get("baseline_img_s"):
            lines.append(f"  {row['dataset']:14s} {row['resolution']:4d}px  "
                         f"engine {row['engine_img_s']:9.1f}  "
                         f"baseline {row['baseline_img_s']:8.1f}  x{row['ratio']:.1f}")
    return lines


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python scripts/summary.py",
        description="Print the demo's results (bench.json, experiment/results.json with the training "
                    "run's metrics.csv, privacy.json, pictures) and save them as OUT_DIR/summary.md.")
    parser.add_argument("out", nargs="?", type=Path, default=Path("out/demo"), metavar="OUT_DIR",
                        help="folder scripts/demo.sh wrote its results to (default: out/demo)")
    out = parser.parse_args(argv).out
    if not out.is_dir():
        parser.error(f"OUT_DIR {out} is not a folder (run scripts/demo.sh first)")
    lines = (_bench_lines(out) + [""] + _training_lines(out) + [""] + _knn_lines(out) + [""]
             + _privacy_lines(out))
    run = _procedural_run(out)
    pictures = sorted(p.name for p in out.glob("*.png"))
    if (out / "experiment" / "results.png").exists():
        pictures.append("experiment/results.png")
    if run is not None:
        pictures += sorted(str(p.relative_to(out)) for p in run.glob("*.png"))
    lines += ["", "pictures: " + ", ".join(pictures)]
    text = "\n".join(lines)
    print(text)
    (out / "summary.md").write_text("```\n" + text + "\n```\n")


if __name__ == "__main__":
    main()
