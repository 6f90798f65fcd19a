"""The experiment runner: bad configs refused before training, cells recorded as they finish, resume."""
from __future__ import annotations

import json

import pytest
import torch
import yaml

import train.loop as train_loop

import evaluate.experiment as experiment
from evaluate.experiment import main, plan_runs, run_experiment
from evaluate.experiment_config import ExperimentConfigError, as_override_text, load_experiment
from evaluate.experiment_report import markdown_table, seed_stats, summarise

TRAIN = {"preset": "cpu-tiny", "batch_size": 4, "data.resolution": 32, "crops.n_local": 1, "model.out_dim": 32,
         "model.hidden_dim": 32, "model.bottleneck_dim": 16, "optim.warmup_steps": 1, "tensorboard": False,
         "progress": False, "checkpoint_every": 1, "device": "cpu"}
KNN = {"kind": "knn", "dataset": "fashion-mnist", "limit_train": 60, "limit_test": 30, "k": [3, 5]}


def _config(tmp_path, **changes):
    raw = {"output_dir": str(tmp_path / "out"), "train": TRAIN, "sources": ["shaders", "random-init"],
           "backbones": {"vit": {"model.arch": "vit_tiny_patch16_224"}}, "budgets": [2], "benchmarks": [KNN]}
    raw.update(changes)
    path = tmp_path / "exp.yaml"
    path.write_text(yaml.safe_dump(raw))
    return path


@pytest.mark.parametrize("changes, message", [
    ({"sources": ["kml", "fractals"]}, "unknown source 'fractals'"),
    ({"sources": ["real:cifar-11"]}, "unknown dataset spec 'cifar-11'"),
    ({"sources": ["real:imagefolder:/nonexistent/x"]}, "dataset 'imagefolder:/nonexistent/x'"),
    ({"backbones": {"b": {"model.arch": "resnet_999"}}}, "unknown timm architecture 'resnet_999'"),
    ({"backbones": {"b": {"model.archh": "resnet18"}}}, "unknown config key 'model.archh'"),
    ({"benchmarks": [{**KNN, "dataset": "mnist-fashion"}]}, "unknown dataset spec 'mnist-fashion'"),
    ({"benchmarks": [{**KNN, "kind": "linear-probe-xyz"}]}, "unknown benchmark kind 'linear-probe-xyz'"),
    ({"budgets": [0]}, "budgets"),
    ({"colour": "blue"}, "unknown keys \\['colour'\\]"),
    ({"seeds": [0, 0]}, "seeds.*without repeats"),
    ({"seeds": []}, "seeds.*non-empty"),
    ({"seeds": [0, -1]}, "seeds.*>= 0"),
    ({"seed": 1, "seeds": [0, 1]}, "without 'seed'"),
    ({"budgets": [2, 6], "train": {**TRAIN, "schedule_steps": 4}}, "schedule_steps"),
])
def test_bad_configs_fail_before_any_training(tmp_path, monkeypatch, changes, message):
    monkeypatch.setattr(experiment, "prepare_backbone", _no_training)
    with pytest.raises(ExperimentConfigError, match=message):
        load_experiment(_config(tmp_path, **changes))
    assert main([str(_config(tmp_path, **changes))]) == 2
    assert not (tmp_path / "out").exists()


def _no_training(*args, **kwargs):
    raise AssertionError("training started")


def test_grid_records_cells_and_resume_redoes_nothing(tmp_path, monkeypatch, capsys):
    exp = load_experiment(_config(tmp_path, sources=["shaders", "random-init", "real:fashion-mnist"]))
    assert [r["source"] for r in plan_runs(exp)] == ["random-init", "shaders", "real:fashion-mnist", "pixels"]
    data = run_experiment(exp)
    cells = data["cells"]
    assert len(cells) == 4 and all(c["status"] == "done" for c in cells.values())
    by_source = {c["source"]: c for c in cells.values()}
    for source, kind in (("shaders", "procedural"), ("real:fashion-mnist", "real"), ("random-init", "random-init")):
        export = by_source[source]["backbone_spec"]
        assert json.loads((tmp_path / "out" / "runs" / by_source[source]["run"] / "backbone" / "config.json")
                          .read_text())["provenance"]["kind"] == kind, export
    assert set(by_source["pixels"]["metrics"]) >= {"top1@3", "top5@3", "top1@5", "n_memory", "n_queries"}
    assert by_source["pixels"]["metrics"]["n_memory"] == 60 and by_source["pixels"]["metrics"]["n_queries"] == 30
    assert json.loads((tmp_path / "out" / "results.json").read_text())["cells"] == cells
    table = (tmp_path / "out" / "results.md").read_text()
    assert "| vit | 2 | shaders |" in table and "| pixels | - | pixels |" in table
    assert (tmp_path / "out" / "results.png").read_bytes()[:4] == b"\x89PNG"
    # Without --resume an existing experiment is refused; with it nothing finished is redone.
    with pytest.raises(ExperimentConfigError, match="--resume"):
        run_experiment(exp)
    monkeypatch.setattr(experiment, "prepare_backbone", _no_training)
    assert run_experiment(exp, resume=True)["cells"] == cells


