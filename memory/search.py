"""Search backends of the visual memory, all behind one interface.

Every backend answers ``search(queries, k)`` with cosine similarities (inner products of
L2-normalised vectors) in one deterministic total order: similarity descending, then id
ascending. Missing neighbours (k larger than the memory) are padded with id -1 and
similarity -inf (never NaN, so sorting and comparisons stay well defined).

Backends (``BACKENDS``, chosen by name):
- ``torch``: exact, CPU or CUDA. The similarity block is chunked over queries and memory by a
  byte budget (``max_bytes``); each chunk's top-k is merged into a running top-k. Ties at the
  k-th place are resolved by id exactly (not left to ``torch.topk``).
- ``faiss-flat``: exact, ``IndexIDMap2(IndexFlatIP)``. Results are re-sorted by (similarity,
  id); a tie straddling the k-th place is resolved by faiss by insertion position, which is id
  order whenever ids are added in increasing order (always true for auto-assigned ids).
- ``faiss-ivf``: approximate, ``IndexIVFFlat`` (inner product). The coarse quantizer is trained
  at the first search on the vectors present then (``nlist`` defaults to sqrt(N)); vectors added
  before that wait in a buffer. ``exact_search=True`` probes every list (nprobe = nlist), which
  returns the exact neighbours: the forgetting tests use that setting.
- ``faiss-hnsw``: approximate, ``IndexIDMap2(IndexHNSWFlat)``. HNSW graphs cannot delete, so
  ``remove`` rebuilds the graph from the remaining vectors (O(N log N): batch your removals).
"""
from __future__ import annotations

import math
from abc import ABC, abstractmethod
from typing import Any

import numpy as np
import torch

__all__ = ["PAD_ID", "PAD_SIMILARITY", "BACKENDS", "SearchBackend", "TorchBackend",
           "FaissFlatBackend", "FaissIVFBackend", "FaissHNSWBackend", "make_backend",
           "sort_neighbours", "padding", "member_of"]

PAD_ID = -1
PAD_SIMILARITY = float("-inf")


def padding(m: int, k: int, device: torch.device | str = "cpu") -> tuple[torch.Tensor, torch.Tensor]:
    """All-padding result: similarities float32 (m, k) of -inf and ids int64 (m, k) of -1."""
    return (torch.full((m, k), PAD_SIMILARITY, dtype=torch.float32, device=device),
            torch.full((m, k), PAD_ID, dtype=torch.int64, device=device))


