"""Shared fixtures for the train tests: one torch thread (the machine is shared), tiny configs."""
from __future__ import annotations

import pytest
import torch

from train.config import TrainConfig, resolve_config


@pytest.fixture(autouse=True)
def _one_thread():
    previous = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(previous)


def _tiny_overrides(output_dir, **extra) -> list[str]:
    """key=value overrides for a CPU-light run: ViT-Ti/16 at 32/16 px, out_dim 64, batch 4."""
    values = {
        "preset": "cpu-tiny", "output_dir": str(output_dir), "steps": 6, "batch_size": 4,
        "data.resolution": 32, "crops.global_size": 32, "crops.local_size": 16, "crops.n_local": 2,
        "model.out_dim": 64, "model.hidden_dim": 64, "model.bottleneck_dim": 32,
        "optim.warmup_steps": 2, "optim.freeze_last_layer_steps": 1, "data.dataset": "shaders",
        "tensorboard": False, "progress": False, "checkpoint_every": 100, "device": "cpu",
    }
    values.update(extra)
    return [f"{k}={v}" for k, v in values.items()]


@pytest.fixture
def tiny_overrides():
    """The function ``tiny_overrides(output_dir, **extra) -> list[str]`` (a fixture: test
    modules never import conftest, so plain ``pytest`` and ``python -m pytest`` both work)."""
    return _tiny_overrides


@pytest.fixture
def tiny_config(tmp_path) -> TrainConfig:
    return resolve_config(None, _tiny_overrides(tmp_path / "run"))
