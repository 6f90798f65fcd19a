"""Batched image kernels for the DINO multi-crop augmentation, one parameter per sample.

Every function takes a batch ``x`` of shape (B, 3, H, W) (float, values in [0, 1]) and
per-sample parameters as tensors on ``x``'s device, and returns a new batch. Each one
reproduces the matching ``torchvision.transforms.v2.functional`` kernel applied image by
image with that image's parameter (tests/train/test_augment.py checks this). On an
accelerator nothing reads a tensor back to the host, so the kernels queue asynchronously;
on CPU, where a read-back is free, masked ops compute only the chosen samples.
"""
from __future__ import annotations

import torch
import torch.nn.functional as F

__all__ = [
    "GRAY_WEIGHTS",
    "rgb_to_grayscale",
    "adjust_brightness",
    "adjust_contrast",
    "adjust_saturation",
    "adjust_hue",
    "color_jitter",
    "random_grayscale",
    "gaussian_kernel_size",
    "gaussian_blur",
    "solarize",
    "resized_crop",
    "normalize",
]

# ITU-R 601-2 luma, the weights torchvision (and PIL's "L" mode) use.
GRAY_WEIGHTS = (0.2989, 0.587, 0.114)

# Colour-jitter op ids, in torchvision's ColorJitter numbering (its fn_idx).
BRIGHTNESS, CONTRAST, SATURATION, HUE = 0, 1, 2, 3


