"""Exact forgetting, as a property: after ``remove`` the memory equals one built without those rows.

Search results and predictions are compared (torch, faiss-flat, and the IVF index on its
exact-search setting)."""
from __future__ import annotations

import numpy as np
import pytest
import torch
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from memory.classifier import KNNClassifier
from memory.store import MemoryStore
from memory.voting import VOTES, make_vote

BACKENDS = {"torch": {"max_bytes": 256},  # tiny budget: chunk boundaries move after removal
            "faiss-flat": {},
            "faiss-ivf": {"nlist": 3, "exact_search": True}}


@st.composite
def memories(draw, backend: str):
    n = draw(st.integers(1, 40))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    d = draw(st.integers(2, 8))
    x = rng.normal(size=(n, d)).astype(np.float32)
    if backend != "faiss-ivf" and draw(st.booleans()):
        # Exact duplicates make tied similarities; the IVF resolves ties at the k-th place
        # by list order, which differs between trainings, so it gets tie-free data only.
        x[rng.integers(0, n, n // 3)] = x[rng.integers(0, n, n // 3)]
    labels = rng.integers(0, draw(st.integers(1, 5)), n)
    ids = rng.permutation(10 * n)[:n]  # arbitrary, non-monotonic ids
    removed = sorted(draw(st.sets(st.integers(0, n - 1), max_size=n)))
    split = draw(st.integers(0, len(removed)))  # remove in two calls
    queries = rng.normal(size=(draw(st.integers(1, 6)), d)).astype(np.float32)
    return x, labels, ids, removed[:split], removed[split:], queries, draw(st.integers(1, 12)), \
        draw(st.booleans())


def _predictions(store: MemoryStore, queries: np.ndarray, ks: list[int]) -> dict:
    if len(store) == 0:
        return {}
    return {(vote, k): p.pred.tolist() for vote in sorted(VOTES)
            for k, p in KNNClassifier(store, make_vote(vote)).predict(queries, ks).items()}


@pytest.mark.parametrize("backend", sorted(BACKENDS))
def test_remove_equals_rebuild_without_rows(backend):
    @settings(max_examples=50, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow])
    @given(memories(backend))
    def check(case):
        x, labels, ids, first, second, queries, k, search_before = case
        store = MemoryStore(backend=backend, **BACKENDS[backend])
        store.add(x, labels, ids=ids)
        if search_before:  # exercise removal from a built (trained) index too
            store.search(queries, k)
        expected_count = len(first) + len(second)
        assert store.remove(ids[first]) + store.remove(ids[second]) == expected_count
        keep = np.setdiff1d(np.arange(len(x)), first + second)
        scratch = MemoryStore(backend=backend, **BACKENDS[backend])
        scratch.add(x[keep].reshape(-1, x.shape[1]), labels[keep], ids=ids[keep])
        assert store.ids.tolist() == scratch.ids.tolist()
        for kk in (k, len(x) + 1):
            sims, got = store.search(queries, kk)
            want_sims, want = scratch.search(queries, kk)
            assert torch.equal(got, want)
            assert torch.equal(sims, want_sims)
        assert not np.isin(got.numpy(), ids[first + second]).any()
        ks = sorted({1, k, k + 3})
        assert _predictions(store, queries, ks) == _predictions(scratch, queries, ks)

    check()
