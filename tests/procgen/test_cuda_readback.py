"""The Readback seam: protocol, the CUDA reader's copy geometry, the fallback paths (CPU-testable),
and the zero-copy reader itself on a GPU (`pytest -m cuda`; skipped without one)."""
from __future__ import annotations

import sys
import warnings

import pytest
import torch

from procgen import cuda_readback
from procgen.cuda_readback import (CudaReadback, InteropUnavailable, InteropUnavailableWarning,
                                   choose_readback, open_render_context, plane_copy)
from procgen.gl import HostReadback, Readback


@pytest.fixture(autouse=True)
def fresh_warnings(monkeypatch):
    """Each test starts with no device warned about yet (the set is per process)."""
    monkeypatch.setattr(cuda_readback, "_WARNED", set())
    monkeypatch.delenv(cuda_readback.READBACK_ENV, raising=False)


def fallback_warnings(record) -> list[str]:
    return [str(w.message) for w in record if issubclass(w.category, InteropUnavailableWarning)]


def test_both_readers_implement_the_protocol():
    assert isinstance(HostReadback(torch.device("cpu")), Readback)
    assert isinstance(CudaReadback(torch.device("cuda:0"), runtime=None), Readback)
    assert not isinstance(object(), Readback)
    assert CudaReadback.top_row_first is False  # CUDA arrays hold GL's bottom row first


def test_plane_copy_geometry_in_bytes_and_rows():
    assert plane_copy((0, 64, 32, 96), "f1") == cuda_readback.PlaneCopy(0, 64, 32, 96)
    assert plane_copy((3, 0, 16, 8), "f4") == cuda_readback.PlaneCopy(12, 0, 64, 8)
    with pytest.raises(ValueError, match="unsupported plane dtype 'u1'"):
        plane_copy((0, 0, 4, 4), "u1")
    with pytest.raises(ValueError, match="width, height >= 1"):
        plane_copy((0, 0, 0, 4), "f1")


def test_software_gl_context_falls_back_with_one_warning(egl_context):
    device = torch.device("cuda:0")  # only named: nothing is allocated on it
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        first = choose_readback(egl_context, device)
        second = choose_readback(egl_context, device)
    assert type(first) is HostReadback and type(second) is HostReadback
    assert first.device == device
    messages = fallback_warnings(record)
    assert len(messages) == 1, messages
    assert "cuda:0" in messages[0] and "llvmpipe" in messages[0] and "host memory" in messages[0]


def test_missing_cuda_python_is_named(egl_context, monkeypatch):
    monkeypatch.setitem(sys.modules, "cuda.bindings.runtime", None)  # import now raises ImportError
    with pytest.raises(InteropUnavailable, match="cuda-python is not installed"):
        CudaReadback.open(egl_context, torch.device("cuda:0"))
    with pytest.warns(InteropUnavailableWarning, match="cuda-python is not installed"):
        assert type(choose_readback(egl_context, torch.device("cuda:1"))) is HostReadback


def test_forced_host_reader_does_not_warn(egl_context, monkeypatch):
    monkeypatch.setenv(cuda_readback.READBACK_ENV, "host")
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        reader = choose_readback(egl_context, torch.device("cuda:0"))
    assert type(reader) is HostReadback and not fallback_warnings(record)


@pytest.mark.skipif(torch.cuda.is_available(), reason="checks the error of a machine without a CUDA driver")
def test_driver_error_becomes_interop_unavailable_with_the_cuda_error_name():
    runtime = pytest.importorskip("cuda.bindings.runtime")
    reader = CudaReadback(torch.device("cuda:0"), runtime)
    with pytest.raises(InteropUnavailable, match=r"cudaSetDevice\(cuda:0\) failed: cudaError"):
        reader._set_device()


@pytest.mark.skipif(torch.cuda.is_available(), reason="a GPU machine has an EGL device for cuda:0")
def test_no_egl_device_for_the_cuda_device_renders_on_the_cpu_after_one_warning(egl_context):
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        ctx = open_render_context("cuda:0")
        open_render_context("cuda:0")
    assert ctx is egl_context
    messages = fallback_warnings(record)
    assert len(messages) == 1 and "no GL context on the GPU" in messages[0], messages