def _per_sample(values: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
    """(B,) parameters -> (B, 1, 1, 1) in x's dtype and device, for broadcasting."""
    return values.to(device=x.device, dtype=x.dtype).view(-1, 1, 1, 1)


def _mask(mask: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
    """(B,) bool -> (B, 1, 1, 1) bool on x's device."""
    return mask.to(device=x.device, dtype=torch.bool).view(-1, 1, 1, 1)


# On CPU reading a mask back is free, so masked ops run on the chosen samples only; on an
# accelerator that would stall the queue, so every sample is computed and merged by torch.where.
COMPACT_ON_CPU = True


def _masked(apply: torch.Tensor, x: torch.Tensor, op, *per_sample: torch.Tensor) -> torch.Tensor:
    """op(x, *per_sample) on the samples where apply (B,) is set; the others pass unchanged.

    Args:
        apply: bool (B,).
        x: float (B, ...), op's batch.
        op: function (x_subset, *params_subset) -> tensor shaped like x_subset.
        per_sample: tensors with leading dim B, sliced along with x.
    """
    if COMPACT_ON_CPU and x.device.type == "cpu":
        chosen = apply.nonzero().squeeze(1)  # a host sync, free on CPU
        if chosen.numel() == x.shape[0]:
            return op(x, *per_sample)
        if chosen.numel() == 0:
            return x
        return x.index_copy(0, chosen, op(x[chosen], *(p[chosen] for p in per_sample)))
    return torch.where(_mask(apply, x), op(x, *per_sample), x)


def rgb_to_grayscale(x: torch.Tensor) -> torch.Tensor:
    """Luma of each pixel.

    Args:
        x: float (B, 3, H, W).

    Returns:
        float (B, 1, H, W); expand to 3 channels for an RGB-shaped grey image.
    """
    r, g, b = x.unbind(dim=1)
    return (r * GRAY_WEIGHTS[0] + g * GRAY_WEIGHTS[1] + b * GRAY_WEIGHTS[2]).unsqueeze(1)


def _blend(x: torch.Tensor, reference: torch.Tensor, factor: torch.Tensor) -> torch.Tensor:
    """factor * x + (1 - factor) * reference, clamped to [0, 1] (torchvision's _blend).

    Args:
        x: float (B, 3, H, W).
        reference: broadcastable to x (a per-image mean or a grey image).
        factor: float64 or float (B,) per-sample blend factor.
    """
    # One fused kernel; lerp returns x exactly at factor 1 (it evaluates end - (end-start)*(1-w)
    # for w >= 0.5), which color_jitter relies on to skip samples without a mask pass.
    return torch.lerp(reference.expand_as(x), x, _per_sample(factor, x)).clamp_(0.0, 1.0)


def adjust_brightness(x: torch.Tensor, factor: torch.Tensor) -> torch.Tensor:
    """Multiply by factor (B,) and clamp: v2.functional.adjust_brightness per image."""
    return (x * _per_sample(factor, x)).clamp_(0.0, 1.0)


def adjust_contrast(x: torch.Tensor, factor: torch.Tensor) -> torch.Tensor:
    """Blend with the image's mean luma: v2.functional.adjust_contrast per image.

    Args:
        x: float (B, 3, H, W).
        factor: (B,) contrast factors (1 = unchanged).
    """
    mean = rgb_to_grayscale(x).mean(dim=(1, 2, 3), keepdim=True)
    return _blend(x, mean, factor)


def adjust_saturation(x: torch.Tensor, factor: torch.Tensor) -> torch.Tensor:
    """Blend with the grey image: v2.functional.adjust_saturation per image."""
    return _blend(x, rgb_to_grayscale(x), factor)


def adjust_hue(x: torch.Tensor, factor: torch.Tensor) -> torch.Tensor:
    """Rotate hue by factor (B,) turns in [-0.5, 0.5]: v2.functional.adjust_hue per image.

    A hue rotation keeps each pixel's max (value) and max - min (chroma), so the HSV round trip
    reduces to: hue in sixths, shift, then channel = value - chroma * ramp(hue + offset) with
    the piecewise-linear ramp clamp(min(k, 4 - k), 0, 1) on k in [0, 6) (offsets 5, 3, 1 give
    red, green, blue). Grey pixels (chroma 0) come out unchanged whatever their hue.
    """
    r, g, b = x.unbind(dim=1)
    value, minimum = x.amax(dim=1), x.amin(dim=1)
    chroma = value - minimum
    # Grey pixels: every channel difference is 0, so any non-zero divisor gives hue 0, not NaN.
    inv_chroma = 1.0 / torch.where(chroma > 0, chroma, torch.ones_like(chroma))
    # Ties go to red, then green (the order PIL and torchvision use).
    sixths = torch.where(value == r, (g - b) * inv_chroma,
                         torch.where(value == g, 2.0 + (b - r) * inv_chroma, 4.0 + (r - g) * inv_chroma))
    sixths = sixths + 6.0 * _per_sample(factor, x).squeeze(1)
    channels = []
    for offset in (5.0, 3.0, 1.0):  # red, green, blue
        k = (sixths + offset).remainder(6.0)
        ramp = torch.minimum(k, 4.0 - k).clamp_(0.0, 1.0)
        channels.append(value - chroma * ramp)
    return torch.stack(channels, dim=1).clamp_(0.0, 1.0)


def _blend_step(x: torch.Tensor, op: torch.Tensor, factor: torch.Tensor) -> torch.Tensor:
    """Apply brightness, contrast or saturation, chosen per sample by op (B,) in {0, 1, 2}.

    All three are blends factor*x + (1-factor)*reference with reference 0, the mean luma or the
    luma, so one pass serves a batch whose samples chose different ops; factor 1 leaves a
    sample exactly unchanged.
    """
    gray = rgb_to_grayscale(x)
    mean = gray.mean(dim=(1, 2, 3), keepdim=True)
    op = op.view(-1, 1, 1, 1)
    reference = gray * (op == SATURATION).to(x.dtype) + mean * (op == CONTRAST).to(x.dtype)
    return _blend(x, reference, factor)


def color_jitter(
    x: torch.Tensor, factors: torch.Tensor, order: torch.Tensor, apply: torch.Tensor
) -> torch.Tensor:
    """torchvision's ColorJitter with a per-sample op order, applied where ``apply`` is set.

    Args:
        x: float (B, 3, H, W) in [0, 1].
        factors: (B, 4) brightness, contrast, saturation and hue factors (ColorJitter's ids).
        order: int64 (B, 4), a permutation of 0..3 per sample (ColorJitter's fn_idx).
        apply: bool (B,); samples where it is False are returned unchanged.

    Returns:
        float (B, 3, H, W).

    Hue (the costly op) is computed once for the whole batch: each sample's blend ops before
    its hue step run first (masked per position), then hue, then the blends after it.
    """
    return _masked(apply, x, _ordered_jitter, factors, order)


def _ordered_jitter(x: torch.Tensor, factors: torch.Tensor, order: torch.Tensor) -> torch.Tensor:
    """color_jitter on every sample of x (factors (B, 4), order (B, 4) as there)."""
    hue_position = (order == HUE).to(torch.int64).argmax(dim=1)
    for before_hue in (True, False):
        # Nothing can precede hue at position 3 or follow it at position 0.
        for position in range(0, 3) if before_hue else range(1, 4):
            op = order[:, position]
            due = (position < hue_position) if before_hue else (position > hue_position)
            factor = factors.gather(1, op.clamp(max=SATURATION).view(-1, 1)).squeeze(1)
            # Factor 1 returns x exactly (lerp's end point; clamp of [0, 1] values), so samples
            # not due at this position need no separate mask pass.
            x = _blend_step(x, op, torch.where(due, factor, torch.ones_like(factor)))
        if before_hue:
            x = adjust_hue(x, factors[:, HUE])
    return x


def random_grayscale(x: torch.Tensor, apply: torch.Tensor) -> torch.Tensor:
    """Replace the samples where apply (B,) is set by their 3-channel grey image."""
    return _masked(apply, x, lambda images: rgb_to_grayscale(images).expand_as(images))


def gaussian_kernel_size(view_size: int) -> int:
    """Odd blur kernel for a view: about 10% of its side (23 at 224 px, BYOL/DINO's choice)."""
    return 2 * round(0.05 * view_size) + 1


def gaussian_blur(
    x: torch.Tensor, kernel_size: int, sigma: torch.Tensor, apply: torch.Tensor | None = None
) -> torch.Tensor:
    """Separable Gaussian blur with a per-sample sigma: v2.functional.gaussian_blur per image.

    Args:
        x: float (B, 3, H, W).
        kernel_size: odd side of the (square) kernel; kernel_size // 2 must be < H and W.
        sigma: (B,) positive standard deviations in pixels.
        apply: optional bool (B,); unset samples are returned unchanged.

    Returns:
        float (B, 3, H, W). Borders are reflected, like torchvision.
    """
    if kernel_size <= 0 or kernel_size % 2 == 0:
        raise ValueError(f"kernel_size must be odd and positive, got {kernel_size}")
    if kernel_size // 2 >= min(x.shape[-2:]):
        raise ValueError(f"kernel_size {kernel_size} too large for reflect padding of "
                         f"{tuple(x.shape[-2:])}")
    if apply is not None:
        return _masked(apply, x, lambda images, s: gaussian_blur(images, kernel_size, s), sigma)
    batch, channels, height, width = x.shape
    radius = kernel_size // 2
    # torchvision's taps: exp(-t^2 / (2 sigma^2)) at t = -radius..radius, normalised to sum 1.
    taps = torch.arange(kernel_size, device=x.device, dtype=x.dtype) - radius
    sigma = sigma.to(device=x.device, dtype=x.dtype).view(-1, 1)
    kernel = torch.softmax(-0.5 * (taps / sigma) ** 2, dim=1)  # (B, k)
    # One group per (sample, channel): grouped convolutions apply per-sample kernels in one call.
    weight = kernel.repeat_interleave(channels, dim=0)  # (B*C, k)
    planes = x.reshape(1, batch * channels, height, width)
    planes = F.pad(planes, (radius, radius, 0, 0), mode="reflect")
    planes = F.conv2d(planes, weight.view(-1, 1, 1, kernel_size), groups=batch * channels)
    planes = F.pad(planes, (0, 0, radius, radius), mode="reflect")
    planes = F.conv2d(planes, weight.view(-1, 1, kernel_size, 1), groups=batch * channels)
    return planes.view(batch, channels, height, width)


def solarize(x: torch.Tensor, threshold: float, apply: torch.Tensor | None = None) -> torch.Tensor:
    """Invert pixels >= threshold (v2.functional.solarize) where apply (B,) is set."""
    invert = x >= threshold
    if apply is not None:
        invert = invert & _mask(apply, x)
    return torch.where(invert, 1.0 - x, x)


def _source_coordinates(start: torch.Tensor, length: torch.Tensor, out_size: int,
                        image_size: int) -> torch.Tensor:
    """Where each output pixel samples along one axis, as grid_sample's normalised coordinates.

    F.interpolate(bilinear, align_corners=False) samples crop pixel (j + 0.5) * length / out - 0.5,
    clamped to [0, length - 1] (its neighbour index is clamped to the crop too). Clamping the
    coordinate the same way keeps every tap inside the box, unlike roi_align, which would blend
    in the pixels just outside the crop at its edges.

    Args:
        start, length: int64 (B,) crop start and length along the axis.
        out_size: output length. image_size: the image's length along the axis.

    Returns:
        float64 (B, out_size) in [-1, 1] (align_corners=False convention).
    """
    length = length.to(torch.float64)[:, None]
    centres = torch.arange(out_size, device=start.device, dtype=torch.float64)[None, :] + 0.5
    source = (centres * (length / out_size) - 0.5).clamp(min=0.0)
    source = torch.minimum(source, length - 1.0) + start[:, None].to(torch.float64)
    return (source + 0.5) * (2.0 / image_size) - 1.0


def resized_crop(
    x: torch.Tensor, boxes: torch.Tensor, size: int, flip: torch.Tensor | None = None
) -> torch.Tensor:
    """Crop a box per sample and resize it bilinearly to size x size (no antialias).

    Matches v2.functional.resized_crop(img, top, left, height, width, [size, size],
    InterpolationMode.BILINEAR, antialias=False) per image, followed by hflip where flip is set
    (the flip only reverses the sampling columns, so it is free). Sample positions are the same;
    grid_sample un-normalises them in x's float type, which moves them by ~1e-5 px in float32.

    Args:
        x: float (B, C, H, W).
        boxes: int64 (B, 4) of (top, left, height, width), inside the image, height/width >= 1.
        size: output side.
        flip: optional bool (B,) horizontal flips.

    Returns:
        float (B, C, size, size).
    """
    batch, _, height, width = x.shape
    boxes = boxes.to(device=x.device, dtype=torch.int64)
    top, left, box_h, box_w = boxes.unbind(dim=1)
    rows = _source_coordinates(top, box_h, size, height)
    cols = _source_coordinates(left, box_w, size, width)
    if flip is not None:
        flip = flip.to(device=x.device, dtype=torch.bool).view(-1, 1)
        cols = torch.where(flip, cols.flip(1), cols)
    grid = torch.stack((cols[:, None, :].expand(batch, size, size),
                        rows[:, :, None].expand(batch, size, size)), dim=-1)  # (B, y, x, [x, y])
    # "border" only guards float round-off at the image edge; taps never leave the box.
    return F.grid_sample(x, grid.to(x.dtype), mode="bilinear", padding_mode="border",
                         align_corners=False)


def normalize(x: torch.Tensor, mean: torch.Tensor, std: torch.Tensor) -> torch.Tensor:
    """(x - mean) / std per channel: v2.functional.normalize.

    Args:
        x: float (B, 3, H, W).
        mean, std: (3,) tensors (moved to x's device and dtype).
    """
    mean = mean.to(device=x.device, dtype=x.dtype).view(1, -1, 1, 1)
    std = std.to(device=x.device, dtype=x.dtype).view(1, -1, 1, 1)
    return (x - mean) / std
