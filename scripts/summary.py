"""Prints the demo's story from the files the earlier steps wrote, and saves it as summary.md.

Usage: python scripts/summary.py [OUT_DIR]   (the layout scripts/demo.sh writes; default out/demo)
"""
from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path


def _load(path: Path) -> dict | list | None:
    return json.loads(path.read_text()) if path.exists() else None


def _training_lines(out: Path) -> list[str]:
    metrics = out / "train" / "metrics.csv"
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


def _knn_lines(out: Path) -> list[str]:
    lines = ["KNN on the memory (top-1 %, per k):"]
    for name, label in (("procedural", "DINO on procedural images"),
                        ("random", "same ViT, random init"),
                        ("pixels", "raw pixels")):
        result = _load(out / f"knn_{name}.json")
        if result is None:
            lines.append(f"  {label:28s} missing")
            continue
        cells = "  ".join(f"k={k}: {t:.2f}" for k, t in zip(result["k"], result["top1"]))
        lines.append(f"  {label:28s} {cells}   (memory {result['n_memory']}, "
                     f"queries {result['n_queries']})")
    return lines


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
        description="Print the demo's results (bench.json, train/metrics.csv, knn_*.json, "
                    "privacy.json, pictures) and save them as OUT_DIR/summary.md.")
    parser.add_argument("out", nargs="?", type=Path, default=Path("out/demo"), metavar="OUT_DIR",
                        help="folder scripts/demo.sh wrote its results to (default: out/demo)")
    out = parser.parse_args(argv).out
    if not out.is_dir():
        parser.error(f"OUT_DIR {out} is not a folder (run scripts/demo.sh first)")
    lines = (_bench_lines(out) + [""] + _training_lines(out) + [""] + _knn_lines(out) + [""]
             + _privacy_lines(out))
    pictures = (sorted(p.name for p in out.glob("*.png"))
                + sorted(f"train/{p.name}" for p in (out / "train").glob("*.png")))
    lines += ["", "pictures: " + ", ".join(pictures)]
    text = "\n".join(lines)
    print(text)
    (out / "summary.md").write_text("```\n" + text + "\n```\n")


if __name__ == "__main__":
    main()
