"""The real-data control stream: seeded by (seed, index), resumable, sharded like procgen.stream."""
from __future__ import annotations

import numpy as np
import pytest
import torch
from PIL import Image

from evaluate.control import RealImageStream, real_stream_factory
from memory.data import load_dataset
from train.checkpoint import CheckpointError, latest_checkpoint, load_checkpoint
from train.config import resolve_config
from train.export import export_checkpoint, load_export_config
from train.loop import train


@pytest.fixture(scope="module")
def fashion():
    return load_dataset("fashion-mnist", "train", limit=500)


def test_batches_shape_range_and_grey(fashion):
    stream = RealImageStream("fashion-mnist", 24, 6, seed=3, images=fashion)
    batch = next(stream)
    assert batch.shape == (6, 3, 24, 24) and batch.dtype == torch.float32
    assert 0.0 <= float(batch.min()) and float(batch.max()) <= 1.0 and float(batch.std()) > 0.05
    assert torch.equal(batch[:, 0], batch[:, 1]) and torch.equal(batch[:, 1], batch[:, 2])  # grey -> 3 equal channels
    assert stream.step == 1 and stream.provenance == {"kind": "real", "dataset": "fashion-mnist"}


def test_resume_and_shards_give_the_same_images(fashion):
    full = RealImageStream("fashion-mnist", 16, 8, seed=1, images=fashion)
    steps = [next(full) for _ in range(3)]
    resumed = RealImageStream(**{**full.position, "start_step": 2}, images=fashion)
    assert torch.equal(next(resumed), steps[2])
    halves = [RealImageStream("fashion-mnist", 16, 4, seed=1, rank=r, world_size=2, start_step=1, images=fashion)
              for r in (0, 1)]
    assert torch.equal(torch.cat([next(h) for h in halves]), steps[1])
    other_seed = next(RealImageStream("fashion-mnist", 16, 8, seed=2, images=fashion))
    assert not torch.equal(other_seed, steps[0])


def test_imagefolder_of_mixed_sizes(tmp_path, fashion):
    # Files of different sizes and colour modes decode one by one and crop to the same R.
    for i in range(12):
        folder = tmp_path / "train" / f"c{i % 2}"
        folder.mkdir(parents=True, exist_ok=True)
        image = Image.fromarray(fashion.images[i].numpy()).resize((20 + 4 * i, 28 + 2 * i))
        (image.convert("RGB") if i % 3 == 0 else image).save(folder / f"{i}.png")
        (tmp_path / "test" / f"c{i % 2}").mkdir(parents=True, exist_ok=True)
        image.save(tmp_path / "test" / f"c{i % 2}" / f"{i}.png")
    stream = RealImageStream(f"imagefolder:{tmp_path}", 16, 5, seed=0)
    a = next(stream)
    assert a.shape == (5, 3, 16, 16) and float(a.max()) <= 1.0
    assert torch.equal(RealImageStream(f"imagefolder:{tmp_path}", 16, 5, seed=0).render(torch.arange(5)), a)


def test_bad_arguments():
    with pytest.raises(ValueError, match="resolution"):
        RealImageStream("fashion-mnist", 0, 4)
    with pytest.raises(ValueError, match="rank"):
        RealImageStream("fashion-mnist", 8, 4, rank=2, world_size=2)
    with pytest.raises(ValueError, match="unknown dataset spec"):
        RealImageStream("cifar-11", 8, 4)


def _cfg(tiny_dir, **extra):
    values = {"preset": "cpu-tiny", "output_dir": str(tiny_dir), "steps": 3, "batch_size": 4, "data.resolution": 32,
              "crops.global_size": 32, "crops.local_size": 16, "crops.n_local": 2, "model.out_dim": 64,
              "model.hidden_dim": 64, "model.bottleneck_dim": 32, "optim.warmup_steps": 1,
              "data.dataset": "real:fashion-mnist", "tensorboard": False, "progress": False,
              "checkpoint_every": 2, "device": "cpu", **extra}
    return resolve_config(None, [f"{k}={v}" for k, v in values.items()])


def test_train_on_the_injected_real_stream_and_resume(tmp_path):
    factory = real_stream_factory("fashion-mnist", 32, seed=0, limit=300)
    cfg = _cfg(tmp_path / "run")
    assert train(cfg, stream=factory)["step"] == 3
    state = load_checkpoint(latest_checkpoint(cfg.output_dir))
    assert state["provenance"] == {"kind": "real", "dataset": "fashion-mnist"}
    config = load_export_config(export_checkpoint(latest_checkpoint(cfg.output_dir), tmp_path / "export"))
    assert config["provenance"]["kind"] == "real" and config["dataset"] == "real:fashion-mnist"
    # Resume: the run continues from step 3 to 5; an iterator opened at another step is refused first.
    more = _cfg(tmp_path / "run", steps=5, resume="true")
    wrong = RealImageStream("fashion-mnist", 32, 4, start_step=0, limit=300)
    with pytest.raises(CheckpointError, match="step 0 but the run starts at step 3"):
        train(more, stream=wrong)
    at = RealImageStream("fashion-mnist", 32, 4, start_step=3, limit=300)
    assert train(more, stream=at)["step"] == 5 and at.step == 5


def test_an_injected_stream_of_the_wrong_shape_is_refused(tmp_path):
    bad = iter([torch.rand(4, 1, 32, 32)] * 3)
    with pytest.raises(ValueError, match=r"expected float \(4, 3, R, R\)"):
        train(_cfg(tmp_path / "bad"), stream=bad)
