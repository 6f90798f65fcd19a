"""DINO objective and the training step object.

- :class:`DINOLoss`: cross-entropy between the centred, sharpened teacher distribution of each
  global view and the student distribution of every *other* view, with the centre EMA.
- :func:`ema_update_`: teacher <- m * teacher + (1 - m) * student with ``torch._foreach_*``.
- :class:`DINOStep`: one optimisation step (forward, loss, backward, clip, freeze last layer,
  AdamW with scheduled lr/wd, teacher EMA, centre update) returning a dict of metrics.

Distributed: the loss is averaged over the *local* batch; DDP averages gradients over ranks,
which equals the global-batch mean because every rank holds the same number of samples. The
batch centre is all-reduced (guarded by ``dist.is_initialized()``), so the centre is identical
on every rank and equal to the single-process centre of the global batch.
"""
from __future__ import annotations

import contextlib
import math
import time
from typing import Iterable

import torch
import torch.distributed as dist
import torch.nn.functional as F
from torch import nn

from train import schedules
from train.config import TrainConfig
from train.distributed import sync_device
from train.model import has_batchnorm
from train.step_timer import StepTimer

__all__ = ["DINOLoss", "ema_update_", "param_groups", "clip_gradients_", "DINOStep", "autocast_context"]


class DINOLoss(nn.Module):
    """DINO cross-entropy with a running centre of the teacher outputs.

    Args:
        out_dim: prototype count K.
        n_global: number of global views (those the teacher sees), normally 2.
        student_temp: student softmax temperature.
        center_momentum: EMA momentum of the centre (0.9 in DINO).
    """

    center: torch.Tensor

    def __init__(self, out_dim: int, n_global: int = 2, student_temp: float = 0.1,
                 center_momentum: float = 0.9) -> None:
        super().__init__()
        self.n_global = n_global
        self.student_temp = student_temp
        self.center_momentum = center_momentum
        self.register_buffer("center", torch.zeros(1, out_dim))

    def forward(self, student_out: torch.Tensor, teacher_out: torch.Tensor, teacher_temp: float) -> torch.Tensor:
        """Loss averaged over (teacher view, student view) pairs with different views and the batch.

        Args:
            student_out: (V*B, K) logits for V views, view-major (view 0's batch first).
            teacher_out: (n_global*B, K) teacher logits of the global views.
            teacher_temp: teacher softmax temperature at this step.

        Returns:
            Scalar float32 loss. Does not update the centre (call :meth:`update_center`).
        """
        n_views = student_out.shape[0] // (teacher_out.shape[0] // self.n_global)
        student_logp = F.log_softmax(student_out.float() / self.student_temp, dim=-1).chunk(n_views)
        teacher_p = F.softmax((teacher_out.float() - self.center) / teacher_temp, dim=-1).detach()
        teacher_p = teacher_p.chunk(self.n_global)
        total, pairs = student_out.new_zeros((), dtype=torch.float32), 0
        for i, t in enumerate(teacher_p):
            for v, s in enumerate(student_logp):
                if v == i:  # the same view seen by both networks carries no signal
                    continue
                total = total + torch.sum(-t * s, dim=-1).mean()
                pairs += 1
        return total / pairs

    @torch.no_grad()
    def update_center(self, teacher_out: torch.Tensor) -> None:
        """centre <- m * centre + (1 - m) * mean of teacher logits over the (global) batch.

        Args:
            teacher_out: (n_global*B_local, K) teacher logits; averaged across ranks when
                distributed (one all-reduce, a sync point).
        """
        batch_sum = teacher_out.float().sum(dim=0, keepdim=True)
        count = torch.tensor([teacher_out.shape[0]], dtype=torch.float32, device=teacher_out.device)
        if dist.is_initialized():
            dist.all_reduce(batch_sum)
            dist.all_reduce(count)
        batch_center = batch_sum / count
        self.center.mul_(self.center_momentum).add_(batch_center, alpha=1 - self.center_momentum)


@torch.no_grad()
def ema_update_(teacher: Iterable[torch.Tensor], student: Iterable[torch.Tensor], momentum: float) -> None:
    """teacher <- momentum * teacher + (1 - momentum) * student, fused over all tensors."""
    t, s = list(teacher), list(student)
    if len(t) != len(s):
        raise ValueError(f"teacher has {len(t)} tensors, student {len(s)}")
    torch._foreach_mul_(t, momentum)
    torch._foreach_add_(t, s, alpha=1.0 - momentum)


