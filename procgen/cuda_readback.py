"""Zero-copy read-back on CUDA: GL colour planes -> CUDA arrays -> a torch tensor, never via the host.

Each colour plane (a GL texture) of a framebuffer is registered once with CUDA through
cuda-python's runtime bindings (`cudaGraphicsGLRegisterImage`, read-only). A read maps the
planes on torch's current stream, copies the viewport of each mapped array into a device tensor
(`cudaMemcpy2DFromArrayAsync`, device to device) and unmaps them on the same stream. Mapping
orders CUDA after the GL draws that wrote the planes, unmapping orders later GL draws after the
copies, so a batch drawn next into the same framebuffer cannot overwrite this one's tensor.
Interop calls must run in the thread where the GL context is current: the renderer reads inside
`with context_lock(ctx), ctx:`.

Where interop is unavailable (cuda-python missing, the GL context not on an NVIDIA GPU, a
driver without GL interop, no EGL device for the CUDA device) the host reader takes over after
ONE warning per device and process (`InteropUnavailableWarning`); nothing crashes.
`PROCVISION_READBACK=host` forces the host reader (the benchmark's copying baseline).

Never run on a GPU yet (no GPU was lent while it was written): the CUDA tests
(`pytest -m cuda`) and `benchmarks/gpu_check.sh` verify it whenever one is.
"""
from __future__ import annotations

import importlib
import logging
import os
import warnings
from dataclasses import dataclass

import moderngl
import torch

from procgen.errors import EGLUnavailableError
from procgen.gl import HostReadback, context_lock, device_key, get_context

__all__ = ["InteropUnavailable", "InteropUnavailableWarning", "CudaReadback", "PlaneCopy",
           "plane_copy", "choose_readback", "open_render_context", "READBACK_ENV"]

logger = logging.getLogger(__name__)

READBACK_ENV = "PROCVISION_READBACK"  # "host" forces the copying reader; "auto" (default) interop
_GL_TEXTURE_2D = 0x0DE1
_BYTES_PER_TEXEL = {"f1": 1, "f2": 2, "f4": 4}  # moderngl dtypes of one-channel planes
_WARNED: set[str] = set()  # device keys already warned about (one warning per device)


class InteropUnavailable(RuntimeError):
    """CUDA-GL interop cannot be used here; the message says why."""


class InteropUnavailableWarning(RuntimeWarning):
    """The renderer fell back to the host reader (or the CPU GL device) on a CUDA device."""


def warn_fallback(device: str, message: str) -> None:
    """Warn once per device and process that images take the slow path, and why."""
    if device in _WARNED:
        logger.debug("fallback on %s (already warned): %s", device, message)
        return
    _WARNED.add(device)
    warnings.warn(f"{device}: {message}", InteropUnavailableWarning, stacklevel=3)


def _runtime():
    """cuda-python's runtime module (`cuda.bindings.runtime`, cuda-bindings >= 12.6)."""
    try:
        return importlib.import_module("cuda.bindings.runtime")
    except ImportError as err:
        raise InteropUnavailable("cuda-python is not installed (pip install 'procvision[gpu]' or "
                                 f"cuda-bindings): {err}") from None


def _check(runtime, result, what: str):
    """Unpack a cuda-python result tuple (error, *values); raise InteropUnavailable on error."""
    error, values = (result[0], result[1:]) if isinstance(result, tuple) else (result, ())
    if error != runtime.cudaError_t.cudaSuccess:
        _, text = runtime.cudaGetErrorString(error)
        raise InteropUnavailable(f"{what} failed: {error.name}: {text.decode(errors='replace')}")
    return values[0] if len(values) == 1 else values


@dataclass(frozen=True)
class PlaneCopy:
    """Arguments of one `cudaMemcpy2DFromArrayAsync` for a viewport of a one-channel plane:
    source offsets (x in bytes, y in rows), row length in bytes (= the destination pitch), rows."""

    x_bytes: int
    y: int
    width_bytes: int
    height: int


def plane_copy(viewport: tuple[int, int, int, int], dtype: str) -> PlaneCopy:
    """The copy of `viewport` (x, y, width, height in GL pixels, y = 0 the bottom row) out of a
    plane of moderngl dtype `dtype`, into a contiguous (height, width) tensor. The mapped
    array's row 0 is GL's bottom row, so the tensor's rows come bottom-first."""
    if dtype not in _BYTES_PER_TEXEL:
        raise ValueError(f"unsupported plane dtype {dtype!r}: one of {sorted(_BYTES_PER_TEXEL)}")
    x, y, width, height = (int(v) for v in viewport)
    if min(x, y) < 0 or min(width, height) < 1:
        raise ValueError(f"viewport must have x, y >= 0 and width, height >= 1, got {viewport}")
    size = _BYTES_PER_TEXEL[dtype]
    return PlaneCopy(x * size, y, width * size, height)


