"""scripts/summary.py on the files the demo's steps really write: it prints the numbers in them.

The files are laid out as scripts/demo.sh lays them out."""
from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image

torch.set_num_threads(1)

ROOT = Path(__file__).resolve().parents[1]
SUMMARY = ROOT / "scripts" / "summary.py"


def _summary(out: Path | str, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SUMMARY), str(out), *extra], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)


@pytest.fixture
def noisy_colours(tmp_path) -> Path:
    """PATH/{train,test}/{red,green,blue}/*.png: 12x12 squares of a faint class tint, a
    seeded per-image colour shift and pixel noise, so KNN is right often but not always."""
    root = tmp_path / "colours"
    bases = {"red": (125, 100, 100), "green": (100, 125, 100), "blue": (100, 100, 125)}
    for c, (name, base) in enumerate(bases.items()):
        for i in range(14):
            rng = np.random.default_rng([5, c, i])  # seeded from (seed, class, index)
            split = "train" if i < 10 else "test"
            folder = root / split / name
            folder.mkdir(parents=True, exist_ok=True)
            shift = rng.normal(0, 20, size=3)
            pixels = np.array(base) + shift + rng.normal(0, 30, size=(12, 12, 3))
            Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8)).save(folder / f"{i}.png")
    return root


def _write_bench(path: Path) -> list[dict]:
    """Rows in procgen.bench's --json format: a list of rows, each with the machine among
    its extras (the numbers stand in for a timing run, which is too slow for a test)."""
    machine = {"device": "cpu", "gl_renderer": "llvmpipe"}
    rows = [{"dataset": "render", "resolution": 64, "batch": 8, "repeats": 3,
             "baseline_samples": 8, "device": "cpu", "raw_img_s": 1500.0,
             "engine_img_s": 1234.5, "baseline_img_s": 101.25},
            {"dataset": "kml-mixup", "resolution": 96, "batch": 8, "repeats": 3,
             "baseline_samples": 2, "device": "cpu", "engine_img_s": 88.125,
             "baseline_img_s": 3.5}]
    for row in rows:
        row["ratio"] = row["engine_img_s"] / row["baseline_img_s"]
    path.write_text(json.dumps([{**row, "machine": machine} for row in rows], indent=2))
    return rows


def _write_metrics(path: Path) -> list[dict]:
    """metrics.csv with train.loop's own columns; the first step has no monitoring values
    (blank cells), as on steps where the collapse monitor did not run."""
    from train.loop import CSV_COLUMNS

    rows = []
    for step in range(3):
        row = {name: f"{0.001 * (step + 1) + len(name):.6f}" for name in CSV_COLUMNS}
        row.update(step=step * 10, loss=f"{10.8 - 0.37 * step:.6f}", img_s=f"{40.0 + step:.3f}")
        if step == 0:
            row.update(teacher_std="", teacher_entropy="")
        rows.append(row)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return rows


def _write_results(out: Path, dataset: str) -> dict:
    """experiment/results.json as evaluate.experiment writes it, its cells measured by the real
    knn benchmark kind (pixel backbones of different sizes stand in for the trained ones, so a
    number shown under the wrong label is caught), and the procedural run's metrics.csv."""
    from evaluate.experiment_knn import knn_benchmark

    cells = {}
    for source, backbone, run in (("random-init", "pixels@8", "r/random-init-0-a"),
                                  ("kml-mixup", "pixels@4", "r/kml-mixup-30-b"),
                                  ("real:fashion-mnist", "pixels@6", "r/real_fashion-mnist-30-c"),
                                  ("pixels", "pixels@12", "pixels")):
        metrics = knn_benchmark(backbone, {"dataset": dataset, "k": [1, 3]}, out / "experiment" / "bench")
        cells[f"{run}|knn"] = {"source": source, "backbone": "r" if source != "pixels" else "pixels",
                               "budget": 0 if source in ("random-init", "pixels") else 30, "run": run,
                               "benchmark": "knn:colours", "status": "done", "metrics": metrics}
    cells["r/shaders-30-d|knn"] = {"source": "shaders", "backbone": "r", "budget": 30, "run": "r/shaders-30-d",
                                   "benchmark": "knn:colours", "status": "failed", "reason": "FloatingPointError: nan"}
    (out / "experiment" / "results.json").write_text(json.dumps({"cells": cells}))
    # The random-init export's config.json, as train.export.export_random_init writes it for a BN net.
    export = out / "experiment" / "runs" / "r/random-init-0-a" / "backbone"
    export.mkdir(parents=True)
    (export / "config.json").write_text(json.dumps(
        {"provenance": {"kind": "random-init", "bn_stats": "kml-mixup (256 images)"}}))
    return cells