def sort_neighbours(sims: torch.Tensor, ids: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Sort each row by similarity descending, ties by id ascending (padding ends up last).

    Args:
        sims: float32 (M, n). ids: int64 (M, n).
    Returns:
        (sims, ids) re-ordered, same shapes.
    """
    by_id = torch.argsort(ids, dim=1, stable=True)  # two stable sorts = lexicographic order
    sims, ids = sims.gather(1, by_id), ids.gather(1, by_id)
    by_sim = torch.argsort(sims, dim=1, descending=True, stable=True)
    return sims.gather(1, by_sim), ids.gather(1, by_sim)


def member_of(elements: torch.Tensor, test: torch.Tensor) -> torch.Tensor:
    """``torch.isin`` by sorting ``test`` and binary search (much faster on CPU for a small
    ``test``). Args: elements int64 (N,), test int64 (R,). Returns: bool (N,)."""
    if len(test) == 0 or len(elements) == 0:
        return torch.zeros(len(elements), dtype=torch.bool, device=elements.device)
    test, elements = torch.sort(test).values, elements.contiguous()
    pos = torch.searchsorted(test, elements).clamp(max=len(test) - 1)
    return test[pos] == elements


class SearchBackend(ABC):
    """An in-memory index of (id, unit vector) pairs; the SQLite store is the record of truth.

    Vectors passed to ``add`` and queries passed to ``search`` are already validated and
    L2-normalised by the store; ``remove`` only receives ids that are present.
    """

    name = ""
    exact = True

    def __init__(self, dim: int, device: torch.device | str = "cpu") -> None:
        self.dim = int(dim)
        self.device = torch.device(device)

    @abstractmethod
    def add(self, vectors: torch.Tensor, ids: torch.Tensor) -> None:
        """Args: vectors float32 (N, D) unit rows on CPU (the backend may keep this tensor:
        callers must not modify it afterwards); ids int64 (N,) new, on CPU."""

    @abstractmethod
    def remove(self, ids: torch.Tensor) -> None:
        """Args: ids int64 (R,) on CPU, all present."""

    @abstractmethod
    def __len__(self) -> int:
        """Number of vectors held."""

    @abstractmethod
    def _search(self, queries: torch.Tensor, k: int) -> tuple[torch.Tensor, torch.Tensor]:
        """Raw top-k on a non-empty index; any order, padded with (-inf, -1)."""

    def search(self, queries: torch.Tensor, k: int) -> tuple[torch.Tensor, torch.Tensor]:
        """Top-k neighbours of each query.

        Args:
            queries: float32 (M, D), unit rows. k: >= 1.
        Returns:
            sims float32 (M, k) and ids int64 (M, k) on ``self.device``, sorted by similarity
            descending then id ascending; padded with (-inf, -1) beyond the memory's size.
        """
        if len(self) == 0:
            return padding(len(queries), k, self.device)
        sims, ids = self._search(queries, k)
        return sort_neighbours(sims, ids)


def _chunk_topk(block: torch.Tensor, ids: torch.Tensor, k: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Top-k of one similarity block under the (similarity desc, id asc) order.

    Args:
        block: float32 (q, n) similarities. ids: int64 (n,) ids of the block's columns.
    Returns:
        sims (q, min(k, n)) and ids (q, min(k, n)), unordered.
    """
    q, n = block.shape
    if n <= k:
        return block, ids.expand(q, n)
    # One extra element tells whether a tie straddles the k-th place (topk picks arbitrarily).
    vals, pos = torch.topk(block, k + 1, dim=1)
    tied = vals[:, k - 1] == vals[:, k]
    vals, pos = vals[:, :k].clone(), pos[:, :k].clone()
    for r in tied.nonzero().flatten().tolist():  # rare: only exact ties at the boundary
        row, kth = block[r], vals[r, k - 1]
        above = (row > kth).nonzero().flatten()
        equal = (row == kth).nonzero().flatten()
        equal = equal[torch.argsort(ids[equal])][: k - len(above)]
        pos[r] = torch.cat([above, equal])
        vals[r] = row[pos[r]]
    return vals, ids[pos]


class TorchBackend(SearchBackend):
    """Exact search with torch matmul + topk, chunked by a byte budget (CPU or CUDA).

    Args:
        dim: vector dimension. device: where vectors live and search runs.
        max_bytes: budget for one float32 similarity block (query chunk x memory chunk).
        query_chunk: most queries per block (the memory chunk then fills the budget).
    """

    name = "torch"
    exact = True

    def __init__(self, dim: int, device: torch.device | str = "cpu",
                 max_bytes: int = 256 * 2**20, query_chunk: int = 1024) -> None:
        super().__init__(dim, device)
        if max_bytes < 4 or query_chunk < 1:
            raise ValueError(f"max_bytes must be >= 4 and query_chunk >= 1, "
                             f"got {max_bytes} and {query_chunk}")
        self.max_bytes, self.query_chunk = int(max_bytes), int(query_chunk)
        self._vectors = torch.empty((0, self.dim), dtype=torch.float32, device=self.device)
        self._ids = torch.empty(0, dtype=torch.int64, device=self.device)
        self._n = 0

    def __len__(self) -> int:
        return self._n

    def add(self, vectors: torch.Tensor, ids: torch.Tensor) -> None:
        need = self._n + len(vectors)
        if self._n == 0 and need > len(self._vectors):  # first fill: adopt, no extra copy
            self._vectors = vectors.to(self.device, torch.float32).contiguous()
            self._ids = ids.to(self.device, torch.int64, copy=True)  # callers keep theirs
            self._n = need
            return
        if need > len(self._vectors):  # grow by 1.5x so repeated adds stay linear overall
            capacity = max(need, int(1.5 * len(self._vectors)))
            grown = torch.empty((capacity, self.dim), dtype=torch.float32, device=self.device)
            grown_ids = torch.empty(capacity, dtype=torch.int64, device=self.device)
            grown[: self._n], grown_ids[: self._n] = self._vectors[: self._n], self._ids[: self._n]
            self._vectors, self._ids = grown, grown_ids
        self._vectors[self._n:need] = vectors.to(self.device)
        self._ids[self._n:need] = ids.to(self.device)
        self._n = need

    def remove(self, ids: torch.Tensor) -> None:
        gone = member_of(self._ids[: self._n], ids.to(self.device))
        holes = gone.nonzero().flatten()
        if len(holes) == 0:
            return
        # Compact from the first hole on, preserving order: similarities are bit-identical to
        # a memory built without the rows only if the row order is the same (BLAS results can
        # depend on a row's position).
        first, kept = int(holes[0]), self._n - len(holes)
        keep = ~gone[first:]
        self._vectors[first:kept] = self._vectors[first:self._n][keep]  # indexing copies first
        self._ids[first:kept] = self._ids[first:self._n][keep]
        self._n = kept

    def _search(self, queries: torch.Tensor, k: int) -> tuple[torch.Tensor, torch.Tensor]:
        queries = queries.to(self.device, torch.float32)
        memory, memory_ids = self._vectors[: self._n], self._ids[: self._n]
        budget = max(1, self.max_bytes // 4)  # floats in one similarity block
        q_chunk = max(1, min(len(queries), self.query_chunk, budget))
        m_chunk = max(1, min(self._n, budget // q_chunk))
        out_sims, out_ids = [], []
        for qs in range(0, len(queries), q_chunk):
            q = queries[qs:qs + q_chunk]
            best_sims, best_ids = padding(len(q), k, self.device)
            for ms in range(0, self._n, m_chunk):
                block = q @ memory[ms:ms + m_chunk].T  # (q, m) the only large temporary
                sims, ids = _chunk_topk(block, memory_ids[ms:ms + m_chunk], k)
                best_sims, best_ids = sort_neighbours(torch.cat([best_sims, sims], 1),
                                                      torch.cat([best_ids, ids], 1))
                best_sims, best_ids = best_sims[:, :k], best_ids[:, :k]
            out_sims.append(best_sims)
            out_ids.append(best_ids)
        return torch.cat(out_sims), torch.cat(out_ids)


class _FaissBackend(SearchBackend):
    """Shared parts of the faiss backends (CPU only)."""

    def __init__(self, dim: int, device: torch.device | str = "cpu") -> None:
        super().__init__(dim, device)
        if self.device.type != "cpu":
            raise ValueError(f"backend {self.name!r} runs on the CPU, got device {device!r}; "
                             "use backend='torch' for CUDA search")
        import faiss  # lazy: importing memory must stay light
        self._faiss = faiss

    def _faiss_search(self, index: Any, queries: torch.Tensor, k: int) -> tuple[torch.Tensor, torch.Tensor]:
        query_array = np.ascontiguousarray(queries.detach().cpu().numpy(), dtype=np.float32)
        sims, ids = index.search(query_array, k)
        sims, ids = torch.from_numpy(sims), torch.from_numpy(ids)
        sims[ids == PAD_ID] = PAD_SIMILARITY  # faiss pads with -FLT_MAX
        return sims, ids


class FaissFlatBackend(_FaissBackend):
    """Exact inner-product search: ``faiss.IndexIDMap2(faiss.IndexFlatIP(dim))``."""

    name = "faiss-flat"
    exact = True

    def __init__(self, dim: int, device: torch.device | str = "cpu") -> None:
        super().__init__(dim, device)
        self.index = self._faiss.IndexIDMap2(self._faiss.IndexFlatIP(self.dim))

    def __len__(self) -> int:
        return int(self.index.ntotal)

    def add(self, vectors: torch.Tensor, ids: torch.Tensor) -> None:
        self.index.add_with_ids(np.ascontiguousarray(vectors.numpy()), ids.numpy())

    def remove(self, ids: torch.Tensor) -> None:
        self.index.remove_ids(np.ascontiguousarray(ids.numpy()))

    def _search(self, queries: torch.Tensor, k: int) -> tuple[torch.Tensor, torch.Tensor]:
        return self._faiss_search(self.index, queries, k)


class FaissIVFBackend(_FaissBackend):
    """Approximate inner-product search with an inverted file (``faiss.IndexIVFFlat``).

    Args:
        dim: vector dimension. nlist: number of lists (None: sqrt(N) at training, at most
            N/39; always clamped to [1, N]). nprobe: lists probed per query.
        exact_search: probe every list (nprobe = nlist): exact results, for tests and checks.
        train_per_list: training sample size per list (sampled with a seeded generator).
        seed: seed of the training sample.
    """

    name = "faiss-ivf"
    exact = False

    def __init__(self, dim: int, device: torch.device | str = "cpu", nlist: int | None = None,
                 nprobe: int = 16, exact_search: bool = False, train_per_list: int = 64,
                 seed: int = 0) -> None:
        super().__init__(dim, device)
        if (nlist is not None and nlist < 1) or nprobe < 1 or train_per_list < 1:
            raise ValueError(f"nlist, nprobe and train_per_list must be >= 1, got "
                             f"{nlist}, {nprobe}, {train_per_list}")
        self.nlist, self.nprobe, self.exact_search = nlist, int(nprobe), bool(exact_search)
        self.train_per_list, self.seed = int(train_per_list), int(seed)
        self.index: Any = None  # built at the first search
        self._pending_vectors: list[torch.Tensor] = []
        self._pending_ids: list[torch.Tensor] = []

    def __len__(self) -> int:
        pending = sum(len(ids) for ids in self._pending_ids)
        return pending + (int(self.index.ntotal) if self.index is not None else 0)

    def add(self, vectors: torch.Tensor, ids: torch.Tensor) -> None:
        if self.index is None:
            self._pending_vectors.append(vectors)
            self._pending_ids.append(ids)
        else:
            self.index.add_with_ids(np.ascontiguousarray(vectors.numpy()), ids.numpy())

    def remove(self, ids: torch.Tensor) -> None:
        if self.index is not None:
            self.index.remove_ids(np.ascontiguousarray(ids.numpy()))
            return
        keeps = [~torch.isin(pending, ids) for pending in self._pending_ids]
        self._pending_vectors = [v[keep] for v, keep in zip(self._pending_vectors, keeps)]
        self._pending_ids = [i[keep] for i, keep in zip(self._pending_ids, keeps)]

    def _train(self) -> None:
        vectors = torch.cat(self._pending_vectors).numpy()
        ids = torch.cat(self._pending_ids).numpy()
        n = len(vectors)
        # Auto nlist: sqrt(N), but at least 39 training points per list (faiss's minimum).
        nlist = self.nlist if self.nlist is not None else min(round(math.sqrt(n)), n // 39)
        nlist = max(1, min(int(nlist), n))
        sample_size = min(n, nlist * self.train_per_list)
        rng = np.random.default_rng(self.seed)  # local generator: no global RNG state
        sample = vectors[np.sort(rng.choice(n, size=sample_size, replace=False))]
        self._quantizer = self._faiss.IndexFlatIP(self.dim)  # must outlive the index
        index = self._faiss.IndexIVFFlat(self._quantizer, self.dim, nlist,
                                         self._faiss.METRIC_INNER_PRODUCT)
        index.train(np.ascontiguousarray(sample))
        index.add_with_ids(np.ascontiguousarray(vectors), ids)
        self.index, self._pending_vectors, self._pending_ids = index, [], []

    def _search(self, queries: torch.Tensor, k: int) -> tuple[torch.Tensor, torch.Tensor]:
        if self.index is None:
            self._train()
        self.index.nprobe = self.index.nlist if self.exact_search else min(self.nprobe,
                                                                           self.index.nlist)
        return self._faiss_search(self.index, queries, k)


class FaissHNSWBackend(_FaissBackend):
    """Approximate inner-product search with an HNSW graph (``faiss.IndexHNSWFlat``).

    Args:
        dim: vector dimension. m: graph degree. ef_construction / ef_search: beam widths
            (ef_search is raised to k when smaller).
    """

    name = "faiss-hnsw"
    exact = False

    def __init__(self, dim: int, device: torch.device | str = "cpu", m: int = 32,
                 ef_construction: int = 80, ef_search: int = 64) -> None:
        super().__init__(dim, device)
        if min(m, ef_construction, ef_search) < 1:
            raise ValueError(f"m, ef_construction, ef_search must be >= 1, "
                             f"got {m}, {ef_construction}, {ef_search}")
        self.m, self.ef_construction, self.ef_search = int(m), int(ef_construction), int(ef_search)
        self.index = self._new_index()

    def _new_index(self) -> Any:
        graph = self._faiss.IndexHNSWFlat(self.dim, self.m, self._faiss.METRIC_INNER_PRODUCT)
        graph.hnsw.efConstruction = self.ef_construction
        self._graph = graph  # typed handle (IndexIDMap2.index is a plain Index)
        return self._faiss.IndexIDMap2(graph)

    def __len__(self) -> int:
        return int(self.index.ntotal)

    def add(self, vectors: torch.Tensor, ids: torch.Tensor) -> None:
        self.index.add_with_ids(np.ascontiguousarray(vectors.numpy()), ids.numpy())

    def remove(self, ids: torch.Tensor) -> None:
        # HNSW cannot unlink nodes: rebuild from the remaining vectors (kept in insertion order).
        vectors = self._graph.reconstruct_n(0, self.index.ntotal)
        all_ids = self._faiss.vector_to_array(self.index.id_map).astype(np.int64)
        keep = ~np.isin(all_ids, ids.numpy())
        self.index = self._new_index()
        if keep.any():
            self.index.add_with_ids(np.ascontiguousarray(vectors[keep]), all_ids[keep])

    def _search(self, queries: torch.Tensor, k: int) -> tuple[torch.Tensor, torch.Tensor]:
        self._graph.hnsw.efSearch = max(self.ef_search, k)
        return self._faiss_search(self.index, queries, k)


BACKENDS: dict[str, type[SearchBackend]] = {
    cls.name: cls for cls in (TorchBackend, FaissFlatBackend, FaissIVFBackend, FaissHNSWBackend)}


def make_backend(name: str, dim: int, **options: Any) -> SearchBackend:
    """Build the backend called ``name`` (see ``BACKENDS``) with backend-specific options."""
    if name not in BACKENDS:
        raise ValueError(f"unknown search backend {name!r}; known: {sorted(BACKENDS)}")
    try:
        return BACKENDS[name](dim, **options)
    except TypeError as error:
        raise TypeError(f"bad options {sorted(options)} for backend {name!r}: {error}") from None