class CudaReadback:
    """Framebuffer -> CUDA tensor through CUDA-GL interop (the `Readback` of CUDA devices).

    Use `choose_readback`, which falls back to the host reader when interop is unavailable.

    Args:
        device: the CUDA device of the GL context (its EGL device reports this ordinal).
        runtime: `cuda.bindings.runtime`.
    """

    top_row_first = False  # a CUDA array holds GL's rows bottom first; the renderer flips

    def __init__(self, device: torch.device, runtime) -> None:
        self.device = device
        self._rt = runtime
        # id(fbo) -> (fbo, registered resource per colour plane); the fbo is kept so its id
        # cannot be reused while registered.
        self._registered: dict[int, tuple[moderngl.Framebuffer, list]] = {}

    @classmethod
    def open(cls, ctx: moderngl.Context, device: torch.device) -> CudaReadback:
        """Check that interop works for `ctx` on `device` (registers a 1x1 probe texture).

        Raises:
            InteropUnavailable: with the reason (no cuda-python, software GL, no driver/interop).
        """
        runtime = _runtime()
        read_only = int(runtime.cudaGraphicsRegisterFlags.cudaGraphicsRegisterFlagsReadOnly)
        renderer = str(ctx.info.get("GL_RENDERER", "?"))
        if any(name in renderer.lower() for name in ("llvmpipe", "softpipe", "swrast")):
            raise InteropUnavailable(f"the GL context renders on {renderer!r}, not on an NVIDIA GPU")
        reader = cls(device, runtime)
        reader._set_device()
        with context_lock(ctx), ctx:
            probe = ctx.texture((1, 1), 1, dtype="f1")
            try:
                resource = _check(runtime, runtime.cudaGraphicsGLRegisterImage(probe.glo, _GL_TEXTURE_2D, read_only),
                                  "cudaGraphicsGLRegisterImage (probe)")
                _check(runtime, runtime.cudaGraphicsUnregisterResource(resource), "unregister (probe)")
            finally:
                probe.release()
        return reader

    def _set_device(self) -> None:
        # cuda-python keeps its own current device per thread: select ours in the calling
        # thread (the renderer may run in a prefetch thread); both share the primary context.
        _check(self._rt, self._rt.cudaSetDevice(self.device.index or 0), f"cudaSetDevice({self.device})")

    def _resources(self, fbo: moderngl.Framebuffer) -> list:
        entry = self._registered.get(id(fbo))
        if entry is None:
            flags = int(self._rt.cudaGraphicsRegisterFlags.cudaGraphicsRegisterFlagsReadOnly)  # unsigned int
            resources = [_check(self._rt, self._rt.cudaGraphicsGLRegisterImage(plane.glo, _GL_TEXTURE_2D, flags),
                                f"cudaGraphicsGLRegisterImage(texture {plane.glo})")
                         for plane in fbo.color_attachments]
            entry = self._registered[id(fbo)] = (fbo, resources)
            logger.debug("registered %d planes of framebuffer %d with CUDA", len(resources), fbo.glo)
        return entry[1]

    def read(self, fbo: moderngl.Framebuffer, viewport: tuple[int, int, int, int]) -> torch.Tensor:
        """Copy a region of every colour plane into a new tensor on `self.device`, GPU to GPU.

        Args:
            fbo: framebuffer of one-channel textures of one dtype ("f1" or "f4"), context bound.
            viewport: (x, y, width, height) in GL pixels (y = 0 is the bottom row).

        Returns:
            (planes, height, width) uint8 ("f1") or float32 ("f4"), bottom row first; the
            copies are queued on torch's current stream (no host synchronisation).
        """
        dtype = fbo.color_attachments[0].dtype
        copy = plane_copy(viewport, dtype)
        self._set_device()
        resources = self._resources(fbo)
        out = torch.empty((len(resources), copy.height, viewport[2]),
                          dtype=torch.uint8 if dtype == "f1" else torch.float32, device=self.device)
        stream = self._rt.cudaStream_t(torch.cuda.current_stream(self.device).cuda_stream)
        rt = self._rt
        for plane, resource in zip(out, resources):
            # map waits (on the stream) for GL's writes; unmap makes later GL work wait for the copy
            _check(rt, rt.cudaGraphicsMapResources(1, resource, stream), "cudaGraphicsMapResources")
            try:
                array = _check(rt, rt.cudaGraphicsSubResourceGetMappedArray(resource, 0, 0),
                               "cudaGraphicsSubResourceGetMappedArray")
                _check(rt, rt.cudaMemcpy2DFromArrayAsync(
                    plane.data_ptr(), copy.width_bytes, array, copy.x_bytes, copy.y, copy.width_bytes,
                    copy.height, rt.cudaMemcpyKind.cudaMemcpyDeviceToDevice, stream),
                    "cudaMemcpy2DFromArrayAsync")
            finally:
                _check(rt, rt.cudaGraphicsUnmapResources(1, resource, stream), "cudaGraphicsUnmapResources")
        return out

    def discard(self, fbo: moderngl.Framebuffer) -> None:
        """Unregister `fbo`'s planes (call before releasing it, with its context bound)."""
        entry = self._registered.pop(id(fbo), None)
        for resource in entry[1] if entry else ():
            _check(self._rt, self._rt.cudaGraphicsUnregisterResource(resource), "cudaGraphicsUnregisterResource")


def choose_readback(ctx: moderngl.Context, device: torch.device) -> CudaReadback | HostReadback:
    """The reader for a CUDA device: interop when it works, else the host reader + one warning."""
    host = HostReadback(device, top_row_first="GL_MESA_pack_invert" in ctx.extensions)
    if os.environ.get(READBACK_ENV, "auto") == "host":
        return host
    try:
        return CudaReadback.open(ctx, device)
    except InteropUnavailable as err:
        warn_fallback(device_key(device), f"zero-copy CUDA read-back unavailable ({err}); rendered "
                      "images go through host memory (slower)")
        return host


def open_render_context(device: str | torch.device) -> moderngl.Context:
    """`gl.get_context(device)`, except that a CUDA device without a matching EGL device renders
    on the CPU (llvmpipe) after one warning instead of failing."""
    try:
        return get_context(device)
    except EGLUnavailableError as err:
        key = device_key(device)
        if not key.startswith("cuda"):
            raise
        warn_fallback(key, f"no GL context on the GPU ({err}); rendering on the CPU (llvmpipe), "
                      "images are copied to the GPU (much slower)")
        return get_context("cpu")
