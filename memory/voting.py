"""Voting rules of the KNN classifier: how k neighbours' labels become class scores.

A vote gives neighbour j of a query (rank j, 0-based, cosine similarity s_j) a weight w_j and
each class scores the sum of its neighbours' weights:
- ``SoftmaxVote(T=0.07)``: w = exp(s / T) (DINO's KNN protocol).
- ``PluralityVote``: w = 1.
- ``DistanceVote``: w = exp(-d) with the cosine distance d = 1 - s.
- ``RankVote``: w = 1 / (rank + 2).
Padded neighbours (id -1, label -1) weigh exactly 0.

Ties: the predicted class is the one with the largest score; among classes with exactly
equal scores, the smallest label wins (``decide``). Top-n lists order tied classes by label.

Scores are float64 sums accumulated neighbour by neighbour in rank order (one scatter per
rank), so the score of a query depends only on its own neighbour list, bit for bit, whatever
the batch: the privacy analysis relies on this to agree exactly with re-predicting.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

import torch

__all__ = ["Vote", "SoftmaxVote", "PluralityVote", "DistanceVote", "RankVote", "VOTES",
           "make_vote", "as_vote", "decide", "top_classes"]


class Vote(ABC):
    """A voting rule: per-neighbour weights from similarities and ranks."""

    name = ""

    @abstractmethod
    def weights(self, sims: torch.Tensor) -> torch.Tensor:
        """Args: sims float64 (B, k), column j = rank j. Returns: weights float64 (B, k)."""

    def class_scores(self, sims: torch.Tensor, class_index: torch.Tensor,
                     num_classes: int) -> torch.Tensor:
        """Sum of neighbour weights per class.

        Args:
            sims: float (B, k) neighbour similarities, best first.
            class_index: int64 (B, k) index of each neighbour's class in 0..C-1, -1 for padding.
            num_classes: C.
        Returns:
            float64 (B, C) class scores.
        """
        if sims.shape != class_index.shape or sims.ndim != 2:
            raise ValueError(f"sims {tuple(sims.shape)} and class_index "
                             f"{tuple(class_index.shape)} must be the same (B, k) shape")
        real = class_index >= 0
        weights = torch.where(real, self.weights(sims.to(torch.float64)), 0.0)
        index = class_index.clamp(min=0)
        scores = torch.zeros(len(sims), num_classes, dtype=torch.float64, device=sims.device)
        for j in range(sims.shape[1]):  # fixed summation order: rank 0, 1, 2, ...
            scores.scatter_add_(1, index[:, j:j + 1], weights[:, j:j + 1])
        return scores

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


class SoftmaxVote(Vote):
    """w = exp(sim / T); T = 0.07 is DINO's KNN temperature."""

    name = "softmax"

    def __init__(self, T: float = 0.07) -> None:
        if not (T > 0 and 1.0 / T < 700):  # exp(1/T) must stay finite in float64
            raise ValueError(f"temperature T must be > {1 / 700:.5f}, got {T}")
        self.T = float(T)

    def weights(self, sims: torch.Tensor) -> torch.Tensor:
        return torch.exp(sims / self.T)

    def __repr__(self) -> str:
        return f"SoftmaxVote(T={self.T})"


class PluralityVote(Vote):
    """w = 1: one neighbour, one vote."""

    name = "plurality"

    def weights(self, sims: torch.Tensor) -> torch.Tensor:
        return torch.ones_like(sims)


class DistanceVote(Vote):
    """w = exp(-d) with cosine distance d = 1 - sim (in [0, 2] for unit vectors)."""

    name = "distance"

    def weights(self, sims: torch.Tensor) -> torch.Tensor:
        return torch.exp(-(1.0 - sims))


class RankVote(Vote):
    """w = 1 / (rank + 2), rank 0 for the nearest neighbour."""

    name = "rank"

    def weights(self, sims: torch.Tensor) -> torch.Tensor:
        ranks = torch.arange(sims.shape[1], dtype=torch.float64, device=sims.device)
        return (1.0 / (ranks + 2.0)).expand_as(sims)


VOTES: dict[str, type[Vote]] = {cls.name: cls for cls in
                                (SoftmaxVote, PluralityVote, DistanceVote, RankVote)}


def make_vote(name: str, **options: Any) -> Vote:
    """The vote called ``name`` (softmax, plurality, distance, rank), e.g. make_vote("softmax", T=0.1)."""
    if name not in VOTES:
        raise ValueError(f"unknown vote {name!r}; known: {sorted(VOTES)}")
    return VOTES[name](**options)


def as_vote(vote: str | Vote) -> Vote:
    """``vote`` itself, or the vote it names with its default options (``make_vote(vote)``)."""
    return make_vote(vote) if isinstance(vote, str) else vote


def decide(scores: torch.Tensor, classes: torch.Tensor) -> torch.Tensor:
    """Predicted label per row: the best score, ties to the smallest label.

    Args:
        scores: float (B, C). classes: int64 (C,) ascending labels of the score columns.
    Returns:
        int64 (B,) predicted labels.
    """
    is_best = scores == scores.max(dim=1, keepdim=True).values
    columns = torch.arange(scores.shape[1], device=scores.device).expand_as(scores)
    first = torch.where(is_best, columns, scores.shape[1]).min(dim=1).values
    return classes.to(scores.device)[first]


def top_classes(scores: torch.Tensor, classes: torch.Tensor, n: int = 5) -> torch.Tensor:
    """The n best labels per row, best first, ties by label; padded with -1 when C < n.

    Args:
        scores: float (B, C). classes: int64 (C,) ascending.
    Returns:
        int64 (B, n).
    """
    order = torch.argsort(scores, dim=1, descending=True, stable=True)[:, :n]
    labels = classes.to(scores.device)[order]
    if labels.shape[1] < n:
        pad = torch.full((len(labels), n - labels.shape[1]), -1, dtype=torch.int64,
                         device=labels.device)
        labels = torch.cat([labels, pad], dim=1)
    return labels

