"""Training schedules as pure functions of the step (nanoGPT's ``get_lr(it)``, DINO's cosines).

No state: a resumed run at step s gets exactly the values an uninterrupted run gets at step s.
The cosines run over :func:`schedule_length` steps: the run's ``steps``, or ``schedule_steps`` when a
run trains only the first part of a longer schedule. Step indices run from 0.
"""
from __future__ import annotations

import math

from train.config import TrainConfig

__all__ = [
    "cosine", "learning_rate", "weight_decay", "teacher_momentum", "teacher_temperature",
    "peak_learning_rate", "schedule_length",
]


def cosine(step: int, total_steps: int, start: float, end: float) -> float:
    """Half-cosine from ``start`` at step 0 to ``end`` at step ``total_steps - 1`` (clamped)."""
    if total_steps <= 1:
        return end if step > 0 else start
    t = min(max(step, 0), total_steps - 1) / (total_steps - 1)
    return end + 0.5 * (start - end) * (1.0 + math.cos(math.pi * t))


def schedule_length(cfg: TrainConfig) -> int:
    """Steps the cosines span: ``schedule_steps`` if set (> 0), else the run's ``steps``."""
    return cfg.schedule_steps or cfg.steps


def peak_learning_rate(cfg: TrainConfig) -> float:
    """``lr * batch_size / 256`` with DINO's linear scaling rule, else ``lr``."""
    scale = cfg.batch_size / 256.0 if cfg.optim.lr_batch_scaling else 1.0
    return cfg.optim.lr * scale


def learning_rate(step: int, cfg: TrainConfig) -> float:
    """Linear warm-up from 0 to the peak over ``warmup_steps``, then cosine to ``min_lr``."""
    peak, warm = peak_learning_rate(cfg), cfg.optim.warmup_steps
    if step < warm:
        return peak * (step + 1) / warm  # step 0 already moves: +1 avoids a wasted zero-lr step
    return cosine(step - warm, schedule_length(cfg) - warm, peak, cfg.optim.min_lr)


def weight_decay(step: int, cfg: TrainConfig) -> float:
    """Cosine from ``weight_decay`` to ``weight_decay_end`` over the run."""
    return cosine(step, schedule_length(cfg), cfg.optim.weight_decay, cfg.optim.weight_decay_end)


def teacher_momentum(step: int, cfg: TrainConfig) -> float:
    """Cosine from ``momentum_teacher`` to 1 over the run (the teacher freezes at the end)."""
    return cosine(step, schedule_length(cfg), cfg.dino.momentum_teacher, 1.0)


def teacher_temperature(step: int, cfg: TrainConfig) -> float:
    """Linear from ``warmup_teacher_temp`` to ``teacher_temp`` over the warm-up, then constant."""
    d, warm = cfg.dino, cfg.dino.warmup_teacher_temp_steps
    if step >= warm:
        return d.teacher_temp
    return d.warmup_teacher_temp + (d.teacher_temp - d.warmup_teacher_temp) * step / warm
