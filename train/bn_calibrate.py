"""Recalibrate a network's BatchNorm running statistics on procedural images (no gradients, no weight change).

Why: an untrained BatchNorm network in eval mode normalises with its init statistics (mean 0,
var 1), so every image maps to nearly the same vector and a KNN on it sits at chance. A random
init baseline is only meaningful with statistics measured on images; measuring them on the
run's own procedural stream keeps ``train/`` free of real images (ARCHITECTURE.md).
"""
from __future__ import annotations

import logging
from typing import Iterable

import torch
import torch.nn.functional as F
from torch import nn

from train.augment import IMAGENET_MEAN, IMAGENET_STD
from train.model import has_batchnorm

__all__ = ["batchnorm_layers", "recalibrate_batchnorm", "recalibrate_on_stream", "CALIBRATION_BATCHES"]

logger = logging.getLogger(__name__)

CALIBRATION_BATCHES = 8  # 8 x batch 32 = 256 images: the running mean/var settle well within that


def batchnorm_layers(model: nn.Module) -> list[nn.modules.batchnorm._BatchNorm]:
    """The BatchNorm layers (any dimension, timm's BatchNormAct included) that track running stats."""
    return [m for m in model.modules()
            if isinstance(m, nn.modules.batchnorm._BatchNorm) and m.track_running_stats]


def recalibrate_batchnorm(model: nn.Module, batches: Iterable[torch.Tensor], size: int) -> int:
    """Replace ``model``'s BatchNorm running statistics by their cumulative average over ``batches``.

    Only BN buffers (running_mean, running_var, num_batches_tracked) change; every parameter
    stays bit-identical. The model is left in eval mode, its BN momenta as they were.

    Args:
        model: any network; one without BatchNorm is returned untouched (0 images used).
        batches: float32 (B, 3, R, R) images in [0, 1] (a procedural stream's batches).
        size: side the images are resized to (the run's global crop size), then normalised
            with the training views' mean/std, as ``memory`` feeds an exported backbone.

    Returns:
        The number of images the statistics were measured on.
    """
    layers = batchnorm_layers(model)
    if not layers:
        return 0
    momenta = [m.momentum for m in layers]
    mean = torch.tensor(IMAGENET_MEAN).view(1, 3, 1, 1)
    std = torch.tensor(IMAGENET_STD).view(1, 3, 1, 1)
    seen = 0
    try:
        for m in layers:
            m.reset_running_stats()
            m.momentum = None  # cumulative average over all batches, not an exponential one
        model.train()
        with torch.no_grad():
            for images in batches:
                if images.ndim != 4 or images.shape[1] != 3:
                    raise ValueError(f"BN calibration batch must be (B, 3, R, R), got {tuple(images.shape)}")
                x = images.float().cpu()
                if x.shape[-1] != size or x.shape[-2] != size:
                    x = F.interpolate(x, size=(size, size), mode="bilinear", align_corners=False, antialias=True)
                model((x - mean) / std)
                seen += x.shape[0]
    finally:
        for m, momentum in zip(layers, momenta):
            m.momentum = momentum
        model.eval()
    if seen == 0:
        raise ValueError("BN calibration got no batches")
    logger.info("recalibrated %d BatchNorm layers on %d images", len(layers), seen)
    return seen


def recalibrate_on_stream(model: nn.Module, dataset: str, resolution: int, batch_size: int, seed: int,
                          size: int, library: str | None = None, n_batches: int = CALIBRATION_BATCHES,
                          **options) -> int:
    """Recalibrate ``model``'s BatchNorm on the first ``n_batches`` of a procedural stream (seeded by ``seed``).

    Renders nothing when ``model`` has no BatchNorm. Returns the number of images used (0: none).
    """
    if not has_batchnorm(model):
        return 0
    from itertools import islice

    from procgen.stream import stream  # late: GL lives in the rendering process

    with stream(dataset, resolution, batch_size, seed=seed, device="cpu", prefetch=0, library=library,
                **options) as batches:
        return recalibrate_batchnorm(model, islice(batches, n_batches), size)
