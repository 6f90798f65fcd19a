"""The CuPy KML: its CUDA source compiles (nvcc and NVRTC, no GPU needed), backend selection and
the CuPy-missing fallback (CPU), and agreement with the numpy oracle and the torch path (GPU)."""
from __future__ import annotations

import shutil
import subprocess
import sys
import warnings

import pytest
import torch

from test_kml import palette_images, smooth_images  # the KML tests' image makers (same folder)

from procgen import kml_cupy
from procgen.kml import kml_blend, reference_kml_mask_numpy
from procgen.kml_cupy import KERNEL_NAMES, KERNEL_SOURCE, CupyUnavailableWarning, resolve_backend

CPU, CUDA = torch.device("cpu"), torch.device("cuda:0")  # CUDA is only named on CPU machines


@pytest.mark.skipif(shutil.which("nvcc") is None, reason="nvcc is not installed")
def test_kernel_source_compiles_with_nvcc_without_warnings(tmp_path):
    result = subprocess.run(["nvcc", "-c", "-arch=sm_90", "-std=c++17", "-Xptxas", "-warn-spills",
                             "-o", str(tmp_path / "kml.o"), str(KERNEL_SOURCE)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "warning" not in result.stderr.lower(), result.stderr
    symbols = subprocess.run(["cuobjdump", "-symbols", str(tmp_path / "kml.o")], capture_output=True,
                             text=True).stdout if shutil.which("cuobjdump") else ""
    for name in KERNEL_NAMES if symbols else ():
        assert name in symbols  # extern "C": the names CuPy looks up


# NVRTC runs in a child process: once libnvrtc (cuda-bindings 13) is loaded into a process, that
# process's torch.load misreads checkpoints ("record size (128 bytes) does not match expected size
# (0 bytes ...)"): reproduced by this test followed by any checkpoint load in one pytest process.
_NVRTC_COMPILE = """
import sys
from cuda.bindings import nvrtc
source, names = open(sys.argv[1], "rb").read(), sys.argv[2:]
err, program = nvrtc.nvrtcCreateProgram(source, b"kml_cupy.cu", 0, [], [])
assert err == nvrtc.nvrtcResult.NVRTC_SUCCESS, err
for name in names:
    assert nvrtc.nvrtcAddNameExpression(program, name.encode())[0] == nvrtc.nvrtcResult.NVRTC_SUCCESS, name
options = [b"--gpu-architecture=compute_80", b"-std=c++17"]
(result,) = nvrtc.nvrtcCompileProgram(program, len(options), options)
_, size = nvrtc.nvrtcGetProgramLogSize(program)
log = b" " * size
nvrtc.nvrtcGetProgramLog(program, log)
print(log.decode(errors="replace"))
sys.exit(0 if result == nvrtc.nvrtcResult.NVRTC_SUCCESS else 1)
"""


def test_kernel_source_compiles_with_nvrtc_as_cupy_does():
    pytest.importorskip("cuda.bindings.nvrtc")  # finding the module does not load libnvrtc
    result = subprocess.run([sys.executable, "-c", _NVRTC_COMPILE, str(KERNEL_SOURCE), *KERNEL_NAMES],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


def test_backend_defaults_and_explicit_choices(monkeypatch):
    monkeypatch.delenv(kml_cupy.KML_BACKEND_ENV, raising=False)
    assert resolve_backend(None, CPU, 2) == "torch"
    assert resolve_backend("torch", CUDA, 3) == "torch"
    with pytest.raises(ValueError, match="unknown KML backend 'numba'"):
        resolve_backend("numba", CPU, 2)
    with pytest.raises(ValueError, match="needs CUDA tensors and k=2"):
        resolve_backend("cupy", CPU, 2)
    with pytest.raises(ValueError, match="needs CUDA tensors and k=2"):
        resolve_backend("cupy", CUDA, 3)
    monkeypatch.setenv(kml_cupy.KML_BACKEND_ENV, "cupy")  # a default applies only where it can
    assert resolve_backend(None, CPU, 2) == "torch"


def test_missing_cupy_falls_back_to_torch_with_one_warning(monkeypatch):
    monkeypatch.setitem(sys.modules, "cupy", None)  # import cupy now raises ImportError
    monkeypatch.setattr(kml_cupy, "_WARNED", False)
    assert "cupy-cuda13x" in kml_cupy.cupy_unavailable_reason()
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        assert resolve_backend("cupy", CUDA, 2) == "torch"
        assert resolve_backend("cupy", CUDA, 2) == "torch"
    messages = [str(w.message) for w in record if issubclass(w.category, CupyUnavailableWarning)]
    assert len(messages) == 1 and "using the torch KML" in messages[0]


def test_dataset_rejects_an_unknown_kml_backend():
    from procgen.datasets import get_dataset

    assert get_dataset("kml-mixup", kml_backend="torch").kml_backend == "torch"
    with pytest.raises(ValueError, match="kml_backend must be one of torch, cupy"):
        get_dataset("kml", kml_backend="jax")


# ------------------------------------------------------------------------------------ on a GPU
@pytest.mark.cuda
@pytest.mark.parametrize("size", [24, 64, 224])
def test_cupy_kml_matches_the_numpy_oracle(size):
    s1 = torch.cat([smooth_images(4, size, 1), palette_images(2, size, 3, 3)])  # ties in the init
    s2, s3 = smooth_images(6, size, 2), smooth_images(6, size, 3)
    image, mask = kml_blend(s1.cuda(), s2.cuda(), s3.cuda(), backend="cupy")
    image, mask = image.cpu(), mask.cpu()
    for b in range(6):
        ref = torch.from_numpy(reference_kml_mask_numpy(s1[b].numpy(), size))
        agree = (mask[b, 0] - ref).abs() < 1e-5
        assert agree.float().mean() > 0.99, f"image {b}: masks differ on {1 - agree.float().mean():.2%}"
        expected = s2[b] * ref + s3[b] * (1 - ref)
        assert ((image[b] - expected).abs().amax(0)[agree]).max() < 1e-4


@pytest.mark.cuda
def test_cupy_and_torch_kml_agree_on_the_gpu():
    s1 = torch.cat([smooth_images(8, 256, 7), palette_images(8, 256, 8, 4)]).cuda()
    s2, s3 = smooth_images(16, 256, 9).cuda(), smooth_images(16, 256, 10).cuda()
    image_t, mask_t = kml_blend(s1, s2, s3, backend="torch")
    image_c, mask_c = kml_blend(s1, s2, s3, backend="cupy")
    agree = (mask_t - mask_c).abs() < 1e-5
    assert agree.float().mean() > 0.99
    assert (image_t - image_c).abs().amax(1, keepdim=True)[agree].max() < 1e-4


# The kernels on the CPU: the .cu compiled as C++, a block's threads as host threads with a
# barrier for __syncthreads (shared arrays are statics, threadIdx is thread-local), blocks run in
# turn. This checks the per-pixel logic (resize taps, lexicographic init, Lloyd updates, blur,
# blend) and the block reductions against the numpy oracle; only CUDA's own execution is left.
_HOST_SHIM = r"""
#include <algorithm>
#include <barrier>
#include <cstddef>
#include <cstring>
#include <thread>
#include <vector>
struct Dim3 { unsigned x; };
static thread_local Dim3 threadIdx = {0};
static Dim3 blockIdx = {0}, blockDim = {1};
static std::barrier<>* block_barrier = nullptr;
#define __global__
#define __device__
#define __forceinline__ inline
#define __shared__ static
inline void __syncthreads() { if (block_barrier) block_barrier->arrive_and_wait(); }
inline float __int_as_float(int v) { float f; std::memcpy(&f, &v, sizeof f); return f; }
using std::max;
using std::min;
#include "KERNEL_SOURCE"
extern "C" void host_kml(const float* s1, const float* s2, const float* s3, int batch, int h, int w, int work,
                         int iters, int size, int threads, float* hard, float* soft, float* mask, float* image) {
    std::barrier<> barrier(threads);
    block_barrier = &barrier;
    blockDim.x = threads;
    for (int b = 0; b < batch; ++b) {
        blockIdx.x = b;
        std::vector<std::thread> block;
        for (int t = 0; t < threads; ++t) {
            block.emplace_back([=] { threadIdx.x = t; kml_hard_mask(s1, h, w, work, iters, hard); });
        }
        for (auto& thread : block) thread.join();
    }
    block_barrier = nullptr;
    blockDim.x = 1;  // the element-wise kernels have no barrier: one thread per block, in turn
    const unsigned total = (unsigned)batch * size * size;
    for (unsigned i = 0; i < total; ++i) { blockIdx.x = i; kml_soft(hard, batch, work, size, soft); }
    for (unsigned i = 0; i < total; ++i) { blockIdx.x = i; kml_blend(soft, s2, s3, batch, size, mask, image); }
}
"""


@pytest.fixture(scope="module")
def host_kernels(tmp_path_factory):
    import ctypes

    if shutil.which("g++") is None:
        pytest.skip("g++ is not installed")
    folder = tmp_path_factory.mktemp("kml_host")
    (folder / "shim.cpp").write_text(_HOST_SHIM.replace("KERNEL_SOURCE", str(KERNEL_SOURCE)))
    library = folder / "kml_host.so"
    result = subprocess.run(["g++", "-O2", "-std=c++20", "-pthread", "-shared", "-fPIC", "-ffp-contract=off", "-o",
                             str(library), str(folder / "shim.cpp")], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return ctypes.CDLL(str(library))


def run_host_kernels(lib, s1, s2, s3, iters=3, work=256, threads=64):
    import ctypes

    import numpy as np

    s1, s2, s3 = (np.ascontiguousarray(t.numpy(), dtype=np.float32) for t in (s1, s2, s3))
    batch, _, h, w = s1.shape
    size = s2.shape[-1]
    hard = np.empty((batch, work, work), np.float32)
    soft, mask = np.empty((batch, size, size), np.float32), np.empty((batch, 1, size, size), np.float32)
    image = np.empty_like(s2)
    ptr = lambda a: a.ctypes.data_as(ctypes.c_void_p)  # noqa: E731
    lib.host_kml(ptr(s1), ptr(s2), ptr(s3), batch, h, w, work, iters, size, threads, ptr(hard), ptr(soft),
                 ptr(mask), ptr(image))
    return torch.from_numpy(image), torch.from_numpy(mask)


@pytest.mark.parametrize("size, iters, threads", [(24, 3, 64), (64, 3, 1), (32, 0, 8)])
def test_kernels_on_the_host_match_the_numpy_oracle(host_kernels, size, iters, threads):
    s1 = torch.cat([smooth_images(3, size, 21), palette_images(2, size, 22, 3)])  # ties in the init too
    s2, s3 = smooth_images(5, size, 23), smooth_images(5, size, 24)
    image, mask = run_host_kernels(host_kernels, s1, s2, s3, iters=iters, threads=threads)
    for b in range(5):
        ref = torch.from_numpy(reference_kml_mask_numpy(s1[b].numpy(), size, iters=iters))
        agree = (mask[b, 0] - ref).abs() < 1e-5
        assert agree.float().mean() > 0.99, f"image {b}: masks differ on {1 - agree.float().mean():.2%}"
        expected = s2[b] * ref + s3[b] * (1 - ref)
        assert (image[b] - expected).abs().amax(0)[agree].max() < 1e-4


def test_host_kernels_agree_with_the_torch_kml(host_kernels):
    s1, s2, s3 = smooth_images(4, 40, 31), smooth_images(4, 40, 32), smooth_images(4, 40, 33)
    image, mask = run_host_kernels(host_kernels, s1, s2, s3)
    torch_image, torch_mask = kml_blend(s1, s2, s3, backend="torch")
    assert ((mask - torch_mask).abs() < 1e-5).float().mean() > 0.99
    assert not torch.equal(mask, torch.zeros_like(mask)) and mask.max() > 0.99  # a real cut, not empty
