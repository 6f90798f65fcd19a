"""DINO multi-crop with NVIDIA DALI operators (`augment.backend=dali`), and the backend factory.

`DaliMultiCropAugment` produces the views of `train.augment.MultiCropAugment` (same recipe,
same per-sample parameters: it calls that class's `sample_params`, i.e. `procgen.seeding` of
(seed, global index, view), so ranks, batch sizes and resume keep their guarantees) with DALI's
dynamic mode (`nvidia.dali.experimental.dynamic`): the stream's batch enters as a DALI batch
without a copy (`as_batch` over the tensor's DLPack / CUDA array interface), each view is
`resize` with a per-sample ROI (crop, flip = reversed ROI), colour jitter in the sample's op
order, grayscale and solarize as DALI arithmetic, `gaussian_blur` with a per-sample sigma,
then normalisation; the result comes back with `.torch()`.

Parameters are drawn on the CPU (the seeding is device-independent): DALI takes per-sample
operator arguments from host memory, and the stream's indices are host tensors, so nothing
reads back from the GPU. The crop is cut out (`slice`) before the resize so that the taps at its
edges clamp to the box, as in the torch backend.

Never run on a GPU yet (DALI's CPU operators are tested here); `benchmarks/gpu_check.sh`
measures both backends where DALI is installed. `auto` means torch until then.
"""
from __future__ import annotations

import importlib
import logging

import torch

from train.augment import MultiCropAugment, ViewParams, ViewSpec
from train.augment_ops import CONTRAST, GRAY_WEIGHTS, HUE, SATURATION, gaussian_kernel_size
from train.config import ConfigError, TrainConfig

__all__ = ["AUGMENT_BACKENDS", "CUDA_DEFAULT_AUGMENT", "DaliMultiCropAugment", "dali_unavailable_reason",
           "make_augment"]

logger = logging.getLogger(__name__)

AUGMENT_BACKENDS = ("auto", "torch", "dali")
CUDA_DEFAULT_AUGMENT = "torch"  # what `auto` means on CUDA; set to the faster once measured on a GPU


def _ndd():
    return importlib.import_module("nvidia.dali.experimental.dynamic")


def dali_unavailable_reason() -> str | None:
    """None when DALI's dynamic mode imports, else why not (names the package)."""
    try:
        _ndd()
    except Exception as err:  # noqa: BLE001 - ImportError or a library load error
        return f"NVIDIA DALI is not usable ({type(err).__name__}: {err}); pip install 'procvision[dali]'"
    return None