def test_summary_prints_the_numbers_of_the_demo_files(tmp_path, noisy_colours):
    from memory import knn, privacy

    out = tmp_path / "demo"
    out.mkdir()
    dataset = f"imagefolder:{noisy_colours}"
    assert knn.main(["--backbone", "pixels@4", "--dataset", dataset, "--k", "1", "--json",
                     str(out / "knn_procedural.json"), "--retrieval-png", str(out / "retrieval.png"),
                     "--retrieval-queries", "2"]) == 0
    privacy.main(["--backbone", "pixels@8", "--dataset", dataset, "--k", "5",
                  "--json", str(out / "privacy.json"), "--png", str(out / "privacy.png")])
    bench = _write_bench(out / "bench.json")
    cells = _write_results(out, dataset)
    metrics = _write_metrics(out / "experiment" / "runs" / "r/kml-mixup-30-b" / "train" / "metrics.csv")

    result = _summary(out)
    assert result.returncode == 0, result.stderr
    printed = result.stdout.splitlines()

    for row in bench:
        assert (f"  {row['dataset']:14s} {row['resolution']:4d}px  "
                f"engine {row['engine_img_s']:9.1f}  baseline {row['baseline_img_s']:8.1f}  "
                f"x{row['ratio']:.1f}") in printed
    assert (f"training: 3 logged steps, loss {float(metrics[0]['loss']):.3f} -> "
            f"{float(metrics[-1]['loss']):.3f}") in printed
    std = [float(row["teacher_std"]) for row in metrics[1:]]
    assert f"  teacher_std: {std[0]:.4g} -> {std[-1]:.4g}" in printed
    assert (f"  img_s: {float(metrics[0]['img_s']):.4g} -> "
            f"{float(metrics[-1]['img_s']):.4g}") in printed

    top = {c["source"]: c["metrics"]["top1@1"] for c in cells.values() if c["status"] == "done"}
    assert len(set(top.values())) > 1  # the fixture gives accuracies that can be told apart
    labels = {"random-init": "r, its own random init", "kml-mixup": "DINO on procedural kml-mixup, 30 steps",
              "real:fashion-mnist": "control: same recipe on fashion-mnist, 30 steps", "pixels": "raw pixels"}
    for cell in cells.values():
        if cell["status"] == "done":
            m = cell["metrics"]
            assert (f"  {labels[cell['source']]:44s} k=1: {m['top1@1']:.2f}  k=3: {m['top1@3']:.2f}   "
                    f"(memory {m['n_memory']}, queries {m['n_queries']})") in printed
    assert f"  {'DINO on procedural shaders, 30 steps':44s} failed: FloatingPointError: nan" in printed
    gain = top["kml-mixup"] - top["random-init"]
    what = "BN stats from procedural images: kml-mixup (256 images)"
    assert f"  gain over its own random init ({what}), k=1: {gain:+.2f} points (procedural, kml-mixup)" in printed
    control = top["real:fashion-mnist"] - top["random-init"]
    assert (f"  gain over its own random init ({what}), k=1: {control:+.2f} points (control (real images), "
            "real:fashion-mnist)") in printed
    # The committed five-seed record, summarised with the runner's own statistics.
    from evaluate.experiment_report import seed_stats, summarise

    record = json.loads((ROOT / "benchmarks" / "cpu_seeds_results.json").read_text())
    benches, rows = summarise(record)
    stats = seed_stats(rows, ("resnet18", 150, "kml-mixup"), "knn:mnist")
    assert len(stats["gains"]) == 5
    assert any(line.startswith("    kml-mixup, 150 steps, 5 seeds: knn:mnist "
                               f"{stats['gain_mean']:+.2f} ± {stats['gain_sd']:.2f}") for line in printed)
    worst = max(min(seed_stats(rows, key, b)["gain_mean"] for b in benches)
                for key in rows if key[2] not in ("random-init", "pixels"))
    verdict = "a source gains" if worst >= 3 else "no source gains"
    assert f"    {verdict} 3 points on every benchmark on average (best: {worst:+.2f} on its worst one)" in printed
    base_gap = top["random-init"] - top["pixels"]
    assert (f"  the random init itself is {abs(base_gap):.2f} points {'above' if base_gap > 0 else 'below'} "
            "raw pixels at k=1") in printed
    gap = top["kml-mixup"] - top["pixels"]
    assert any(line.startswith(f"  the procedural backbone is {abs(gap):.2f} points "
                               f"{'above' if gap > 0 else 'below'} raw pixels at k=1") for line in printed)

    report = json.loads((out / "privacy.json").read_text())
    assert report["n_memory"] == 30 and 0 < report["n_nonprivate"] <= 30
    assert (f"privacy: {report['n_nonprivate']} of 30 memory samples are non-private "
            f"({100 * report['fraction_nonprivate']:.2f}%), k=5, vote {report['vote']}, "
            f"12 queries") in printed
    assert printed[-1] == "pictures: privacy.png, retrieval.png"
    assert (out / "summary.md").read_text() == "```\n" + result.stdout.rstrip("\n") + "\n```\n"


