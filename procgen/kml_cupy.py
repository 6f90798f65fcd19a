"""KML (k = 2) on CUDA with CuPy: three fused kernels from `kml_cupy.cu`, on torch's current stream.

`kml_blend_cupy` equals `procgen.kml.kml_blend` for k = 2 (the same definition, checked against
`reference_kml_numpy` by the CUDA tests); `resolve_backend` picks torch or CuPy for
`kml_blend(..., backend=None|"torch"|"cupy")`. CuPy is imported only on CUDA; where it is
missing or cannot compile, the torch path runs after one warning. The tensors reach CuPy by
DLPack (no copy).

Never run on a GPU yet: `pytest -m cuda` and `benchmarks/gpu_check.sh` verify and time it.
Until they do, torch stays the default on CUDA (`CUDA_DEFAULT_BACKEND`).
"""
from __future__ import annotations

import importlib
import logging
import os
import warnings
from pathlib import Path

import numpy as np
import torch

__all__ = ["BACKENDS", "CUDA_DEFAULT_BACKEND", "KML_BACKEND_ENV", "KERNEL_SOURCE", "KERNEL_NAMES",
           "CupyUnavailableWarning", "cupy_unavailable_reason", "resolve_backend", "kml_blend_cupy"]

logger = logging.getLogger(__name__)

BACKENDS = ("torch", "cupy")
CUDA_DEFAULT_BACKEND = "torch"  # set to the faster one once gpu_check.sh has measured both
KML_BACKEND_ENV = "PROCVISION_KML_BACKEND"  # overrides the default (benchmarks use it)
KERNEL_SOURCE = Path(__file__).with_suffix(".cu")
KERNEL_NAMES = ("kml_hard_mask", "kml_soft", "kml_blend")
_THREADS = 512  # KML_THREADS in the .cu (the hard-mask kernel's block; its shared arrays use it)
_ELEMENTWISE_THREADS = 256
_MODULES: dict[int, object] = {}  # CUDA device index -> cupy.RawModule
_WARNED = False


class CupyUnavailableWarning(RuntimeWarning):
    """kml_backend=cupy was asked for but CuPy cannot run here; the torch path runs instead."""


def _cupy():
    return importlib.import_module("cupy")


def cupy_unavailable_reason() -> str | None:
    """None when CuPy imports, else why not (the message names the package to install)."""
    try:
        _cupy()
    except Exception as err:  # noqa: BLE001 - ImportError, or a CUDA library error at import
        return f"CuPy is not usable ({type(err).__name__}: {err}); pip install 'procvision[gpu]' (cupy-cuda13x)"
    return None


def resolve_backend(backend: str | None, device: torch.device, k: int) -> str:
    """The KML backend to run: `backend`, or $PROCVISION_KML_BACKEND, or the device's default.

    Raises:
        ValueError: an unknown name, or "cupy" asked explicitly for CPU tensors or k != 2.
    """
    explicit = backend is not None
    name = backend if explicit else os.environ.get(KML_BACKEND_ENV) or (
        CUDA_DEFAULT_BACKEND if device.type == "cuda" else "torch")
    if name not in BACKENDS:
        raise ValueError(f"unknown KML backend {name!r}: one of {', '.join(BACKENDS)}")
    if name == "torch":
        return name
    if device.type != "cuda" or k != 2:
        if explicit:
            raise ValueError(f"the cupy KML backend needs CUDA tensors and k=2, got device {device} and k={k}")
        return "torch"  # an environment default applies only where it can
    reason = cupy_unavailable_reason()
    if reason is not None:
        global _WARNED
        if not _WARNED:
            _WARNED = True
            warnings.warn(f"kml_backend=cupy: {reason}; using the torch KML", CupyUnavailableWarning, stacklevel=3)
        return "torch"
    return name


def _module(cp, device_index: int):
    module = _MODULES.get(device_index)
    if module is None:
        module = cp.RawModule(code=KERNEL_SOURCE.read_text(), options=("-std=c++17",), backend="nvrtc")
        _MODULES[device_index] = module
    return module


def kml_blend_cupy(s1: torch.Tensor, s2: torch.Tensor, s3: torch.Tensor, iters: int = 3,
                   work_size: int = 256) -> tuple[torch.Tensor, torch.Tensor]:
    """KML images with k = 2 in three CUDA kernels.

    Args:
        s1: float (B, 3, H, W) CUDA tensor in [0, 1] (clustered); s2, s3: float (B, 3, R, R) on
            the same device. Other float dtypes are computed in float32.
        iters: Lloyd iterations. work_size: side s1 is resized to.

    Returns:
        (image (B, 3, R, R), mask (B, 1, R, R)) in s2's dtype.
    """
    cp = _cupy()
    device = s1.device
    batch, _, h, w = s1.shape
    size = s2.shape[-1]
    s1f, s2f, s3f = (t.contiguous().float() for t in (s1, s2, s3))
    hard = torch.empty((batch, work_size, work_size), device=device)
    soft = torch.empty((batch, size, size), device=device)
    mask = torch.empty((batch, 1, size, size), device=device)
    image = torch.empty_like(s2f)
    stream = torch.cuda.current_stream(device)
    with cp.cuda.Device(device.index or 0), cp.cuda.ExternalStream(stream.cuda_stream, device.index or 0):
        module = _module(cp, device.index or 0)
        a = [cp.from_dlpack(t) for t in (s1f, s2f, s3f, hard, soft, mask, image)]
        i32 = np.int32
        module.get_function("kml_hard_mask")(
            (batch,), (_THREADS,), (a[0], i32(h), i32(w), i32(work_size), i32(iters), a[3]))
        total = batch * size * size
        blocks = ((total + _ELEMENTWISE_THREADS - 1) // _ELEMENTWISE_THREADS,)
        module.get_function("kml_soft")(blocks, (_ELEMENTWISE_THREADS,),
                                        (a[3], i32(batch), i32(work_size), i32(size), a[4]))
        module.get_function("kml_blend")(blocks, (_ELEMENTWISE_THREADS,),
                                         (a[4], a[1], a[2], i32(batch), i32(size), a[5], a[6]))
    return image.to(s2.dtype), mask.to(s2.dtype)
