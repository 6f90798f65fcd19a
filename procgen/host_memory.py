"""Large host tensors that do not cost a page fault per 4 KiB.

A batch the renderer returns on CPU is new memory every call, and glibc serves a block over
32 MiB straight from mmap: the kernel then faults in and zeroes it 4 KiB at a time on first
write (64 x 3 x 224 x 224 floats = 38.5 MB: ~9,400 faults, 16 ms of the 20 ms the 8-bit ->
float conversion took). Asking for transparent huge pages (madvise, Linux) turns that into
~20 faults of 2 MiB. Where THP is off or madvise is missing this is a plain `torch.empty`.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import math

import numpy as np
import torch

HUGE_PAGE = 2 << 20  # x86-64 / arm64 transparent huge page
_MADV_HUGEPAGE = 14
_SMALLEST = 4 * HUGE_PAGE  # below this, glibc usually recycles freed blocks and faults are few


def _load_madvise():
    name = ctypes.util.find_library("c")
    try:
        madvise = ctypes.CDLL(name, use_errno=True).madvise
    except (OSError, AttributeError, TypeError):
        return None
    madvise.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
    madvise.restype = ctypes.c_int
    return madvise


_MADVISE = _load_madvise()


def empty_host(shape: tuple[int, ...], dtype: torch.dtype = torch.float32) -> torch.Tensor:
    """An uninitialised, contiguous CPU tensor of `shape`; a large one sits on 2 MiB-aligned
    memory advised to use transparent huge pages (a hint: the kernel may ignore it).

    Returns:
        `dtype` tensor of `shape` whose storage owns its memory (freed with the tensor).
    """
    nbytes = math.prod(shape) * dtype.itemsize
    if _MADVISE is None or nbytes < _SMALLEST:
        return torch.empty(shape, dtype=dtype)
    raw = np.empty(nbytes + HUGE_PAGE, dtype=np.uint8)  # room to start on a huge-page boundary
    offset = -raw.ctypes.data % HUGE_PAGE
    block = raw[offset:offset + nbytes]
    _MADVISE(block.ctypes.data, nbytes, _MADV_HUGEPAGE)  # before the first write; failure is harmless
    return torch.from_numpy(block).view(dtype).view(shape)
