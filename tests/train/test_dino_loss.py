"""DINO loss and centre against a literal reference: explicit loops over views and samples."""
from __future__ import annotations

import math

import pytest
import torch

from train.dino import DINOLoss, ema_update_


def reference_loss(student: torch.Tensor, teacher: torch.Tensor, center: torch.Tensor, n_views: int,
                   batch: int, t_temp: float, s_temp: float) -> float:
    """sum over teacher global view i, student view v != i, sample b of CE; / pairs / batch."""
    total, pairs = 0.0, 0
    for i in range(2):
        for v in range(n_views):
            if v == i:
                continue
            pairs += 1
            for b in range(batch):
                t = teacher[i * batch + b].double()
                s = student[v * batch + b].double()
                t_logits = [(t[k] - center[0, k].double()) / t_temp for k in range(t.numel())]
                t_max = max(t_logits)
                t_exp = [math.exp(x - t_max) for x in t_logits]
                p = [e / sum(t_exp) for e in t_exp]
                s_logits = [s[k] / s_temp for k in range(s.numel())]
                s_max = max(s_logits)
                log_z = s_max + math.log(sum(math.exp(x - s_max) for x in s_logits))
                total += sum(-p[k] * (s_logits[k] - log_z) for k in range(len(p)))
    return float(total) / pairs / batch


@pytest.mark.parametrize("n_local", [0, 1, 4])
@pytest.mark.parametrize("temps", [(0.04, 0.1), (0.07, 0.1), (0.5, 0.3)])
def test_loss_matches_reference(n_local, temps):
    t_temp, s_temp = temps
    batch, dim, n_views = 3, 7, 2 + n_local
    gen = torch.Generator().manual_seed(n_local * 10 + int(t_temp * 100))
    student = torch.randn(n_views * batch, dim, generator=gen) * 3
    teacher = torch.randn(2 * batch, dim, generator=gen) * 3
    loss_fn = DINOLoss(dim, 2, s_temp, 0.9)
    loss_fn.center.copy_(torch.randn(1, dim, generator=gen))
    got = loss_fn(student, teacher, t_temp)
    want = reference_loss(student, teacher, loss_fn.center, n_views, batch, t_temp, s_temp)
    assert got.dtype == torch.float32
    assert got.item() == pytest.approx(want, rel=1e-5, abs=1e-5)


def test_loss_gradient_flows_only_to_student():
    student = torch.randn(8, 5, requires_grad=True)
    teacher = torch.randn(4, 5, requires_grad=True)
    DINOLoss(5)(student, teacher, 0.04).backward()
    assert student.grad is not None and student.grad.abs().sum() > 0
    assert teacher.grad is None


def test_center_update_is_ema_of_batch_mean():
    dim, batch = 6, 5
    loss_fn = DINOLoss(dim, center_momentum=0.9)
    start = torch.randn(1, dim)
    loss_fn.center.copy_(start)
    teacher = torch.randn(2 * batch, dim)
    loss_fn.update_center(teacher)
    mean = [sum(float(teacher[r, k]) for r in range(2 * batch)) / (2 * batch) for k in range(dim)]
    want = torch.tensor([[0.9 * float(start[0, k]) + 0.1 * mean[k] for k in range(dim)]])
    assert torch.allclose(loss_fn.center, want, atol=1e-6)
    # The centre enters the loss: the same outputs give a different loss with another centre.
    student = torch.randn(4 * batch, dim)
    plain = DINOLoss(dim)
    assert not math.isclose(plain(student, teacher, 0.04).item(), loss_fn(student, teacher, 0.04).item())


def test_ema_update_foreach():
    teacher = [torch.ones(3), torch.zeros(2, 2)]
    student = [torch.full((3,), 3.0), torch.full((2, 2), 10.0)]
    ema_update_(teacher, student, 0.75)
    assert torch.allclose(teacher[0], torch.full((3,), 1.5))
    assert torch.allclose(teacher[1], torch.full((2, 2), 2.5))
    with pytest.raises(ValueError, match="teacher has 1 tensors"):
        ema_update_(teacher[:1], student, 0.5)