def test_a_failing_cell_is_recorded_and_the_grid_goes_on(tmp_path):
    # A huge learning rate makes the loss NaN on the second step: that run fails, the others finish.
    path = _config(tmp_path, backbones={"ok": {"model.arch": "vit_tiny_patch16_224"},
                                        "nan": {"model.arch": "vit_tiny_patch16_224", "optim.lr": 1e30,
                                                "dino.student_temp": 1e-30}},
                   pixel_baseline=False)
    assert main([str(path)]) == 1  # exit 1: some cells failed
    cells = json.loads((tmp_path / "out" / "results.json").read_text())["cells"]
    failed = [c for c in cells.values() if c["status"] == "failed"]
    assert [(c["backbone"], c["source"]) for c in failed] == [("nan", "shaders")]
    assert "FloatingPointError" in failed[0]["reason"] and "loss is nan" in failed[0]["reason"]
    assert sum(c["status"] == "done" for c in cells.values()) == 3
    assert "failed: FloatingPointError" in markdown_table(json.loads((tmp_path / "out" / "results.json").read_text()))


def test_seeds_train_each_run_per_seed_on_the_same_benchmark_images(tmp_path):
    path = _config(tmp_path, seeds=[3, 5], sources=["random-init", "shaders"], budgets=[1])
    exp = load_experiment(path)
    runs = plan_runs(exp)
    assert [(r["source"], r["seed"]) for r in runs] == [("random-init", 3), ("shaders", 3), ("random-init", 5),
                                                        ("shaders", 5), ("pixels", None)]
    assert len({r["id"] for r in runs}) == 5 and "-s5-" in runs[3]["id"]
    data = run_experiment(exp)
    cells = list(data["cells"].values())
    assert all(c["status"] == "done" for c in cells) and len(cells) == 5
    # Each seed has its own initial weights...
    inits = {c["seed"]: c["metrics"]["top1@3"] for c in cells if c["source"] == "random-init"}
    specs = {c["backbone_spec"] for c in cells if c["source"] != "pixels"}
    assert len(specs) == 4 and set(inits) == {3, 5}
    # ...and every run is measured on the same memory and queries (the first seed's subsets).
    for split in ("train", "test"):
        cached = [torch.load(f, weights_only=True)["sources"] for f in (tmp_path / "out").rglob(f"features-{split}-*")]
        assert len(cached) == 5 and all(sources == cached[0] for sources in cached), split
    table = (tmp_path / "out" / "results.md").read_text()
    assert "## Per seed" in table and " ± " in table and "| 3, 5 |" in table
    # The per-seed gain is trained minus the same seed's random init.
    benches, rows = summarise(data)
    stats = seed_stats(rows, ("vit", 1, "shaders"), benches[0])
    trained = {c["seed"]: c["metrics"]["top1@3"] for c in cells if c["source"] == "shaders"}
    assert stats["gains"] == pytest.approx({s: trained[s] - inits[s] for s in (3, 5)})
    assert stats["gain_mean"] == pytest.approx(sum(stats["gains"].values()) / 2)


