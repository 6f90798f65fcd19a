"""Large host tensors on huge-page-aligned memory: right shape, owned, independent."""
from __future__ import annotations

import gc

import torch

from procgen import host_memory
from procgen.host_memory import HUGE_PAGE, empty_host


def test_large_tensor_is_contiguous_aligned_and_independent():
    shape = (64, 3, 224, 224)  # 38.5 MB: the renderer's batch at 224 px
    first, second = empty_host(shape), empty_host(shape)
    assert first.shape == shape and first.dtype == torch.float32 and first.is_contiguous()
    if host_memory._MADVISE is not None:
        assert first.data_ptr() % HUGE_PAGE == 0
    first.fill_(1.0)
    second.fill_(2.0)
    assert first.sum().item() == first.numel() and second.sum().item() == 2 * second.numel()


def test_a_view_keeps_the_memory_alive():
    tensor = empty_host((16, 1024, 1024), torch.uint8)  # 16 MiB of another dtype
    assert tensor.dtype == torch.uint8 and tensor.shape == (16, 1024, 1024)
    view = tensor[5:7]
    view.fill_(7)
    del tensor
    gc.collect()
    filler = [empty_host((16, 1024, 1024), torch.uint8).fill_(0) for _ in range(2)]  # takes freed memory, if any
    assert bool((view == 7).all())
    del filler


def test_small_tensor_is_a_plain_empty():
    small = empty_host((2, 3), torch.float64)
    assert small.shape == (2, 3) and small.dtype == torch.float64