class RecordingReadback(HostReadback):
    """The real host reader, also noting which framebuffers it was told to forget."""

    def __init__(self, device):
        super().__init__(device, top_row_first=True)
        self.discarded: list[int] = []

    def discard(self, fbo):
        self.discarded.append(fbo.glo)


def test_renderer_discards_a_framebuffer_before_releasing_it(egl_context, toy_library):
    from procgen.renderer import BatchRenderer

    renderer = BatchRenderer(toy_library, device="cpu")
    reader = renderer._readback = RecordingReadback(torch.device("cpu"))
    seeds, times = torch.full((1, 4), 0.5), torch.ones(1)
    renderer.render([0], seeds, times, 8)
    first = next(iter(renderer._framebuffers.values())).glo
    for resolution in (9, 10, 11, 12):  # a fifth size evicts the oldest framebuffer
        renderer.render([0], seeds, times, resolution)
    assert reader.discarded == [first]
    renderer.release()
    assert len(reader.discarded) == 5


# ------------------------------------------------------------------------------------ on a GPU
@pytest.fixture(scope="module")
def cuda_renderer(toy_library):
    from procgen.renderer import BatchRenderer

    return BatchRenderer(toy_library, device="cuda")


def toy_batch(count: int, offset: float):
    seeds = torch.rand(count, 4, generator=torch.Generator().manual_seed(int(offset * 100)))
    times = torch.linspace(0.5 + offset, 4.0 + offset, count)
    return torch.arange(count) % 3, seeds, times


@pytest.mark.cuda
def test_cuda_renderer_uses_the_zero_copy_reader(cuda_renderer):
    assert isinstance(cuda_renderer._readback, CudaReadback), type(cuda_renderer._readback)


@pytest.mark.cuda
def test_gpu_render_matches_the_cpu_render_within_8_bit_tolerance(cuda_renderer, toy_renderer):
    ids, seeds, times = toy_batch(12, 0.0)
    gpu = cuda_renderer.render(ids, seeds, times, 48).cpu()
    cpu = toy_renderer.render(ids, seeds, times, 48)
    assert gpu.shape == cpu.shape
    assert (gpu - cpu).abs().max().item() <= 1.0 / 255 + 1e-6


@pytest.mark.cuda
def test_batch_b_into_the_same_framebuffer_neither_overwrites_a_nor_is_stale(cuda_renderer, toy_renderer):
    batch_a, batch_b = toy_batch(16, 0.0), toy_batch(16, 2.0)
    a = cuda_renderer.render(*batch_a, 64)
    b = cuda_renderer.render(*batch_b, 64)  # same size: the same framebuffer and registration
    torch.cuda.synchronize()
    expected_a, expected_b = toy_renderer.render(*batch_a, 64), toy_renderer.render(*batch_b, 64)
    assert (expected_a - expected_b).abs().max() > 0.1  # the two batches differ visibly
    assert (a.cpu() - expected_a).abs().max().item() <= 1.0 / 255 + 1e-6
    assert (b.cpu() - expected_b).abs().max().item() <= 1.0 / 255 + 1e-6


@pytest.mark.cuda
def test_rendered_batch_has_no_host_device_memcpy(cuda_renderer):
    from torch.profiler import ProfilerActivity, profile

    ids, seeds, times = toy_batch(32, 1.0)
    cuda_renderer.render(ids, seeds, times, 64)  # warm: compile, register
    torch.cuda.synchronize()
    with profile(activities=[ProfilerActivity.CPU, ProfilerActivity.CUDA]) as prof:
        cuda_renderer.render(ids, seeds, times, 64)
        torch.cuda.synchronize()
    names = [event.name for event in prof.events()]
    host_copies = [n for n in names if "HtoD" in n or "DtoH" in n]
    assert not host_copies, host_copies
    assert "aten::copy_" in names  # the trace did record the batch (the plane -> image copy)