def test_summary_of_a_run_that_has_only_started(tmp_path):
    """Header-only metrics.csv (written before the first step), bench.json in the
    {"rows": [...]} form, the rest missing: a clear line for each, no crash."""
    from train.loop import CSV_COLUMNS

    out = tmp_path / "demo"
    (out / "train").mkdir(parents=True)
    (out / "train" / "metrics.csv").write_text(",".join(CSV_COLUMNS) + "\n")
    row = {"dataset": "shaders", "resolution": 32, "engine_img_s": 500.0,
           "baseline_img_s": 50.0, "ratio": 10.0}
    (out / "bench.json").write_text(json.dumps({"rows": [row]}))
    result = _summary(out)
    assert result.returncode == 0, result.stderr
    printed = result.stdout.splitlines()
    assert "training: metrics.csv has no logged steps yet" in printed
    assert "  shaders          32px  engine     500.0  baseline     50.0  x10.0" in printed
    assert "privacy: missing" in printed
    assert "KNN: missing (no experiment/results.json)" in printed
    assert sum("missing" in line for line in printed) == 2  # the experiment's results + privacy


def test_summary_help_and_bad_folder(tmp_path):
    helped = _summary("--help")
    assert helped.returncode == 0 and "OUT_DIR" in helped.stdout
    assert not Path(ROOT / "--help").exists()
    missing = _summary(tmp_path / "nowhere")
    assert missing.returncode == 2 and "is not a folder" in missing.stderr
    assert "Traceback" not in missing.stderr


def test_summary_names_a_degenerate_or_batchnorm_free_baseline(tmp_path):
    """An export without bn_stats: BN buffers in its weights -> "degenerate"; none -> "no BatchNorm"."""
    import importlib.util

    from safetensors.torch import save_file

    spec = importlib.util.spec_from_file_location("summary", Path(__file__).parents[1] / "scripts" / "summary.py")
    summary = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(summary)
    folder = tmp_path / "experiment" / "runs" / "r" / "backbone"
    cell = {"run": "r"}
    assert summary._baseline_kind(tmp_path, cell) == "export not found"
    folder.mkdir(parents=True)
    (folder / "config.json").write_text(json.dumps({"provenance": {"kind": "random-init"}}))
    save_file({"bn1.running_mean": torch.zeros(2), "conv1.weight": torch.ones(2)}, str(folder / "model.safetensors"))
    assert summary._baseline_kind(tmp_path, cell) == "BN at init stats: a degenerate baseline"
    save_file({"norm.weight": torch.ones(2)}, str(folder / "model.safetensors"))
    assert summary._baseline_kind(tmp_path, cell) == "no BatchNorm: weights as initialised"
