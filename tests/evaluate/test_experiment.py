"""The experiment runner: bad configs refused before training, cells recorded as they finish, resume."""
from __future__ import annotations

import json

import pytest
import yaml

import evaluate.experiment as experiment
from evaluate.experiment import main, plan_runs, run_experiment
from evaluate.experiment_config import ExperimentConfigError, load_experiment
from evaluate.experiment_report import markdown_table

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
