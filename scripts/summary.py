"""Prints the demo's story from the files the earlier steps wrote, and saves it as summary.md.

Usage: python scripts/summary.py OUT_DIR
"""
from __future__ import annotations

import csv
import json
import sys
from pathlib import Path


def _load(path: Path) -> dict | list | None:
    return json.loads(path.read_text()) if path.exists() else None


def _training_lines(out: Path) -> list[str]:
    metrics = out / "train" / "metrics.csv"
    if not metrics.exists():
        return ["training: no metrics.csv found"]
    rows = list(csv.DictReader(metrics.open()))
    first, last = rows[0], rows[-1]
    lines = [f"training: {len(rows)} logged steps, loss {float(first['loss']):.3f} -> {float(last['loss']):.3f}"]
    for key in ("teacher_std", "teacher_entropy", "img_s", "data_wait_frac"):
        if key in last and last[key] not in ("", None):
            lines.append(f"  {key}: {float(first[key]):.4g} -> {float(last[key]):.4g}")
    return lines


def _knn_lines(out: Path) -> list[str]:
    lines = ["KNN on the memory (top-1 %, per k):"]
    for name, label in (("procedural", "DINO on procedural images"), ("random", "same ViT, random init"),
                        ("pixels", "raw pixels")):
        result = _load(out / f"knn_{name}.json")
        if result is None:
            lines.append(f"  {label:28s} missing")
            continue
        cells = "  ".join(f"k={k}: {t:.2f}" for k, t in zip(result["k"], result["top1"]))
        lines.append(f"  {label:28s} {cells}   (memory {result['n_memory']}, queries {result['n_queries']})")
    return lines


def _privacy_lines(out: Path) -> list[str]:
    result = _load(out / "privacy.json")
    if result is None:
        return ["privacy: missing"]
    frac = result["fraction_nonprivate"]
    count = result["n_nonprivate"]
    total = result["n_memory"]
    return [f"privacy: {count} of {total} memory samples are non-private ({100 * frac:.2f}%), k={result['k']}, vote {result['vote']}, {result['n_queries']} queries"]


def _bench_lines(out: Path) -> list[str]:
    rows = _load(out / "bench.json")
    if not rows:
        return ["bench: missing"]
    rows = rows["rows"] if isinstance(rows, dict) else rows
    lines = ["engine vs the predecessor's way (images/s):"]
    for row in rows:
        if row.get("baseline_img_s"):
            lines.append(f"  {row['dataset']:14s} {row['resolution']:4d}px  engine {row['engine_img_s']:9.1f}"
                         f"  baseline {row['baseline_img_s']:8.1f}  x{row['ratio']:.1f}")
    return lines


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "out/demo")
    lines = _bench_lines(out) + [""] + _training_lines(out) + [""] + _knn_lines(out) + [""] + _privacy_lines(out)
    pictures = sorted(p.name for p in out.glob("*.png")) + sorted(f"train/{p.name}" for p in (out / "train").glob("*.png"))
    lines += ["", "pictures: " + ", ".join(pictures)]
    text = "\n".join(lines)
    print(text)
    (out / "summary.md").write_text("```\n" + text + "\n```\n")


if __name__ == "__main__":
    main()