def test_budgets_of_one_schedule_share_one_training(tmp_path, monkeypatch, capsys):
    # schedule_steps fixed: the 2-step and the 3-step backbones are steps 2 and 3 of one 4-step
    # schedule, so the grid trains once (to 2, then on to 3) and exports each budget's checkpoint.
    path = _config(tmp_path, sources=["shaders"], budgets=[3, 2], pixel_baseline=False,
                   train={**TRAIN, "schedule_steps": 4})
    exp = load_experiment(path)
    runs = plan_runs(exp)
    assert [r["budget"] for r in runs] == [2, 3] and runs[0]["train_id"] == runs[1]["train_id"] != runs[0]["id"]
    assert main([str(path), "--check"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert listed == [f"{r['id']}  (training: {r['train_id']})" for r in runs]
    trained = []
    real_train = train_loop.train

    def counting_train(cfg, stream=None):
        trained.append((cfg.steps, cfg.resume))
        return real_train(cfg, stream=stream)

    monkeypatch.setattr(train_loop, "train", counting_train)
    cells = run_experiment(exp)["cells"]
    assert trained == [(2, False), (3, True)]  # the second budget resumed the first's training
    exports = {c["budget"]: json.loads((tmp_path / "out" / "runs" / c["run"] / "backbone" / "config.json").read_text())
               for c in cells.values()}
    assert exports[2]["steps"] == 2 and exports[3]["steps"] == 3
    assert {c["train"] for c in cells.values()} == {runs[0]["train_id"] + "/train"}
    # The 3-step export equals a separate run of steps=3 schedule_steps=4 (the resume contract).
    from safetensors.torch import load_file
    from train.config import resolve_config
    from train.export import export_checkpoint
    from train.checkpoint import list_checkpoints

    cfg = resolve_config(None, [f"{k}={as_override_text(v)}" for k, v in runs[1]["overrides"].items()]
                         + [f"output_dir={tmp_path / 'alone'}"])
    real_train(cfg)
    export_checkpoint(list_checkpoints(tmp_path / "alone")[-1][1], tmp_path / "alone-export")
    shared = load_file(tmp_path / "out" / "runs" / runs[1]["id"] / "backbone" / "model.safetensors")
    alone = load_file(tmp_path / "alone-export" / "model.safetensors")
    assert shared.keys() == alone.keys() and all(torch.equal(shared[k], alone[k]) for k in shared)


def test_seed_stats_pair_gains_by_seed_and_report_failures():
    def cell(source, seed, value=None, reason=None):
        if reason:
            return {"source": source, "backbone": "b", "budget": 0 if source == "random-init" else 5, "seed": seed,
                    "benchmark": "knn:x", "status": "failed", "reason": reason}
        return {"source": source, "backbone": "b", "budget": 0 if source == "random-init" else 5, "seed": seed,
                "benchmark": "knn:x", "status": "done", "metrics": {"top1@10": value, "top1@20": 0.0}}

    data = {"cells": {str(i): c for i, c in enumerate([
        cell("random-init", 0, 80.0), cell("random-init", 1, 90.0), cell("random-init", 2, 70.0),
        cell("kml", 0, 84.0), cell("kml", 1, 92.0), cell("kml", 2, reason="FloatingPointError: loss is nan")])}}
    _, rows = summarise(data)
    stats = seed_stats(rows, ("b", 5, "kml"), "knn:x")
    assert stats["gains"] == {0: 4.0, 1: 2.0} and stats["gain_mean"] == 3.0
    assert stats["gain_sd"] == pytest.approx(2 ** 0.5) and stats["mean"] == 88.0
    assert stats["failed"] == ["FloatingPointError: loss is nan"]
    assert "88.00 ± 5.66 (+3.00 ± 1.41) [1 failed]" in markdown_table(data)


def test_the_shipped_configs_resolve(monkeypatch):
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "experiments"
    exp = load_experiment(root / "cpu-small.yaml")
    assert {r["source"] for r in plan_runs(exp)} == {"random-init", "kml-mixup", "real:fashion-mnist", "pixels"}
    # The paper's config names ImageFolder paths of GPU machines: here only those are missing.
    with pytest.raises(ExperimentConfigError, match="ImageFolder root not found"):
        load_experiment(root / "paper-vits16.yaml")
    import evaluate.experiment_config as config

    monkeypatch.setattr("memory.data.load_dataset", lambda *a, **k: None)
    paper = config.load_experiment(root / "paper-vits16.yaml")
    assert len(plan_runs(paper)) == 6 and paper.budgets == [250200]
