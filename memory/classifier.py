"""KNN classification = a memory store + a voting rule (DINO's protocol by default).

One search at max(ks) per query batch, sliced per k (the neighbours of k are the first k of
max(ks), since every backend returns them in one total order). Classes are the labels present
in the memory, never counted from the queries, and may be non-contiguous.
"""
from __future__ import annotations

from typing import Any, NamedTuple, Sequence

import torch

from memory.store import MemoryStore
from memory.store_validation import check_k, int_vector
from memory.voting import SoftmaxVote, Vote, decide, top_classes

__all__ = ["KNNClassifier", "KNNPrediction", "class_index_of", "DEFAULT_KS"]

DEFAULT_KS = (10, 20, 100, 200)


class KNNPrediction(NamedTuple):
    """Predictions for one k. pred: int64 (M,) labels. top5: int64 (M, 5) best labels, best
    first (-1 pads when the memory has < 5 classes). scores: float64 (M, C) class scores,
    columns = ``KNNClassifier.classes`` (None when not asked for)."""
    pred: torch.Tensor
    top5: torch.Tensor
    scores: torch.Tensor | None


def class_index_of(labels: torch.Tensor, classes: torch.Tensor) -> torch.Tensor:
    """Column of each label in ``classes`` (ascending int64 (C,)); -1 labels stay -1.

    Args:
        labels: int64 (...) neighbour labels, -1 for padding. Returns: int64, same shape.
    """
    classes = classes.to(labels.device)
    index = torch.searchsorted(classes, labels.clamp(min=0))
    return torch.where(labels >= 0, index, -1)


class KNNClassifier:
    """k-nearest-neighbour classifier over a ``MemoryStore``.

    Args:
        store: the memory (labels and vectors). vote: voting rule (default SoftmaxVote(0.07)).
        batch_size: queries per search (bounds the (batch, C) score tensors).
    """

    def __init__(self, store: MemoryStore, vote: Vote | None = None, batch_size: int = 4096) -> None:
        if batch_size < 1:
            raise ValueError(f"batch_size must be >= 1, got {batch_size}")
        self.store, self.vote = store, vote if vote is not None else SoftmaxVote()
        self.batch_size = int(batch_size)

    @property
    def classes(self) -> torch.Tensor:
        """int64 (C,) labels present in the memory now, ascending (score columns)."""
        return self.store.classes

    def neighbours(self, queries: Any, k: int) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """Top-k of each query: sims float32 (M, k), ids int64 (M, k), labels int64 (M, k)."""
        sims, ids = self.store.search(queries, k)
        return sims, ids, self.store.labels_of(ids)

    def predict(self, queries: Any, ks: Sequence[int] = DEFAULT_KS,
                return_scores: bool = True) -> dict[int, KNNPrediction]:
        """Classify queries for every k in ``ks`` from one search at max(ks).

        Args:
            queries: float (M, D) numpy/torch (normalised by the store).
            ks: neighbour counts. return_scores: keep the (M, C) score tensors.
        Returns:
            {k: KNNPrediction} on the store's device.
        """
        ks = sorted({check_k(k) for k in ks})
        if not ks:
            raise ValueError("ks must name at least one k")
        if len(self.store) == 0:
            raise ValueError("the memory is empty: there is nothing to classify against")
        if len(queries) == 0:
            raise ValueError("no queries to classify (got 0 rows)")
        classes = self.classes
        parts: dict[int, list[KNNPrediction]] = {k: [] for k in ks}
        for start in range(0, len(queries), self.batch_size):
            sims, _, labels = self.neighbours(queries[start:start + self.batch_size], ks[-1])
            index = class_index_of(labels, classes)
            for k in ks:
                scores = self.vote.class_scores(sims[:, :k], index[:, :k], len(classes))
                parts[k].append(KNNPrediction(decide(scores, classes), top_classes(scores, classes),
                                              scores if return_scores else None))
        return {k: KNNPrediction(torch.cat([p.pred for p in chunks]),
                                 torch.cat([p.top5 for p in chunks]),
                                 torch.cat([p.scores for p in chunks]) if return_scores else None)
                for k, chunks in parts.items()}

    def evaluate(self, queries: Any, labels: Any,
                 ks: Sequence[int] = DEFAULT_KS) -> dict[int, dict[str, float]]:
        """Top-1 and top-5 accuracy in percent per k: {k: {"top1": ..., "top5": ...}}."""
        labels = int_vector(labels, "labels", len(queries))
        results = self.predict(queries, ks, return_scores=False)
        out = {}
        for k, prediction in results.items():
            truth = labels.to(prediction.pred.device)
            top1 = (prediction.pred == truth).double().mean().item()
            top5 = (prediction.top5 == truth[:, None]).any(dim=1).double().mean().item()
            out[k] = {"top1": 100.0 * top1, "top5": 100.0 * top5}
        return out
