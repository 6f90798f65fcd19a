"""Exact privacy analysis of a KNN classifier: which memory samples change a prediction.

Rule (docs/METHOD.md section 4): for each query take its top-(k+1) neighbours. For each of the top-k
neighbours i, the prediction without i is the vote over the other k-1 neighbours plus
neighbour k+1 (ranks shift up, as they would after deleting i). Neighbour i is *influential*
for that query when that prediction differs from the full one, with the classifier's own tie
rule. A memory sample is non-private if it is influential for at least one query.

Cost: one search at k+1 and O(k^2) vote work per query, vectorised over queries in torch; no
retraining and no second search. ``verify_privacy`` checks the claim literally: remove a
sample from a copy of the memory, re-predict every query, and compare.

Needs exact search (torch, faiss-flat, or faiss-ivf with exact_search=True).

CLI: ``python -m memory.privacy``; picture: ``memory.privacy_plot``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import torch

from memory.classifier import KNNClassifier, class_index_of
from memory.store import MemoryStore
from memory.store_validation import check_k
from memory.voting import SoftmaxVote, Vote, decide
from procvision.progress import progress_bar

__all__ = ["PrivacyReport", "Verification", "influential_neighbours", "analyse_privacy", "verify_privacy"]


@dataclass
class Verification:
    """Literal check of some samples: ``changed[i]`` predictions changed when ``ids[i]`` was
    removed; ``flagged[i]`` says whether the analysis called it non-private."""
    ids: list[int]
    flagged: list[bool]
    changed: list[int]

    @property
    def mismatches(self) -> list[int]:
        """Ids where the analysis and the literal removal disagree (should be empty)."""
        return [i for i, f, c in zip(self.ids, self.flagged, self.changed) if f != (c > 0)]

    @property
    def ok(self) -> bool:
        return not self.mismatches


@dataclass
class PrivacyReport:
    """Result of ``analyse_privacy``.

    nonprivate_ids: int64 (P,) ascending. influence_counts: int64 (P,) number of queries whose
    prediction each of them changes. per_class: memory label -> number of non-private samples.
    predictions: int64 (M,) full predictions of the queries.
    """
    k: int
    vote: str
    n_queries: int
    n_memory: int
    nonprivate_ids: torch.Tensor
    influence_counts: torch.Tensor
    per_class: dict[int, int]
    predictions: torch.Tensor
    verification: Verification | None = field(default=None)

    @property
    def fraction(self) -> float:
        """Fraction of memory samples that are non-private."""
        return len(self.nonprivate_ids) / self.n_memory if self.n_memory else 0.0

    def to_dict(self, class_names: list[str] | None = None) -> dict[str, Any]:
        """JSON-able summary (class keys are names when ``class_names`` is given)."""
        name = (lambda c: class_names[c] if class_names and 0 <= c < len(class_names) else str(c))
        out: dict[str, Any] = {
            "k": self.k, "vote": self.vote, "n_queries": self.n_queries,
            "n_memory": self.n_memory, "n_nonprivate": len(self.nonprivate_ids),
            "fraction_nonprivate": self.fraction,
            "nonprivate_per_class": {name(c): n for c, n in sorted(self.per_class.items())},
            "nonprivate_ids": self.nonprivate_ids.tolist(),
            "influence_counts": self.influence_counts.tolist()}
        if self.verification is not None:
            v = self.verification
            out["verification"] = {"checked": len(v.ids), "ok": v.ok, "mismatches": v.mismatches,
                                   "ids": v.ids, "flagged": v.flagged, "changed": v.changed}
        return out


def influential_neighbours(sims: torch.Tensor, class_index: torch.Tensor, classes: torch.Tensor,
                           vote: Vote, k: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Which of each query's top-k neighbours flip its prediction when left out.

    Args:
        sims: float32 (M, k+1) similarities, best first. class_index: int64 (M, k+1) column of
            each neighbour's class in ``classes``, -1 for padding. classes: int64 (C,).
        vote: the voting rule. k: neighbours voting.
    Returns:
        predictions int64 (M,) and influential bool (M, k) (padding is never influential).
    """
    m, c = len(sims), len(classes)
    full = decide(vote.class_scores(sims[:, :k], class_index[:, :k], c), classes)
    # Row i of `keep` lists the k+1 ranks without rank i: the neighbour list after deleting i.
    ranks = torch.arange(k + 1, device=sims.device)
    keep = ranks.expand(k, k + 1)[ranks[:k, None] != ranks[None, :]].view(k, k)
    scores = vote.class_scores(sims[:, keep].reshape(m * k, k),
                               class_index[:, keep].reshape(m * k, k), c)
    without = decide(scores, classes).view(m, k)
    return full, (without != full[:, None]) & (class_index[:, :k] >= 0)


