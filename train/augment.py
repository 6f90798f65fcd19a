"""DINO multi-crop augmentation, batched on the images' own device.

``MultiCropAugment(...)(images, seed, index)`` turns a batch (B, 3, H, W) in [0, 1] into
[global1, global2, local_1, ..., local_n], each normalised, following DINO's recipe
(docs/METHOD.md section 2): RandomResizedCrop, horizontal flip p=0.5, colour jitter (0.4, 0.4, 0.2, 0.1)
p=0.8 in a random per-sample order, grayscale p=0.2, Gaussian blur sigma ~ U(0.1, 2)
(p=1.0 / 0.1 / 0.5 on global 1 / global 2 / locals), solarize p=0.2 on global 2, ImageNet
mean/std.

Every random parameter is a pure function of (seed, global sample index, view) through
``procgen.seeding`` (one salt per view, "augment/<view>", with fixed named columns), so a
sample's views do not depend on the batch it travels in: 2 ranks x B/2 equal 1 rank x B.
On accelerators nothing reads back to the host (on CPU, where it is free, masked ops are
computed for the chosen samples only); nothing loops over the batch, only over views and ops.

Preview PNG: ``python -m train.augment_preview --dataset shaders --n 8 --out views.png``.

Deviations from DINO's PIL pipeline, on purpose: the crop is resized bilinearly without
antialiasing (torchvision's tensor kernel with antialias=False; DINO used PIL bicubic), which is
cheap and exact to reproduce batched; the blur is torchvision's tensor gaussian_blur with a
kernel of about 10% of the view side (23 px at 224, 11 at 96) and sigma in pixels, where DINO
used PIL's radius (no truncation).
"""
from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import torch
from timm.data import IMAGENET_DEFAULT_MEAN as IMAGENET_MEAN  # DINO normalises every view
from timm.data import IMAGENET_DEFAULT_STD as IMAGENET_STD  # with ImageNet's mean/std

from procgen import seeding
from procvision.checks import check_int, is_int
from train import augment_ops as ops

__all__ = ["IMAGENET_MEAN", "IMAGENET_STD", "ViewSpec", "ViewParams", "MultiCropAugment",
           "sample_crop_boxes"]

CROP_ATTEMPTS = 10  # torchvision's RandomResizedCrop tries 10 boxes before the central crop

# Column layout of the one uniform draw per (seed, index, view): name -> number of columns.
# Append new entries at the end so existing parameters keep their values.
_COLUMNS = (
    ("crop_scale", CROP_ATTEMPTS), ("crop_log_ratio", CROP_ATTEMPTS), ("crop_position", 2),
    ("flip", 1), ("jitter", 1), ("jitter_order", 4), ("jitter_factors", 4), ("grayscale", 1),
    ("blur", 1), ("blur_sigma", 1), ("solarize", 1),
)
_N_COLUMNS = sum(width for _, width in _COLUMNS)
_SLICES = {name: slice(end - width, end)
           for (name, width), end in zip(_COLUMNS, itertools.accumulate(w for _, w in _COLUMNS))}


@dataclass(frozen=True)
class ViewSpec:
    """One view of the multi-crop: its name (salt), output side, crop scale and op probabilities."""

    name: str
    size: int
    scale: tuple[float, float]
    blur_p: float
    solarize_p: float


@dataclass
class ViewParams:
    """Per-sample parameters of one view (all on the images' device, leading dim B).

    boxes: int64 (B, 4) top, left, height, width. flip, jitter, grayscale, blur, solarize:
    bool (B,). jitter_order: int64 (B, 4) permutation of torchvision's ColorJitter op ids.
    jitter_factors: float64 (B, 4) brightness, contrast, saturation, hue. blur_sigma: float64 (B,).
    """

    boxes: torch.Tensor
    flip: torch.Tensor
    jitter: torch.Tensor
    jitter_order: torch.Tensor
    jitter_factors: torch.Tensor
    grayscale: torch.Tensor
    blur: torch.Tensor
    blur_sigma: torch.Tensor
    solarize: torch.Tensor


