"""Framebuffer -> tensor: the one place rendered images cross from GL to torch."""

from __future__ import annotations

import ctypes
from typing import Protocol, runtime_checkable

import moderngl
import numpy as np
import torch

from procgen.gl.egl import egl_proc_address

GL_PACK_INVERT_MESA = 0x8758  # GL_MESA_pack_invert: glReadPixels returns the top row first


def _gl_pixel_store() -> ctypes._CFuncPtr | None:
    """glPixelStorei of the context current in this thread (moderngl exposes no pack state);
    None if EGL does not hand it out."""
    address = egl_proc_address(b"glPixelStorei")
    return ctypes.CFUNCTYPE(None, ctypes.c_uint, ctypes.c_int)(address) if address else None


@runtime_checkable
class Readback(Protocol):
    """Framebuffer -> tensor: `HostReadback` on CPU, `procgen.cuda_readback.CudaReadback` on CUDA.

    `read(fbo, viewport)` returns (planes, height, width) on `device` (uint8 for 8-bit planes,
    float32 for float ones), rows top first iff `top_row_first`; `discard(fbo)` forgets
    anything kept for `fbo` (call before releasing it). Both run with the context bound.
    """

    device: torch.device
    top_row_first: bool

    def read(self, fbo: moderngl.Framebuffer, viewport: tuple[int, int, int, int]) -> torch.Tensor: ...

    def discard(self, fbo: moderngl.Framebuffer) -> None: ...


class HostReadback:
    """Framebuffer -> tensor through host memory (glReadPixels, then `.to(device)`).

    The reader of CPU devices, and the fallback on CUDA where interop is unavailable (a host
    round trip there; `procgen.cuda_readback` is the zero-copy reader).

    Args:
        device: where the tensors go.
        top_row_first: read rows top-first through GL_MESA_pack_invert (Mesa has it; callers
            then need no flip); False, or no glPixelStorei from EGL, reads GL's bottom row first
            (the attribute `top_row_first` says which).
    """

    def __init__(self, device: torch.device, top_row_first: bool = False) -> None:
        self.device = device
        self._pixel_store = _gl_pixel_store() if top_row_first else None
        self.top_row_first = self._pixel_store is not None

    def read(self, fbo: moderngl.Framebuffer, viewport: tuple[int, int, int, int]) -> torch.Tensor:
        """Read a region of every colour attachment, each a single-channel plane.

        Args:
            fbo: framebuffer whose colour attachments are one-channel textures, 8-bit normalised
                ("f1") or float ("f4"), all of one dtype. Its context must be bound.
            viewport: (x, y, width, height) in GL pixels (y = 0 is the bottom row).

        Returns:
            (planes, height, width) on `self.device`, uint8 for 8-bit attachments, float32 for
            float ones; row 0 is the region's top row if `top_row_first`, else its bottom row.
        """
        _, _, width, height = viewport
        attachments = fbo.color_attachments
        dtype = attachments[0].dtype
        array = np.empty((len(attachments), height, width), dtype=np.uint8 if dtype == "f1" else np.float32)
        if self._pixel_store is not None:
            self._pixel_store(GL_PACK_INVERT_MESA, 1)
        try:
            for index, plane in enumerate(array):
                fbo.read_into(plane, viewport=viewport, components=1, attachment=index, dtype=dtype)
        finally:  # pack state belongs to the context: leave it as GL's default for other readers
            if self._pixel_store is not None:
                self._pixel_store(GL_PACK_INVERT_MESA, 0)
        tensor = torch.from_numpy(array)
        return tensor if self.device.type == "cpu" else tensor.to(self.device)  # host round trip (GPU)

    def discard(self, fbo: moderngl.Framebuffer) -> None:
        """Nothing is kept per framebuffer."""


def make_readback(ctx: moderngl.Context, device: torch.device) -> Readback:
    """Choose the framebuffer reader for `device`: the host reader on CPU, CUDA-GL interop on
    CUDA (falling back to the host reader, with one warning, where interop is unavailable)."""
    if device.type == "cuda":
        from procgen.cuda_readback import choose_readback  # imports cuda-python only on CUDA
        return choose_readback(ctx, device)
    return HostReadback(device, top_row_first="GL_MESA_pack_invert" in ctx.extensions)
