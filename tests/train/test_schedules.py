"""Schedules are pure functions of the step with the documented shapes."""
from __future__ import annotations

import pytest

from train import schedules as s
from train.config import resolve_config


@pytest.fixture
def cfg():
    return resolve_config(None, ["steps=100", "optim.warmup_steps=10", "batch_size=512", "optim.lr=5e-4",
                                 "optim.min_lr=1e-6", "optim.weight_decay=0.04", "optim.weight_decay_end=0.4",
                                 "dino.momentum_teacher=0.996", "dino.warmup_teacher_temp=0.02",
                                 "dino.teacher_temp=0.04", "dino.warmup_teacher_temp_steps=20"])


def test_learning_rate_warmup_then_cosine(cfg):
    peak = 5e-4 * 512 / 256
    assert s.peak_learning_rate(cfg) == pytest.approx(peak)
    warm = [s.learning_rate(i, cfg) for i in range(10)]
    assert warm == pytest.approx([peak * (i + 1) / 10 for i in range(10)])
    assert s.learning_rate(10, cfg) == pytest.approx(peak)
    assert s.learning_rate(99, cfg) == pytest.approx(1e-6)
    after = [s.learning_rate(i, cfg) for i in range(10, 100)]
    assert all(a >= b for a, b in zip(after, after[1:]))  # monotone cosine decay
    mid = 10 + (90 - 1) / 2
    assert s.learning_rate(int(mid), cfg) == pytest.approx((peak + 1e-6) / 2, rel=0.05)


def test_lr_without_batch_scaling(cfg):
    cfg.optim.lr_batch_scaling = False
    assert s.peak_learning_rate(cfg) == pytest.approx(5e-4)


def test_weight_decay_and_momentum_cosines(cfg):
    assert s.weight_decay(0, cfg) == pytest.approx(0.04)
    assert s.weight_decay(99, cfg) == pytest.approx(0.4)
    assert s.teacher_momentum(0, cfg) == pytest.approx(0.996)
    assert s.teacher_momentum(99, cfg) == pytest.approx(1.0)
    ms = [s.teacher_momentum(i, cfg) for i in range(100)]
    assert all(a <= b for a, b in zip(ms, ms[1:]))


def test_teacher_temperature_warmup(cfg):
    assert s.teacher_temperature(0, cfg) == pytest.approx(0.02)
    assert s.teacher_temperature(10, cfg) == pytest.approx(0.03)
    assert s.teacher_temperature(20, cfg) == pytest.approx(0.04)
    assert s.teacher_temperature(99, cfg) == pytest.approx(0.04)


def test_pure_functions_of_step(cfg):
    first = [(s.learning_rate(i, cfg), s.weight_decay(i, cfg)) for i in (50, 3, 50)]
    assert first[0] == first[2]


def test_schedule_steps_stretches_every_cosine(cfg):
    """steps=40 of a 100-step schedule: the same values as the 100-step run's first 40 steps."""
    part = resolve_config(None, ["steps=40", "schedule_steps=100", "optim.warmup_steps=10", "batch_size=512",
                                 "optim.lr=5e-4", "optim.min_lr=1e-6", "optim.weight_decay=0.04",
                                 "optim.weight_decay_end=0.4", "dino.momentum_teacher=0.996"])
    assert s.schedule_length(part) == 100 and s.schedule_length(cfg) == 100
    for step in (0, 5, 10, 25, 39):
        assert s.learning_rate(step, part) == pytest.approx(s.learning_rate(step, cfg))
        assert s.weight_decay(step, part) == pytest.approx(s.weight_decay(step, cfg))
        assert s.teacher_momentum(step, part) == pytest.approx(s.teacher_momentum(step, cfg))
    # Mid-schedule, not annealed: lr far above min_lr, teacher momentum below 1.
    assert s.learning_rate(39, part) > 100 * 1e-6 and s.teacher_momentum(39, part) < 0.999


@pytest.mark.parametrize("value, match", [(-1, ">= 0"), (50, "at least 'steps'")])
def test_schedule_steps_out_of_range_is_refused(value, match):
    from train.config import ConfigError

    with pytest.raises(ConfigError, match=f"schedule_steps.*{match}"):
        resolve_config(None, ["steps=100", f"schedule_steps={value}"])
