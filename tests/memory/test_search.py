"""Search backends against a brute-force numpy oracle: exact ids, ties by id, padding, chunks."""
from __future__ import annotations

import numpy as np
import pytest
import torch

from memory.search import BACKENDS, TorchBackend, make_backend
from memory.store import MemoryStore


def oracle_search(memory: np.ndarray, ids: np.ndarray, queries: np.ndarray,
                  k: int) -> tuple[np.ndarray, np.ndarray]:
    """Float64 cosine top-k by sorting every row: similarity desc, then id asc; -1 padding."""
    mem = memory / np.linalg.norm(memory, axis=1, keepdims=True)
    q = queries / np.linalg.norm(queries, axis=1, keepdims=True)
    sims = q.astype(np.float64) @ mem.astype(np.float64).T
    out_sims = np.full((len(q), k), -np.inf)
    out_ids = np.full((len(q), k), -1, dtype=np.int64)
    for r in range(len(q)):
        order = sorted(range(len(ids)), key=lambda j: (-sims[r, j], ids[j]))[:k]
        out_sims[r, :len(order)], out_ids[r, :len(order)] = sims[r, order], ids[order]
    return out_sims, out_ids


def _quantised(n: int, d: int, seed: int) -> np.ndarray:
    """Unit vectors with four entries of +-0.5 and the rest 0: every similarity is an exact
    multiple of 0.25 in float32 (no rounding anywhere), so ties are real and plentiful."""
    rng = np.random.default_rng(seed)
    out = np.zeros((n, d), dtype=np.float32)
    for row in out:
        row[rng.choice(d, size=4, replace=False)] = rng.choice([-0.5, 0.5], size=4)
    return out


@pytest.mark.parametrize("max_bytes, query_chunk", [(4, 1), (64, 3), (1000, 7), (2**28, 1024)])
def test_torch_chunked_search_breaks_ties_by_id(max_bytes, query_chunk):
    memory = _quantised(60, 6, 0)  # lots of duplicates and exact ties
    ids = np.random.default_rng(1).permutation(1000)[:60].astype(np.int64)
    queries = _quantised(9, 6, 2)
    store = MemoryStore(backend="torch", max_bytes=max_bytes, query_chunk=query_chunk)
    store.add(memory, np.zeros(60, dtype=np.int64), ids=ids)
    for k in (1, 5, 17, 60, 75):
        sims, got = store.search(queries, k)
        want_sims, want_ids = oracle_search(memory, ids, queries, k)
        assert np.array_equal(got.numpy(), want_ids), f"k={k}"
        assert np.allclose(sims.numpy(), want_sims, atol=1e-5)


@pytest.mark.parametrize("backend, options", [("faiss-flat", {}),
                                              ("faiss-ivf", {"exact_search": True, "nlist": 4}),
                                              ("torch", {"max_bytes": 512})])
def test_exact_backends_match_oracle_and_stay_in_step(backend, options):
    rng = np.random.default_rng(3)
    memory, queries = rng.normal(size=(200, 16)).astype(np.float32), rng.normal(size=(12, 16))
    store = MemoryStore(backend=backend, **options)
    ids = store.add(memory, rng.integers(0, 5, 200)).numpy()
    sims, got = store.search(queries.astype(np.float32), 10)
    want_sims, want_ids = oracle_search(memory, ids, queries, 10)
    assert np.array_equal(got.numpy(), want_ids)
    assert np.allclose(sims.numpy(), want_sims, atol=1e-5)
    removed = want_ids[:, :3].ravel()  # the best neighbours, so results must change
    store.remove(removed)
    keep = ~np.isin(ids, removed)
    sims, got = store.search(queries.astype(np.float32), 210)  # beyond the size: padding
    want_sims, want_ids = oracle_search(memory[keep], ids[keep], queries, 210)
    assert np.array_equal(got.numpy(), want_ids)
    assert np.isneginf(sims.numpy()[want_ids == -1]).all()
    assert np.allclose(sims.numpy()[want_ids >= 0], want_sims[want_ids >= 0], atol=1e-5)
    store.add(memory[:2] * -1.0, [0, 0])  # adds after a search reach the index too
    assert set(store.search(-memory[:2], 1)[1].ravel().tolist()) <= {200, 201}


def _clustered(n: int, d: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(20, d))
    return (centres[rng.integers(0, 20, n)] + 0.3 * rng.normal(size=(n, d))).astype(np.float32)


@pytest.mark.parametrize("backend, options", [("faiss-ivf", {"nprobe": 4}),
                                              ("faiss-hnsw", {"m": 16, "ef_search": 32})])
def test_approximate_backends_recall_and_remove(backend, options):
    memory, queries = _clustered(3000, 32, 4), _clustered(50, 32, 5)
    exact = MemoryStore(backend="torch")
    approx = MemoryStore(backend=backend, **options)
    for store in (exact, approx):
        store.add(memory, np.zeros(3000, dtype=np.int64))
    want, got = exact.search(queries, 10)[1], approx.search(queries, 10)[1]
    recall = np.mean([len(set(w.tolist()) & set(g.tolist())) / 10 for w, g in zip(want, got)])
    assert recall >= 0.8, recall
    assert not BACKENDS[backend].exact
    removed = want[:, 0]  # every query's true nearest neighbour
    approx.remove(removed)
    after = approx.search(queries, 10)[1]
    assert not np.isin(after.numpy(), removed.numpy()).any() and len(approx) == 3000 - len(
        set(removed.tolist()))


def test_backend_errors():
    with pytest.raises(ValueError, match="unknown search backend 'annoy'"):
        MemoryStore(backend="annoy")
    with pytest.raises(TypeError, match="bad options"):
        make_backend("faiss-flat", 4, nprobe=3)
    with pytest.raises(ValueError, match="runs on the CPU"):
        make_backend("faiss-flat", 4, device="cuda")
    with pytest.raises(ValueError, match="max_bytes"):
        TorchBackend(4, max_bytes=0)


@pytest.mark.cuda  # selected by `pytest -m cuda` (benchmarks/gpu_check.sh)
@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")
def test_torch_backend_on_cuda_matches_cpu():
    memory, queries = _quantised(500, 6, 6), _quantised(40, 6, 7)
    results = []
    for device in ("cpu", "cuda"):
        store = MemoryStore(backend="torch", device=device, max_bytes=4096)
        store.add(memory, np.arange(500) % 3)
        sims, ids = store.search(torch.from_numpy(queries).to(device), 25)
        assert ids.device.type == device
        results.append((sims.cpu(), ids.cpu()))
    assert torch.equal(results[0][1], results[1][1])
    assert torch.allclose(results[0][0], results[1][0], atol=1e-5)


@pytest.mark.parametrize("removed_count", [1, 300, 6000])
def test_torch_remove_compacts_in_order(removed_count):
    rng = np.random.default_rng(8)
    vectors = torch.from_numpy(rng.normal(size=(9000, 4)).astype(np.float32))
    ids = torch.from_numpy(rng.permutation(20000)[:9000])
    backend = TorchBackend(4)
    backend.add(vectors[:5000].clone(), ids[:5000])
    backend.add(vectors[5000:].clone(), ids[5000:])  # second add: grown buffer, not adopted
    removed = ids[torch.from_numpy(rng.choice(9000, removed_count, replace=False))]
    backend.remove(removed)
    keep = ~torch.isin(ids, removed)
    assert len(backend) == 9000 - removed_count
    assert torch.equal(backend._ids[: len(backend)], ids[keep])
    assert torch.equal(backend._vectors[: len(backend)], vectors[keep])
