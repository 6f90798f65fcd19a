"""Step timings and host syncs: CPU keeps synchronised wall-clock phases; CUDA (without
profile=true) has no host sync inside a step and reads data wait from CUDA events."""
from __future__ import annotations

import csv
import math
import time

import pytest
import torch

from train.config import ConfigError, resolve_config
from train.loop import _timings, train
from train.step_timer import StepTimer


def test_cpu_timer_measures_each_phase_in_wall_time():
    timer = StepTimer(torch.device("cpu"))
    assert not timer.events
    timer.start()
    time.sleep(0.02)
    timer.mark("data")
    time.sleep(0.04)
    timer.mark("augment")
    seconds = timer.seconds()
    assert set(seconds) == {"data", "augment", "step"}
    assert 0.015 < seconds["data"] < seconds["augment"] and seconds["augment"] >= 0.035
    assert seconds["step"] == pytest.approx(seconds["data"] + seconds["augment"])


def test_timer_needs_a_start_and_a_mark():
    timer = StepTimer(torch.device("cpu"))
    timer.start()
    with pytest.raises(RuntimeError, match="needs start"):
        timer.seconds()


def test_cuda_timer_uses_events_unless_profiling():
    assert StepTimer(torch.device("cuda:0")).events
    assert not StepTimer(torch.device("cuda:0"), profile=True).events


def test_timings_become_the_csv_columns():
    row = _timings({"data": 0.1, "augment": 0.2, "forward_backward": 0.5, "optimizer": 0.2, "step": 1.0}, 64)
    assert row == pytest.approx({"t_data": 0.1, "t_augment": 0.2, "t_forward_backward": 0.5, "t_optimizer": 0.2,
                                 "t_step": 1.0, "img_s": 64.0, "data_wait_frac": 0.1})


def test_cpu_run_logs_every_timing_column_each_step(tmp_path, tiny_overrides):
    cfg = resolve_config(None, tiny_overrides(tmp_path / "run", steps=3, **{"data.resolution": 16}))
    summary = train(cfg)
    with open(tmp_path / "run" / "metrics.csv") as fh:
        rows = list(csv.DictReader(fh))
    assert [int(r["step"]) for r in rows] == [0, 1, 2]
    for row in rows:
        parts = [float(row[k]) for k in ("t_data", "t_augment", "t_forward_backward", "t_optimizer")]
        assert all(p >= 0 for p in parts) and float(row["t_step"]) == pytest.approx(sum(parts), rel=1e-6)
        assert 0 <= float(row["data_wait_frac"]) <= 1 and float(row["img_s"]) > 0
    assert isinstance(summary["final_metrics"]["loss"], float)


def test_unknown_kml_backend_fails_before_any_work(tmp_path, tiny_overrides):
    with pytest.raises(ConfigError, match="data.kml_backend=jax do not fit.*kml_backend must be one of"):
        train(resolve_config(None, tiny_overrides(tmp_path / "run", **{"data.dataset": "kml",
                                                                         "data.kml_backend": "jax"})))


# ------------------------------------------------------------------------------------ on a GPU
@pytest.mark.cuda
def test_cuda_step_has_no_host_sync_outside_logging_steps(tmp_path, tiny_overrides):
    from train.augment import MultiCropAugment
    from train.dino import DINOStep
    from train.model import build_student_teacher

    cfg = resolve_config(None, tiny_overrides(tmp_path, device="cuda"))
    device = torch.device("cuda")
    student, teacher = (m.to(device) for m in build_student_teacher(cfg))
    dino = DINOStep(cfg, student, student, teacher, device)
    augment = MultiCropAugment(cfg.crops.global_size, cfg.crops.local_size, cfg.crops.n_local)
    images, index = torch.rand(4, 3, 32, 32, device=device), torch.arange(4)
    dino.step(augment(images, 0, index), 0, monitor=True)  # warm-up: allocations, lazy init
    torch.cuda.synchronize()
    timer = StepTimer(device)
    torch.cuda.set_sync_debug_mode("error")  # any synchronising call raises
    try:
        timer.start()
        views = augment(images, 0, index)
        timer.mark("augment")
        metrics = dino.step(views, 3, monitor=False, timer=timer)
    finally:
        torch.cuda.set_sync_debug_mode("default")
    assert torch.is_tensor(metrics["loss"]) and metrics["loss"].device.type == "cuda"
    seconds = timer.seconds()  # the one wait, on a logging step
    assert seconds["forward_backward"] > 0 and math.isfinite(float(metrics["loss"]))


@pytest.mark.cuda
def test_cuda_run_reports_data_wait_from_events(tmp_path, tiny_overrides):
    cfg = resolve_config(None, tiny_overrides(tmp_path / "run", device="cuda", steps=4, log_every=2))
    summary = train(cfg)
    with open(tmp_path / "run" / "metrics.csv") as fh:
        rows = list(csv.DictReader(fh))
    assert [int(r["step"]) for r in rows] == [0, 2, 3]
    assert all(0 <= float(r["data_wait_frac"]) <= 1 and float(r["img_s"]) > 0 for r in rows)
    assert isinstance(summary["final_metrics"]["loss"], float)
