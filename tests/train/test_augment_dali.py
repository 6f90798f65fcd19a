"""The DALI multi-crop backend against the torch backend, on DALI's CPU operators with the same
per-sample parameters (and on a GPU with `pytest -m cuda`); the backend factory."""
from __future__ import annotations

import sys

import pytest
import torch
import torch.nn.functional as F

from train.augment import MultiCropAugment
from train.config import ConfigError, resolve_config

pytest.importorskip("nvidia.dali.experimental.dynamic", reason="NVIDIA DALI (the dali extra) is not installed")
from train.augment_dali import DaliMultiCropAugment, make_augment  # noqa: E402


def smooth(batch: int, size: int, seed: int) -> torch.Tensor:
    """Shader-like colour fields with real structure (crops and blur change them visibly)."""
    g = torch.Generator().manual_seed(seed)
    return F.interpolate(torch.rand(batch, 3, 6, 6, generator=g), size=size, mode="bilinear",
                         align_corners=False)


def assert_views_agree(torch_views, dali_views, pixel_share=0.999):
    """Same shapes; almost every value equal within float rounding, the rest close (normalised units)."""
    assert len(torch_views) == len(dali_views)
    for ours, theirs in zip(torch_views, dali_views):
        assert ours.shape == theirs.shape and ours.dtype == theirs.dtype
        diff = (ours - theirs).abs()
        assert (diff < 1e-3).float().mean() >= pixel_share, f"{(diff >= 1e-3).float().mean():.3%} differ"
        assert diff.max() < 0.05, diff.max()  # float rounding near a hue-sector boundary, never a wrong op


@pytest.mark.parametrize("options", [
    {},  # DINO's probabilities
    {"flip_p": 1.0, "jitter_p": 1.0, "grayscale_p": 0.0, "global_blur_p": (1.0, 1.0), "local_blur_p": 1.0,
     "solarize_p": 1.0},  # every op on every sample
    {"flip_p": 0.0, "jitter_p": 0.0, "grayscale_p": 1.0, "global_blur_p": (0.0, 0.0), "local_blur_p": 0.0,
     "solarize_p": 0.0},  # only crops and grayscale
], ids=["dino", "all-ops", "no-ops"])
def test_dali_views_match_the_torch_backend(options):
    recipe = MultiCropAugment(32, 16, 3, **options)
    images, index = smooth(12, 48, 1), torch.arange(40, 52)
    assert_views_agree(recipe(images, 7, index), DaliMultiCropAugment(recipe)(images, 7, index))


def test_dali_views_do_not_depend_on_the_batch_they_travel_in():
    dali = DaliMultiCropAugment(MultiCropAugment(24, 12, 2))
    images, index = smooth(8, 32, 2), torch.arange(100, 108)
    whole = dali(images, 3, index)
    halves = [dali(images[part], 3, index[part]) for part in (slice(0, 4), slice(4, 8))]
    for view, first, second in zip(whole, *halves):
        assert torch.equal(view, torch.cat([first, second]))


def test_different_seeds_give_different_views():
    dali = DaliMultiCropAugment(MultiCropAugment(24, 12, 1))
    images, index = smooth(4, 32, 3), torch.arange(4)
    assert not torch.allclose(dali(images, 0, index)[0], dali(images, 1, index)[0])


def test_bad_input_is_rejected_before_work():
    dali = DaliMultiCropAugment(MultiCropAugment(24, 12, 1))
    with pytest.raises(ValueError, match="index has 3 entries but images has batch size 4"):
        dali(smooth(4, 32, 0), 0, torch.arange(3))


def test_factory_picks_the_backend_and_names_bad_values(tmp_path, tiny_overrides, monkeypatch):
    def config(backend):
        return resolve_config(None, tiny_overrides(tmp_path, **{"augment.backend": backend}))

    cpu = torch.device("cpu")
    assert type(make_augment(config("auto"), cpu)) is MultiCropAugment
    assert type(make_augment(config("torch"), cpu)) is MultiCropAugment
    assert type(make_augment(config("dali"), cpu)) is DaliMultiCropAugment
    with pytest.raises(ConfigError, match="'augment.backend': 'opencv' is not one of auto, torch, dali"):
        make_augment(config("opencv"), cpu)
    monkeypatch.setitem(sys.modules, "nvidia.dali.experimental.dynamic", None)
    with pytest.raises(ConfigError, match="augment.backend.*pip install 'procvision\\[dali\\]'"):
        make_augment(config("dali"), cpu)


@pytest.mark.cuda
def test_dali_gpu_views_match_the_torch_backend_on_the_gpu():
    recipe = MultiCropAugment(224, 96, 8)
    images, index = smooth(32, 256, 4).cuda(), torch.arange(32)
    dali_views = DaliMultiCropAugment(recipe)(images, 5, index)
    assert all(view.device.type == "cuda" for view in dali_views)
    assert_views_agree([v.cpu() for v in recipe(images, 5, index)], [v.cpu() for v in dali_views])