class DaliMultiCropAugment:
    """`MultiCropAugment`'s views computed by DALI operators (CPU or GPU, the images' device).

    Args:
        recipe: the torch augmentation whose views, parameters and constants are reproduced.
    """

    def __init__(self, recipe: MultiCropAugment) -> None:
        reason = dali_unavailable_reason()
        if reason is not None:
            raise ImportError(reason)
        self.recipe = recipe
        self.views = recipe.views
        self._ndd = _ndd()
        self._interp = importlib.import_module("nvidia.dali.types").DALIInterpType.INTERP_LINEAR

    def _batch(self, values: torch.Tensor, device: torch.device):
        """(B, ...) parameters -> a DALI batch of B samples on `device` (float32)."""
        return self._ndd.as_batch(values.to(device=device, dtype=torch.float32, non_blocking=True).contiguous())

    @torch.no_grad()
    def __call__(self, images: torch.Tensor, seed: int, index: torch.Tensor) -> list[torch.Tensor]:
        """Augment a batch into its multi-crop views (see `MultiCropAugment.__call__`).

        Args:
            images: float (B, 3, H, W) in [0, 1], CPU or CUDA.
            seed: the augmentation seed. index: int64 (B,) global sample indices.

        Returns:
            [global1, global2, local_1..n], each float (B, 3, S, S) normalised, images' dtype.
        """
        MultiCropAugment._check_inputs(images, seed, index)
        if images.device.type == "cuda":  # DALI's kernels on torch's stream: ordered, no event needed
            self._ndd.set_current_stream(torch.cuda.current_stream(images.device))
        work = images.float().contiguous()
        batch = self._ndd.as_batch(work, layout="CHW")  # no copy: DLPack / CUDA array interface
        height, width = images.shape[-2:]
        host_index = index.cpu()  # the stream's indices are host tensors: no device read-back
        views = []
        for view in self.views:
            params = self.recipe.sample_params(view, seed, host_index, height, width)
            out = self.apply_view(batch, view, params, images.device).torch()
            views.append(out.to(device=images.device, dtype=images.dtype))
        return views

    def apply_view(self, x, view: ViewSpec, params: ViewParams, device: torch.device):
        """Crop/flip/resize, jitter, grayscale, blur, solarize, normalise one view of DALI batch x."""
        ndd = self._ndd
        cpu = torch.device("cpu")  # operator arguments live in host memory
        boxes = params.boxes.to(torch.float32)
        # Cut the box first so that resize clamps its taps to the box's edges, as the torch
        # backend does (a ROI would blend in the pixels just outside the box).
        x = ndd.slice(x, self._batch(boxes[:, :2], cpu), self._batch(boxes[:, 2:], cpu), axes=[1, 2],
                      normalized_anchor=False, normalized_shape=False)
        zeros = torch.zeros_like(boxes[:, 0])
        height, width = boxes[:, 2], boxes[:, 3]
        # A reversed ROI along x mirrors the crop: the flip costs nothing.
        start = torch.stack([zeros, torch.where(params.flip, width, zeros)], dim=1)
        end = torch.stack([height, torch.where(params.flip, zeros, width)], dim=1)
        x = ndd.resize(x, size=[view.size, view.size], roi_start=self._batch(start, cpu),
                       roi_end=self._batch(end, cpu), roi_relative=False, interp_type=self._interp,
                       antialias=False)
        x = self._jitter(x, params, device)
        x = self._select(x, self._luma(x), params.grayscale, device)
        if view.blur_p > 0:
            sigma = self._batch(params.blur_sigma, cpu)
            blurred = ndd.gaussian_blur(x, sigma=sigma, window_size=gaussian_kernel_size(view.size))
            x = self._select(x, blurred, params.blur, device)
        if view.solarize_p > 0:
            invert = (x >= self.recipe.solarize_threshold) * self._batch(params.solarize, device)
            x = x + invert * (1.0 - 2.0 * x)
        # Constants on the images' device: DALI's GPU arithmetic takes no host tensors.
        mean = ndd.as_tensor(self.recipe.mean.to(device=device, dtype=torch.float32).view(3, 1, 1))
        std = ndd.as_tensor(self.recipe.std.to(device=device, dtype=torch.float32).view(3, 1, 1))
        return (x - mean) / std

    def _select(self, x, y, chosen: torch.Tensor, device: torch.device):
        """y where chosen (B,) else x, exactly (a 0/1 per-sample weight)."""
        weight = self._batch(chosen, device)
        return x * (1.0 - weight) + y * weight

    @staticmethod
    def _luma(x):
        r, g, b = x.slice[0:1], x.slice[1:2], x.slice[2:3]
        return r * GRAY_WEIGHTS[0] + g * GRAY_WEIGHTS[1] + b * GRAY_WEIGHTS[2]  # (1, H, W), broadcasts

    def _jitter(self, x, params: ViewParams, device: torch.device):
        """ColorJitter in each sample's op order where params.jitter is set (train.augment_ops
        `_ordered_jitter`: blends before the sample's hue step, hue, blends after)."""
        ndd = self._ndd
        order, factors = params.jitter_order, params.jitter_factors
        hue_position = (order == HUE).to(torch.int64).argmax(dim=1)
        original = x
        for before_hue in (True, False):
            for position in range(0, 3) if before_hue else range(1, 4):
                op = order[:, position]
                due = (position < hue_position) if before_hue else (position > hue_position)
                factor = factors.gather(1, op.clamp(max=SATURATION).view(-1, 1)).squeeze(1)
                factor = torch.where(due & (op != HUE), factor, torch.ones_like(factor))
                luma = self._luma(x)
                # brightness blends with 0: neither flag set (train.augment_ops._blend_step)
                reference = (luma * self._batch(op == SATURATION, device)
                             + ndd.reductions.mean(luma) * self._batch(op == CONTRAST, device))
                f = self._batch(factor, device)
                x = ndd.math.clamp(reference + f * (x - reference), 0.0, 1.0)
            if before_hue:
                x = self._hue(x, factors[:, HUE], device)
        return self._select(original, x, params.jitter, device)

    def _hue(self, x, shift: torch.Tensor, device: torch.device):
        """Hue rotation by `shift` (B,) turns, as `train.augment_ops.adjust_hue` computes it."""
        ndd = self._ndd
        r, g, b = x.slice[0:1], x.slice[1:2], x.slice[2:3]
        value = ndd.math.max(ndd.math.max(r, g), b)
        chroma = value - ndd.math.min(ndd.math.min(r, g), b)
        inv = 1.0 / (chroma + (chroma <= 0.0))  # grey pixels: any divisor, the differences are 0
        is_r = value == r
        is_g = (value == g) * (1.0 - is_r)
        is_b = 1.0 - is_r - is_g
        sixths = (is_r * ((g - b) * inv) + is_g * (2.0 + (b - r) * inv) + is_b * (4.0 + (r - g) * inv)
                  + 6.0 * self._batch(shift.to(torch.float64), device))
        channels = []
        for offset in (5.0, 3.0, 1.0):
            k = sixths + offset
            k = k - 6.0 * ndd.math.floor(k / 6.0)
            ramp = ndd.math.clamp(ndd.math.min(k, 4.0 - k), 0.0, 1.0)
            channels.append(value - chroma * ramp)
        return ndd.math.clamp(ndd.cat(*channels, axis=0), 0.0, 1.0)


def make_augment(cfg: TrainConfig, device: torch.device) -> MultiCropAugment | DaliMultiCropAugment:
    """The multi-crop of `cfg.crops` on the backend `cfg.augment.backend` (auto | torch | dali).

    Raises:
        ConfigError: an unknown backend, or dali asked for where DALI cannot be imported.
    """
    c = cfg.crops
    recipe = MultiCropAugment(global_size=c.global_size, local_size=c.local_size, n_local=c.n_local,
                              global_scale=c.global_scale, local_scale=c.local_scale)
    backend = cfg.augment.backend
    if backend not in AUGMENT_BACKENDS:
        raise ConfigError(f"config key 'augment.backend': {backend!r} is not one of {', '.join(AUGMENT_BACKENDS)}")
    if backend == "auto":
        backend = CUDA_DEFAULT_AUGMENT if device.type == "cuda" else "torch"
    if backend == "torch":
        return recipe
    try:
        return DaliMultiCropAugment(recipe)
    except ImportError as err:
        raise ConfigError(f"config key 'augment.backend': dali: {err}") from None
