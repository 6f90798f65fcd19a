"""Counter-based seeding: determinism, batch independence, basic statistics."""
import subprocess
import sys

import pytest
import torch

from procgen import seeding

N = 20_000


def test_splitmix_tensor_matches_exact_python_integers():
    # The int64 emulation (wrapping multiply, masked shifts) must equal exact uint64 maths.
    idx = torch.tensor([0, 1, 2, -1, -5, 2**62, -(2**63), 2**63 - 1], dtype=torch.int64)
    got = seeding._splitmix_tensor(idx)
    for value, i in zip(got.tolist(), idx.tolist()):
        assert value & seeding._MASK64 == seeding._splitmix_scalar(i & seeding._MASK64)


def test_known_value_of_splitmix64():
    # splitmix64 with state 0: the first output of the reference generator.
    assert seeding._splitmix_scalar(0) == 0xE220A8397B1DCDAF


def test_deterministic_and_in_range():
    idx = torch.arange(1000, dtype=torch.int64)
    a = seeding.uniform(7, idx, "time", 3)
    b = seeding.uniform(7, idx, "time", 3)
    assert a.dtype == torch.float64 and a.shape == (1000, 3)
    assert torch.equal(a, b)
    assert float(a.min()) >= 0.0 and float(a.max()) < 1.0


def test_same_values_in_sub_batch_and_any_order():
    idx = torch.arange(500, dtype=torch.int64)
    full = seeding.uniform(3, idx, "program", 4)
    perm = torch.randperm(500, generator=torch.Generator().manual_seed(0))
    assert torch.equal(seeding.uniform(3, idx[perm], "program", 4), full[perm])
    assert torch.equal(seeding.uniform(3, idx[123:130], "program", 4), full[123:130])
    # Asking for fewer columns gives a prefix of the row.
    assert torch.equal(seeding.uniform(3, idx, "program", 2), full[:, :2])


def test_same_values_in_a_fresh_process():
    # Salt hashing must not depend on Python's per-process hash randomisation.
    code = (
        "import torch; from procgen import seeding; "
        "print(repr(seeding.uniform(11, torch.arange(3), 'kml-s1', 2).tolist()))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == repr(seeding.uniform(11, torch.arange(3), "kml-s1", 2).tolist())


def test_uniform_statistics():
    u = seeding.uniform(0, torch.arange(N, dtype=torch.int64), "stats", 2)
    assert abs(float(u.mean()) - 0.5) < 0.01
    assert abs(float(u.var()) - 1 / 12) < 0.003
    # Histogram: 10 bins each within 10% of N*2/10.
    counts = torch.histc(u.float(), bins=10, min=0, max=1)
    assert float((counts - 2 * N / 10).abs().max()) < 0.1 * 2 * N / 10


def _corr(a: torch.Tensor, b: torch.Tensor) -> float:
    return float(torch.corrcoef(torch.stack([a, b]))[0, 1])


def test_no_correlation_between_neighbours_salts_seeds_and_columns():
    idx = torch.arange(N, dtype=torch.int64)
    u = seeding.uniform(0, idx, "a", 2)[:, 0]
    bound = 4 / N**0.5  # 4 standard errors of a correlation estimate
    assert abs(_corr(u[:-1], u[1:])) < bound  # neighbouring indices
    assert abs(_corr(u, seeding.uniform(0, idx, "b")[:, 0])) < bound  # other salt
    assert abs(_corr(u, seeding.uniform(1, idx, "a")[:, 0])) < bound  # other seed
    assert abs(_corr(u, seeding.uniform(0, idx, "a", 2)[:, 1])) < bound  # other column
    assert not torch.equal(u, seeding.uniform(0, idx, "a ")[:, 0])


def test_normal_statistics():
    z = seeding.normal(5, torch.arange(N, dtype=torch.int64), "noise", 2)
    assert z.shape == (N, 2) and torch.isfinite(z).all()
    assert abs(float(z.mean())) < 0.03
    assert abs(float(z.std()) - 1.0) < 0.03
    assert abs(float((z.abs() < 1).double().mean()) - 0.6827) < 0.015


def test_randint_range_and_balance():
    r = seeding.randint(2, torch.arange(N, dtype=torch.int64), "program", 7, 1)
    assert r.dtype == torch.int64 and r.shape == (N, 1)
    counts = torch.bincount(r[:, 0], minlength=7)
    assert len(counts) == 7 and int(counts.min()) > 0.9 * N / 7


def test_large_and_negative_seeds_and_indices():
    idx = torch.tensor([-3, 0, 2**40], dtype=torch.int64)
    a = seeding.uniform(2**70 + 5, idx, "x")
    assert torch.equal(a, seeding.uniform(5, idx, "x"))  # seed taken modulo 2**64
    assert float(a.min()) >= 0 and float(a.max()) < 1


@pytest.mark.parametrize(
    "call, err",
    [
        (lambda: seeding.uniform(0, torch.arange(3).float(), "x"), TypeError),
        (lambda: seeding.uniform(0, torch.zeros(2, 2, dtype=torch.int64), "x"), ValueError),
        (lambda: seeding.uniform(0, [1, 2], "x"), TypeError),
        (lambda: seeding.uniform(0.5, torch.arange(3), "x"), TypeError),
        (lambda: seeding.uniform(0, torch.arange(3), 5), TypeError),
        (lambda: seeding.randint(0, torch.arange(3), "x", 0), ValueError),
    ],
)
def test_bad_input_is_rejected(call, err):
    with pytest.raises(err):
        call()


@pytest.mark.cuda  # selected by `pytest -m cuda` (benchmarks/gpu_check.sh)
def test_cuda_values_equal_cpu_values():
    # Device-agnostic: the arithmetic is plain int64 ops, so the values on another device
    # equal the CPU ones; CUDA is checked when present.
    if not torch.cuda.is_available():
        pytest.skip("no CUDA device on this machine")
    idx = torch.arange(1000, dtype=torch.int64)
    cpu = seeding.uniform(9, idx, "dev", 3)
    gpu = seeding.uniform(9, idx.cuda(), "dev", 3)
    assert torch.equal(cpu, gpu.cpu())