def sample_crop_boxes(
    u_scale: torch.Tensor, u_log_ratio: torch.Tensor, u_position: torch.Tensor,
    height: int, width: int, scale: tuple[float, float], ratio: tuple[float, float],
) -> torch.Tensor:
    """torchvision's RandomResizedCrop.get_params, vectorised over samples and attempts.

    Args:
        u_scale, u_log_ratio: float64 (B, A) uniforms in [0, 1) for A attempts.
        u_position: float64 (B, 2) uniforms for the top and left offsets.
        height, width: image size.
        scale: range of the crop's area fraction. ratio: range of its width/height.

    Returns:
        int64 (B, 4) boxes (top, left, height, width): the first valid attempt per sample, or
        torchvision's central fallback crop where none of the attempts fits.
    """
    area = height * width
    log_lo, log_hi = math.log(ratio[0]), math.log(ratio[1])
    target_area = area * (scale[0] + (scale[1] - scale[0]) * u_scale)
    aspect = torch.exp(log_lo + (log_hi - log_lo) * u_log_ratio)
    # torch.round rounds half to even, like Python's round() in torchvision.
    w = torch.round(torch.sqrt(target_area * aspect)).to(torch.int64)
    h = torch.round(torch.sqrt(target_area / aspect)).to(torch.int64)
    valid = (w > 0) & (w <= width) & (h > 0) & (h <= height)
    first = valid.to(torch.int64).argmax(dim=1, keepdim=True)  # argmax returns the first maximum
    w, h = w.gather(1, first).squeeze(1), h.gather(1, first).squeeze(1)
    # torch.randint(0, n) is uniform on 0..n-1; floor(u * n) is the same distribution.
    top = torch.minimum((u_position[:, 0] * (height - h + 1)).floor().to(torch.int64), height - h)
    left = torch.minimum((u_position[:, 1] * (width - w + 1)).floor().to(torch.int64), width - w)
    fits = valid.any(dim=1)
    # The fallback enters as Python scalars: no host-to-device copy.
    fallback = _central_crop(height, width, ratio)
    return torch.stack([torch.where(fits, value, default)
                        for value, default in zip((top, left, h, w), fallback)], dim=1)


def _central_crop(height: int, width: int, ratio: tuple[float, float]) -> tuple[int, int, int, int]:
    """torchvision's fallback box (top, left, height, width) when no attempt fits."""
    in_ratio = width / height
    if in_ratio < min(ratio):
        w, h = width, int(round(width / min(ratio)))
    elif in_ratio > max(ratio):
        h, w = height, int(round(height * max(ratio)))
    else:
        w, h = width, height
    return (height - h) // 2, (width - w) // 2, h, w


def _check_range(name: str, pair: object, low: float, high: float) -> tuple[float, float]:
    """A (lo, hi) pair with low < lo <= hi <= high."""
    try:
        a, b = (float(v) for v in pair)  # type: ignore[union-attr]
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a pair of numbers, got {pair!r}") from None
    if not low < a <= b <= high:
        raise ValueError(f"{name} must satisfy {low} < lo <= hi <= {high}, got {pair!r}")
    return a, b


def _check_probability(name: str, p: object) -> float:
    if not (is_int(p) or isinstance(p, float)) or not 0.0 <= p <= 1.0:
        raise ValueError(f"{name} must be a probability in [0, 1], got {p!r}")
    return float(p)