def param_groups(model: nn.Module) -> list[dict]:
    """Two AdamW groups: decayed weights, and biases/norms/1-D params without weight decay."""
    decay, no_decay = [], []
    for name, p in model.named_parameters():
        if not p.requires_grad:
            continue
        (no_decay if p.ndim <= 1 or name.endswith(".bias") else decay).append(p)
    return [{"params": decay, "apply_wd": True}, {"params": no_decay, "apply_wd": False, "weight_decay": 0.0}]


@torch.no_grad()
def clip_gradients_(model: nn.Module, max_norm: float, as_tensor: bool = False) -> float | torch.Tensor:
    """Per-parameter clipping as in DINO's ``clip_gradients``: each grad's own norm <= max_norm.

    Returns:
        The global grad norm before clipping (for logging): a float (a host sync), or with
        ``as_tensor`` a 0-d tensor on the grads' device (no sync).
    """
    norms = []
    for p in model.parameters():
        if p.grad is None:
            continue
        norm = p.grad.norm(2)
        norms.append(norm)
        if max_norm > 0:
            p.grad.mul_(torch.clamp(max_norm / (norm + 1e-6), max=1.0))
    if as_tensor:
        return torch.stack(norms).norm(2) if norms else torch.zeros(())
    return float(torch.stack(norms).norm(2)) if norms else 0.0


def autocast_context(device: torch.device, amp: str) -> contextlib.AbstractContextManager:
    """bf16 autocast on CUDA (amp auto/bf16); a no-op context on CPU or with amp=off."""
    if device.type == "cuda" and amp in ("auto", "bf16"):
        return torch.autocast("cuda", dtype=torch.bfloat16)
    return contextlib.nullcontext()


@torch.no_grad()
def collapse_metrics(teacher_logits: torch.Tensor, teacher_feats: torch.Tensor, center: torch.Tensor,
                     teacher_temp: float) -> dict[str, float]:
    """Collapse monitors on the teacher's global views.

    - ``teacher_std``: std over the batch of L2-normalised backbone CLS features, averaged over
      dimensions (0 = every image maps to one point; ~1/sqrt(D) for spread-out features).
    - ``teacher_head_std``: the same for the L2-normalised head outputs (logits).
    - ``teacher_entropy``: entropy (nats) of the batch-mean teacher distribution (near 0 =
      one prototype wins for every image; max log K).
    - ``teacher_sample_entropy``: mean per-sample entropy (near log K = uniform collapse).
    """
    feats = F.normalize(teacher_feats.float(), dim=-1)
    head = F.normalize(teacher_logits.float(), dim=-1)
    p = F.softmax((teacher_logits.float() - center) / teacher_temp, dim=-1)
    mean_p = p.mean(dim=0)
    return {
        "teacher_std": float(feats.std(dim=0).mean()),
        "teacher_head_std": float(head.std(dim=0).mean()),
        "teacher_entropy": float(-(mean_p * torch.log(mean_p + 1e-12)).sum()),
        "teacher_sample_entropy": float(-(p * torch.log(p + 1e-12)).sum(dim=-1).mean()),
    }


