"""Optional distribution: the same entry point runs under ``python`` and ``torchrun``.

Like nanoGPT, a run is distributed when torchrun set ``RANK`` and ``WORLD_SIZE``; then the
process group uses NCCL on CUDA and gloo on CPU. Every collective elsewhere is guarded by
``dist.is_initialized()``. Only the student is wrapped in DDP; each rank renders its own shard
of the procedural stream, so no data crosses processes.
"""
from __future__ import annotations

import os
from dataclasses import dataclass

import torch
import torch.distributed as dist
from torch import nn
from torch.nn.parallel import DistributedDataParallel

from train.config import ConfigError

__all__ = ["DistInfo", "setup_distributed", "cleanup_distributed", "per_rank_batch", "wrap_ddp", "resolve_device",
           "sync_device"]


@dataclass(frozen=True)
class DistInfo:
    rank: int = 0
    world_size: int = 1
    local_rank: int = 0

    @property
    def is_main(self) -> bool:
        return self.rank == 0


def resolve_device(name: str, local_rank: int = 0) -> torch.device:
    """``auto`` -> ``cuda:local_rank`` when CUDA is present, else ``cpu``; explicit names pass."""
    if name == "auto":
        return torch.device(f"cuda:{local_rank}") if torch.cuda.is_available() else torch.device("cpu")
    device = torch.device(name)
    if device.type == "cuda":
        if not torch.cuda.is_available():
            raise RuntimeError(f"device={name!r} requested but CUDA is not available")
        if device.index is None:
            device = torch.device(f"cuda:{local_rank}")
    return device


def sync_device(device: torch.device) -> None:
    """Wait for the accelerator's queued work (a no-op on CPU): only so step timings are honest."""
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def per_rank_batch(global_batch: int, world_size: int) -> int:
    """Split the global batch evenly; a batch smaller than or not divisible by the ranks is an error."""
    if global_batch < world_size:
        raise ConfigError(f"batch_size={global_batch} is smaller than the number of ranks ({world_size})")
    if global_batch % world_size:
        raise ConfigError(f"batch_size={global_batch} is not divisible by the number of ranks ({world_size})")
    return global_batch // world_size


def setup_distributed(device_name: str) -> tuple[DistInfo, torch.device]:
    """Read torchrun's env, init the process group if distributed, pick this rank's device."""
    if "RANK" not in os.environ or "WORLD_SIZE" not in os.environ:
        return DistInfo(), resolve_device(device_name, 0)
    info = DistInfo(int(os.environ["RANK"]), int(os.environ["WORLD_SIZE"]), int(os.environ.get("LOCAL_RANK", 0)))
    device = resolve_device(device_name, info.local_rank)
    if device.type == "cuda":
        torch.cuda.set_device(device)
    if info.world_size > 1 and not dist.is_initialized():
        dist.init_process_group(backend="nccl" if device.type == "cuda" else "gloo",
                                rank=info.rank, world_size=info.world_size)
    return info, device


def cleanup_distributed() -> None:
    if dist.is_initialized():
        dist.destroy_process_group()


def wrap_ddp(student: nn.Module, device: torch.device) -> nn.Module:
    """DDP-wrap the student when a process group exists; otherwise return it unchanged."""
    if not dist.is_initialized():
        return student
    ids = [device.index] if device.type == "cuda" else None
    return DistributedDataParallel(student, device_ids=ids)


def barrier() -> None:
    if dist.is_initialized():
        dist.barrier()