class MultiCropAugment:
    """DINO's multi-crop augmentation for a batch, on the batch's device.

    Args:
        global_size, local_size: output sides of the 2 global and n_local local views
            (local_size <= global_size).
        n_local: number of local views (>= 0).
        global_scale, local_scale: RandomResizedCrop area-fraction ranges, within (0, 1].
        mean, std: per-channel normalisation (ImageNet by default).
        ratio: aspect-ratio range of the crops.
        flip_p, jitter_p, grayscale_p: probabilities of hflip, colour jitter and grayscale.
        jitter_strength: ColorJitter's (brightness, contrast, saturation, hue).
        blur_sigma: range of the blur's sigma in pixels.
        global_blur_p: blur probability of global 1 and global 2. local_blur_p: of locals.
        solarize_p: solarize probability of global 2. solarize_threshold: in [0, 1].
    """

    def __init__(
        self, global_size: int = 224, local_size: int = 96, n_local: int = 8,
        global_scale: tuple[float, float] = (0.4, 1.0), local_scale: tuple[float, float] = (0.05, 0.4),
        mean: tuple[float, ...] = IMAGENET_MEAN, std: tuple[float, ...] = IMAGENET_STD,
        ratio: tuple[float, float] = (3 / 4, 4 / 3), flip_p: float = 0.5, jitter_p: float = 0.8,
        jitter_strength: tuple[float, float, float, float] = (0.4, 0.4, 0.2, 0.1),
        grayscale_p: float = 0.2, blur_sigma: tuple[float, float] = (0.1, 2.0),
        global_blur_p: tuple[float, float] = (1.0, 0.1), local_blur_p: float = 0.5,
        solarize_p: float = 0.2, solarize_threshold: float = 0.5,
    ) -> None:
        check_int("global_size", global_size, 1)
        check_int("local_size", local_size, 1)
        check_int("n_local", n_local, 0)
        if local_size > global_size:
            raise ValueError(f"local_size ({local_size}) must not exceed global_size ({global_size})")
        global_scale = _check_range("global_scale", global_scale, 0.0, 1.0)
        local_scale = _check_range("local_scale", local_scale, 0.0, 1.0)
        self.ratio = _check_range("ratio", ratio, 0.0, math.inf)
        self.blur_sigma = _check_range("blur_sigma", blur_sigma, 0.0, math.inf)
        if len(mean) != 3 or len(std) != 3 or min(std) <= 0:
            raise ValueError(f"mean and std must have 3 entries with std > 0, got {mean!r}, {std!r}")
        self.mean = torch.tensor(mean, dtype=torch.float64)
        self.std = torch.tensor(std, dtype=torch.float64)
        self.flip_p = _check_probability("flip_p", flip_p)
        self.jitter_p = _check_probability("jitter_p", jitter_p)
        self.grayscale_p = _check_probability("grayscale_p", grayscale_p)
        if len(jitter_strength) != 4 or min(jitter_strength) < 0 or jitter_strength[3] > 0.5:
            raise ValueError(f"jitter_strength must be 4 values >= 0 with hue <= 0.5, "
                             f"got {jitter_strength!r}")
        b, c, s, h = (float(v) for v in jitter_strength)
        # ColorJitter's factor ranges: [max(0, 1 - v), 1 + v] for b/c/s and [-h, h] for hue.
        self.jitter_low = torch.tensor([max(0.0, 1 - b), max(0.0, 1 - c), max(0.0, 1 - s), -h],
                                       dtype=torch.float64)
        self.jitter_high = torch.tensor([1 + b, 1 + c, 1 + s, h], dtype=torch.float64)
        if len(global_blur_p) != 2:
            raise ValueError(f"global_blur_p must have 2 entries (global 1, global 2), "
                             f"got {global_blur_p!r}")
        blur_g1, blur_g2 = (_check_probability("global_blur_p", p) for p in global_blur_p)
        blur_local = _check_probability("local_blur_p", local_blur_p)
        solarize_g2 = _check_probability("solarize_p", solarize_p)
        if not 0.0 <= solarize_threshold <= 1.0:
            raise ValueError(f"solarize_threshold must be in [0, 1], got {solarize_threshold!r}")
        self.solarize_threshold = float(solarize_threshold)
        self._device_cache: dict[tuple[str, str], torch.Tensor] = {}
        self.views: tuple[ViewSpec, ...] = (
            ViewSpec("global1", global_size, global_scale, blur_g1, 0.0),
            ViewSpec("global2", global_size, global_scale, blur_g2, solarize_g2),
            *(ViewSpec(f"local{i + 1}", local_size, local_scale, blur_local, 0.0)
              for i in range(n_local)),
        )

    def sample_params(self, view: ViewSpec, seed: int, index: torch.Tensor, height: int,
                      width: int) -> ViewParams:
        """Per-sample random parameters of one view, from (seed, index, "augment/<view>").

        Args:
            view: one of self.views.
            seed: global seed.
            index: int64 (B,) global sample indices (on the images' device).
            height, width: input image size.
        """
        u = seeding.uniform(seed, index, f"augment/{view.name}", _N_COLUMNS)  # float64 (B, N)
        col = {name: u[:, sl] for name, sl in _SLICES.items()}
        boxes = sample_crop_boxes(col["crop_scale"], col["crop_log_ratio"], col["crop_position"],
                                  height, width, view.scale, self.ratio)
        low, high = self._on_device("jitter_low", u.device), self._on_device("jitter_high", u.device)
        sigma_lo, sigma_hi = self.blur_sigma
        return ViewParams(
            boxes=boxes,
            flip=col["flip"][:, 0] < self.flip_p,
            jitter=col["jitter"][:, 0] < self.jitter_p,
            jitter_order=col["jitter_order"].argsort(dim=1),  # sorting iid keys: uniform permutation
            jitter_factors=low + (high - low) * col["jitter_factors"],
            grayscale=col["grayscale"][:, 0] < self.grayscale_p,
            blur=col["blur"][:, 0] < view.blur_p,
            blur_sigma=sigma_lo + (sigma_hi - sigma_lo) * col["blur_sigma"][:, 0],
            solarize=col["solarize"][:, 0] < view.solarize_p,
        )

    def apply_view(self, images: torch.Tensor, view: ViewSpec, params: ViewParams) -> torch.Tensor:
        """Crop, flip, jitter, grayscale, blur, solarize and normalise one view.

        Args:
            images: float (B, 3, H, W) in [0, 1], in the working dtype.
            view, params: the view and its sampled parameters.

        Returns:
            float (B, 3, view.size, view.size), normalised.
        """
        x = ops.resized_crop(images, params.boxes, view.size, flip=params.flip)
        x = ops.color_jitter(x, params.jitter_factors, params.jitter_order, params.jitter)
        x = ops.random_grayscale(x, params.grayscale)
        if view.blur_p > 0:
            x = ops.gaussian_blur(x, ops.gaussian_kernel_size(view.size), params.blur_sigma, params.blur)
        if view.solarize_p > 0:
            x = ops.solarize(x, self.solarize_threshold, params.solarize)
        return ops.normalize(x, self._on_device("mean", x.device), self._on_device("std", x.device))

    def _on_device(self, name: str, device: torch.device) -> torch.Tensor:
        """A float64 constant of this object on device, copied there once and cached."""
        key = (name, str(device))
        if key not in self._device_cache:
            self._device_cache[key] = getattr(self, name).to(device)
        return self._device_cache[key]

    @torch.no_grad()  # data preparation: never part of the autograd graph
    def __call__(self, images: torch.Tensor, seed: int, index: torch.Tensor) -> list[torch.Tensor]:
        """Augment a batch into its multi-crop views.

        Args:
            images: float (B, 3, H, W) in [0, 1] on any device.
            seed: int, the augmentation seed.
            index: int64 (B,) global sample indices (moved to images' device if elsewhere).

        Returns:
            [global1 (B,3,G,G), global2 (B,3,G,G), local_1..local_n (B,3,L,L)], normalised, with
            images' device and dtype (half/bfloat16 inputs are processed in float32).
        """
        self._check_inputs(images, seed, index)
        # A pageable host-to-device copy with non_blocking=True does not wait for the queue.
        index = index.to(images.device, non_blocking=True)
        work = images.float() if images.dtype in (torch.float16, torch.bfloat16) else images
        height, width = images.shape[-2:]
        views = []
        for view in self.views:
            params = self.sample_params(view, seed, index, height, width)
            views.append(self.apply_view(work, view, params).to(images.dtype))
        return views

    @staticmethod
    def _check_inputs(images: torch.Tensor, seed: int, index: torch.Tensor) -> None:
        if not isinstance(images, torch.Tensor) or not images.is_floating_point():
            kind = getattr(images, "dtype", type(images).__name__)
            raise ValueError(f"images must be a float tensor (B, 3, H, W), got {kind}")
        if images.dim() != 4 or images.shape[1] != 3 or 0 in images.shape:
            raise ValueError(f"images must have shape (B, 3, H, W) with B, H, W >= 1, "
                             f"got {tuple(images.shape)}")
        check_int("seed", seed)
        if not isinstance(index, torch.Tensor) or index.dtype != torch.int64 or index.dim() != 1:
            kind = getattr(index, "dtype", type(index).__name__)
            raise ValueError(f"index must be an int64 tensor (B,), got {kind} "
                             f"with shape {tuple(getattr(index, 'shape', ()))}")
        if index.shape[0] != images.shape[0]:
            raise ValueError(f"index has {index.shape[0]} entries but images has batch size "
                             f"{images.shape[0]}")
