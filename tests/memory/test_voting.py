"""Voting rules and the KNN classifier against a brute-force python oracle."""
from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from memory.classifier import KNNClassifier, class_index_of
from memory.store import MemoryStore
from memory.voting import (DistanceVote, PluralityVote, RankVote, SoftmaxVote, decide,
                           make_vote, top_classes)

ORACLE_WEIGHTS = {
    "softmax": lambda sim, rank: math.exp(sim / 0.07),
    "plurality": lambda sim, rank: 1.0,
    "distance": lambda sim, rank: math.exp(-(1.0 - sim)),
    "rank": lambda sim, rank: 1.0 / (rank + 2),
}


def oracle_predict(sims: np.ndarray, labels: np.ndarray, vote: str) -> tuple[list[int], dict]:
    """Per query: python dict of class -> summed weight; best score, ties to smallest label."""
    preds, all_scores = [], []
    for row_sims, row_labels in zip(sims, labels):
        scores: dict[int, float] = {}
        for rank, (sim, label) in enumerate(zip(row_sims, row_labels)):
            if label >= 0:
                scores[int(label)] = scores.get(int(label), 0.0) + ORACLE_WEIGHTS[vote](sim, rank)
        best = max(scores.values())
        preds.append(min(c for c, s in scores.items() if s == best))
        all_scores.append(scores)
    return preds, all_scores


@pytest.mark.parametrize("vote", sorted(ORACLE_WEIGHTS))
def test_votes_match_oracle(vote):
    rng = np.random.default_rng(0)
    sims = np.sort(rng.uniform(-1, 1, size=(300, 9)), axis=1)[:, ::-1].astype(np.float32)
    labels = rng.choice([2, 5, 9, 40], size=(300, 9))
    labels[:50, 6:] = -1  # padded neighbours weigh nothing
    sims[:50, 6:] = -np.inf
    classes = torch.tensor([2, 5, 9, 40])
    index = class_index_of(torch.from_numpy(labels), classes)
    scores = make_vote(vote).class_scores(torch.from_numpy(sims), index, 4)
    preds = decide(scores, classes)
    want, want_scores = oracle_predict(sims.astype(np.float64), labels, vote)
    assert preds.tolist() == want
    for row, expected in zip(scores, want_scores):
        for column, label in enumerate(classes.tolist()):
            assert math.isclose(row[column].item(), expected.get(label, 0.0), rel_tol=1e-12)


def test_ties_go_to_the_smallest_label():
    sims = torch.tensor([[0.9, 0.8, 0.7, 0.6], [0.9, 0.8, 0.7, 0.6]])
    classes = torch.tensor([3, 8, 11])
    index = class_index_of(torch.tensor([[11, 8, 8, 11], [8, 11, 3, 3]]), classes)
    scores = PluralityVote().class_scores(sims, index, 3)
    assert decide(scores, classes).tolist() == [8, 3]  # row 0: 8 and 11 tie 2-2, 8 < 11
    assert top_classes(scores, classes, 5).tolist() == [[8, 11, 3, -1, -1], [3, 8, 11, -1, -1]]
    # The rank vote breaks the same first row the other way: 11 holds rank 0.
    assert decide(RankVote().class_scores(sims, index, 3), classes).tolist()[0] == 11


def test_vote_arguments():
    with pytest.raises(ValueError, match="unknown vote 'median'"):
        make_vote("median")
    with pytest.raises(ValueError, match="temperature"):
        SoftmaxVote(T=0.0)
    with pytest.raises(ValueError, match="same"):
        DistanceVote().class_scores(torch.zeros(2, 3), torch.zeros(2, 4, dtype=torch.int64), 2)


def _store(n: int = 400, d: int = 12, seed: int = 1) -> tuple[MemoryStore, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(5, d))
    labels = rng.integers(0, 5, n)
    memory = (centres[labels] + 0.8 * rng.normal(size=(n, d))).astype(np.float32)
    store = MemoryStore(max_bytes=2048)
    store.add(memory, labels * 10 + 1)  # non-contiguous labels 1, 11, ..., 41
    return store, centres, rng


def test_classifier_one_search_sliced_equals_per_k_and_oracle():
    store, centres, rng = _store()
    qlabels = rng.integers(0, 5, 60)
    queries = (centres[qlabels] + 0.8 * rng.normal(size=(60, 12))).astype(np.float32)
    classifier = KNNClassifier(store, SoftmaxVote(), batch_size=7)
    together = classifier.predict(queries, ks=(20, 1, 5))
    assert classifier.classes.tolist() == [1, 11, 21, 31, 41]
    for k in (1, 5, 20):
        alone = classifier.predict(queries, ks=[k])[k]
        assert torch.equal(together[k].pred, alone.pred) and torch.equal(together[k].scores,
                                                                          alone.scores)
        sims, ids = store.search(queries, k)
        want, _ = oracle_predict(sims.double().numpy(), store.labels_of(ids).numpy(), "softmax")
        assert together[k].pred.tolist() == want
        assert together[k].top5.shape == (60, 5) and (together[k].top5[:, 0] == alone.pred).all()
    results = classifier.evaluate(queries, qlabels * 10 + 1, ks=(1, 5, 20))
    for k in (1, 5, 20):
        top1 = 100 * np.mean(together[k].pred.numpy() == qlabels * 10 + 1)
        assert results[k]["top1"] == pytest.approx(top1) and results[k]["top5"] == 100.0
    assert results[20]["top1"] > 60  # clustered data: KNN must actually work


def test_classifier_errors():
    with pytest.raises(ValueError, match="memory is empty"):
        KNNClassifier(MemoryStore()).predict(np.ones((2, 3), dtype=np.float32), ks=[1])
    store, _, _ = _store(20)
    with pytest.raises(ValueError, match="k must be >= 1"):
        KNNClassifier(store).predict(np.ones((2, 12), dtype=np.float32), ks=[0])
    with pytest.raises(ValueError, match="labels has length 1, expected 2"):
        KNNClassifier(store).evaluate(np.ones((2, 12), dtype=np.float32), [1], ks=[1])
