"""The ``knn`` benchmark kind: KNN top-1/top-5 of a backbone on a labelled dataset (the DINO protocol).

Params (from the experiment config): ``dataset`` (a ``memory.data`` spec, required), ``k``
(list, default [10, 20]), ``limit_train`` / ``limit_test`` (seeded class-stratified subsets;
None = whole split), ``vote`` (default softmax), ``T`` (softmax temperature, default 0.07),
``seed`` (0), ``batch_size`` (256), ``device`` ("cpu"), ``cache_dir`` (embedding cache; default
``out_dir/../cache``). The memory is the train split, the queries the test split.
"""
from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from evaluate.benchmarks import register_benchmark
from memory.classifier import KNNClassifier
from memory.data import parse_dataset_spec
from memory.features import compute_features
from memory.store import MemoryStore
from memory.voting import make_vote

__all__ = ["knn_benchmark", "KNN_PARAMS", "check_knn_params"]

KNN_PARAMS = {"dataset": None, "k": [10, 20], "limit_train": None, "limit_test": None, "vote": "softmax",
              "T": 0.07, "seed": 0, "batch_size": 256, "device": "cpu", "cache_dir": None}


def check_knn_params(params: dict[str, Any]) -> dict[str, Any]:
    """Defaults filled in; unknown keys, a missing or malformed dataset, bad k -> ValueError naming the key."""
    unknown = sorted(set(params) - set(KNN_PARAMS) - {"kind", "name"})
    if unknown:
        raise ValueError(f"knn benchmark: unknown keys {unknown}; known: {sorted(KNN_PARAMS)}")
    full = {**KNN_PARAMS, **{k: v for k, v in params.items() if k in KNN_PARAMS}}
    if not isinstance(full["dataset"], str):
        raise ValueError("knn benchmark: key 'dataset' (a memory dataset spec) is required")
    parse_dataset_spec(full["dataset"])
    ks = full["k"] if isinstance(full["k"], list) else [full["k"]]
    if not ks or any(isinstance(k, bool) or not isinstance(k, int) or k < 1 for k in ks):
        raise ValueError(f"knn benchmark: key 'k' must be a list of ints >= 1, got {full['k']!r}")
    full["k"] = sorted(ks)
    for key in ("limit_train", "limit_test"):
        value = full[key]
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
            raise ValueError(f"knn benchmark: key {key!r} must be an int >= 1 or null, got {value!r}")
    make_vote(full["vote"], **({"T": full["T"]} if full["vote"] == "softmax" else {}))
    return full


@register_benchmark("knn")
def knn_benchmark(backbone: str, params: dict[str, Any], out_dir: Path) -> dict[str, Any]:
    """Embed train (memory) and test (queries) with ``backbone``; KNN accuracy at every k.

    Returns:
        ``top1@K`` and ``top5@K`` (percent) for each K, plus ``n_memory``, ``n_queries``,
        ``dataset``, ``seconds``.
    """
    p = check_knn_params(params)
    clock = time.perf_counter()
    cache = p["cache_dir"] if p["cache_dir"] is not None else Path(out_dir).parent / "cache"
    common = dict(device=p["device"], batch_size=p["batch_size"], cache_dir=cache, seed=p["seed"], progress=False)
    memory = compute_features(backbone, p["dataset"], "train", limit=p["limit_train"], **common)
    queries = compute_features(backbone, p["dataset"], "test", limit=p["limit_test"], **common)
    if memory.class_names != queries.class_names:
        raise ValueError(f"{p['dataset']}: train and test splits disagree on the class names")
    vote = make_vote(p["vote"], **({"T": p["T"]} if p["vote"] == "softmax" else {}))
    with MemoryStore.from_features(memory) as store:
        scores = KNNClassifier(store, vote).evaluate(queries.embeddings, queries.labels, ks=p["k"])
        n_memory = len(store)
    result: dict[str, Any] = {}
    for k in p["k"]:
        result[f"top1@{k}"] = float(scores[k]["top1"])
        result[f"top5@{k}"] = float(scores[k]["top5"])
    result.update(dataset=p["dataset"], n_memory=n_memory, n_queries=len(queries), vote=repr(vote),
                  seconds=round(time.perf_counter() - clock, 2))
    return result