class DINOStep:
    """Owns student (optionally DDP-wrapped), teacher, loss and optimiser; ``step()`` trains once.

    Args:
        cfg: resolved config (schedules read it).
        student: the network being trained, possibly wrapped in DDP / torch.compile.
        student_module: the unwrapped student (its parameters pair with the teacher's).
        teacher: EMA teacher (no gradients).
        device: compute device.
    """

    def __init__(self, cfg: TrainConfig, student: nn.Module, student_module: nn.Module, teacher: nn.Module,
                 device: torch.device) -> None:
        self.cfg, self.student, self.student_module, self.teacher = cfg, student, student_module, teacher
        self.device = device
        self.loss_fn = DINOLoss(cfg.model.out_dim, 2, cfg.dino.student_temp, cfg.dino.center_momentum).to(device)
        self.optimizer = torch.optim.AdamW(param_groups(student_module), lr=0.0)
        self.last_layer_params = list(student_module.head.last_layer.parameters())
        # The EMA pairs every student tensor with its teacher twin (frozen g included: both stay 1).
        self.ema_pairs = (list(teacher.parameters()), list(student_module.parameters()))
        self.teacher_batch_stats = has_batchnorm(teacher)
        # CUDA without profile=true: no host sync inside a step. The NaN check then accumulates
        # on the device and is read on logging and checkpoint steps (`check_finite`).
        self.lazy = device.type == "cuda" and not cfg.profile
        self._finite = torch.ones((), dtype=torch.bool, device=device)

    def check_finite(self, step: int) -> None:
        """Raise FloatingPointError if any loss since the start was NaN/inf (a host sync)."""
        if not bool(self._finite):
            raise FloatingPointError(f"the loss became NaN/inf at or before step {step} (on CUDA it is checked "
                                     "on logging and checkpoint steps; profile=true checks every step); stopping")

    def step(self, views: list[torch.Tensor], step: int, monitor: bool = True,
             timer: StepTimer | None = None) -> dict[str, float | torch.Tensor]:
        """One DINO step on ``views`` = [global1, global2, local_1..n], each (B, 3, S, S).

        Args:
            views: the multi-crop views, normalised, on the device.
            step: 0-based step index (drives the schedules).
            monitor: also compute the collapse monitors (three host syncs; skip off log steps).
            timer: marks "forward_backward" and "optimizer" on it instead of timing here.

        Returns:
            Metrics: loss, lr, wd, momentum, teacher_temp, grad_norm, timings t_forward_backward
            and t_optimizer in seconds (without a timer), and (if monitor) the collapse monitors.
            On CUDA without profile=true and without monitor, loss and grad_norm are 0-d device
            tensors (reading them would be a host sync) and nothing is all-reduced.
        """
        cfg = self.cfg
        lr, wd = schedules.learning_rate(step, cfg), schedules.weight_decay(step, cfg)
        momentum, t_temp = schedules.teacher_momentum(step, cfg), schedules.teacher_temperature(step, cfg)
        for group in self.optimizer.param_groups:
            group["lr"] = lr
            if group["apply_wd"]:
                group["weight_decay"] = wd

        t0 = time.perf_counter()
        self.student.train()
        # A BatchNorm teacher normalises with its batch's statistics (and keeps its own running
        # statistics for export), as DINO's ResNet teacher did; the EMA covers parameters only.
        # ViTs have no such state: their teacher runs in eval mode.
        self.teacher.train(self.teacher_batch_stats)
        with autocast_context(self.device, cfg.amp):
            with torch.no_grad():
                teacher_out, teacher_feats = self.teacher(views[:2])
            student_out, _ = self.student(views)
            loss = self.loss_fn(student_out, teacher_out, t_temp)
        if self.lazy:  # no sync before backward: the check is read on logging steps
            self._finite &= torch.isfinite(loss.detach())
        elif not math.isfinite(loss.item()):  # sync point (loss.item) – a NaN must stop the run
            raise FloatingPointError(f"loss is {loss.item()} at step {step}; stopping")
        self.optimizer.zero_grad(set_to_none=True)
        loss.backward()
        if timer is not None:
            timer.mark("forward_backward")
        else:
            sync_device(self.device)
        t1 = time.perf_counter()

        grad_norm = clip_gradients_(self.student_module, cfg.optim.clip_grad, as_tensor=self.lazy)
        if step < cfg.optim.freeze_last_layer_steps:
            for p in self.last_layer_params:  # DINO's cancel_gradients_last_layer
                p.grad = None
        self.optimizer.step()
        ema_update_(*self.ema_pairs, momentum)
        metrics = collapse_metrics(teacher_out, teacher_feats, self.loss_fn.center, t_temp) if monitor else {}
        self.loss_fn.update_center(teacher_out)
        if timer is not None:
            timer.mark("optimizer")
        else:
            sync_device(self.device)
        t2 = time.perf_counter()

        loss_value = loss.detach()
        metrics.update(lr=lr, wd=wd, momentum=momentum, teacher_temp=t_temp)
        if timer is None:
            metrics.update(t_forward_backward=t1 - t0, t_optimizer=t2 - t1)
        if self.lazy and not monitor:
            return {**metrics, "loss": loss_value, "grad_norm": grad_norm}
        if dist.is_initialized():  # for logging only: the mean loss over ranks
            dist.all_reduce(loss_value)
            loss_value /= dist.get_world_size()
        if self.lazy:
            self.check_finite(step)
        metrics.update(loss=float(loss_value), grad_norm=float(grad_norm))
        return metrics

    def state_dict(self) -> dict:
        return {"student": self.student_module.state_dict(), "teacher": self.teacher.state_dict(),
                "optimizer": self.optimizer.state_dict(), "center": self.loss_fn.center.detach().clone()}

    def load_state_dict(self, state: dict) -> None:
        self.student_module.load_state_dict(state["student"])
        self.teacher.load_state_dict(state["teacher"])
        self.optimizer.load_state_dict(state["optimizer"])
        self.loss_fn.center.copy_(state["center"])