def _check_exact(store: MemoryStore) -> None:
    if not store.exact:
        raise ValueError(f"privacy analysis needs exact search; backend {store.backend_name!r} "
                         "is approximate (use torch, faiss-flat or faiss-ivf exact_search=True)")


def analyse_privacy(store: MemoryStore, queries: Any, k: int = 20, vote: Vote | None = None,
                    max_bytes: int = 256 * 2**20, progress: bool = False) -> PrivacyReport:
    """Find the memory samples whose removal changes at least one query's prediction.

    Args:
        store: the memory (exact backend). queries: float (M, D). k: neighbours voting.
        vote: voting rule (default SoftmaxVote(0.07)). max_bytes: budget for the (M*k, C)
            score block of one query batch. progress: show a progress bar.
    Returns:
        PrivacyReport.
    """
    k, vote = check_k(k), vote if vote is not None else SoftmaxVote()
    if len(store) == 0:
        raise ValueError("the memory is empty: there is nothing to analyse")
    if len(queries) == 0:
        raise ValueError("no queries: the analysis needs at least one query")
    _check_exact(store)
    classes = store.classes
    batch = max(1, min(4096, max_bytes // (8 * k * max(len(classes), k))))
    preds, hits = [], []
    for start in progress_bar(range(0, len(queries), batch), desc="privacy", disable=not progress):
        sims, ids = store.search(queries[start:start + batch], k + 1)
        index = class_index_of(store.labels_of(ids), classes)
        full, influential = influential_neighbours(sims, index, classes, vote, k)
        preds.append(full.cpu())
        hits.append(ids[:, :k][influential].cpu())
    # A sample sits at most once in a query's top-k, so its count = queries it influences.
    ids, counts = torch.unique(torch.cat(hits), return_counts=True)
    labels = store.labels_of(ids)
    per_class = {int(c): int((labels == c).sum()) for c in torch.unique(labels)}
    return PrivacyReport(k, getattr(vote, "name", type(vote).__name__), len(queries), len(store),
                         ids, counts, per_class, torch.cat(preds))


def verify_privacy(store: MemoryStore, queries: Any, report: PrivacyReport, n_check: int,
                   vote: Vote | None = None, seed: int = 0, ids: list[int] | None = None,
                   progress: bool = False) -> Verification:
    """Check the report literally on a seeded random subset of samples (or on ``ids``).

    Half the subset is drawn from the non-private samples and the rest from the private ones.
    Each sample is removed from a fresh in-memory copy of the store and every query is
    re-predicted; a non-private sample must change >= 1 prediction, a private one none.
    """
    vote = vote if vote is not None else SoftmaxVote()
    if ids is None:
        generator = torch.Generator().manual_seed(seed)  # local: no global RNG state
        flagged = report.nonprivate_ids
        private = store.ids[~torch.isin(store.ids, flagged)]
        n_flagged = min(len(flagged), (n_check + 1) // 2)
        n_private = min(len(private), n_check - n_flagged)
        ids = (flagged[torch.randperm(len(flagged), generator=generator)[:n_flagged]].tolist()
               + private[torch.randperm(len(private), generator=generator)[:n_private]].tolist())
    flagged_set = set(report.nonprivate_ids.tolist())
    base = report.predictions
    changed = []
    for rid in progress_bar(ids, desc="verify", disable=not progress):
        work = store.copy()  # literal: a memory without this one row
        try:
            if work.remove([rid]) != 1:
                raise KeyError(f"id {rid} is not in the memory")
            after = KNNClassifier(work, vote).predict(queries, [report.k], return_scores=False)
            changed.append(int((after[report.k].pred.cpu() != base).sum()))
        finally:
            work.close()
    return Verification([int(i) for i in ids], [int(i) in flagged_set for i in ids], changed)
