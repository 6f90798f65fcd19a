"""Linear probe on frozen, cached features, next to KNN on the same features: ``python -m evaluate.linear``.

Features are ``memory.features.compute_features`` embeddings (L2-normalised CLS, DINO
preprocessing), cached on disk by default, so a probe never re-embeds. The probe is
multinomial logistic regression: a linear layer on the features standardised with the train
split's mean / std, zero-initialised, trained with AdamW on cross-entropy for ``epochs`` passes
of mini-batches; the learning rate follows a cosine from ``lr`` to 0, a pure function of the
step. Each epoch's batch order is ``procgen.seeding.uniform(seed, index, "linear/epoch<e>")``
sorted, so the probe depends only on (features, seed, options). KNN top-1 (softmax vote,
T = 0.07) on the same features is reported beside it.
"""
from __future__ import annotations

import argparse
import math
import sys
import time
from pathlib import Path

import torch
import torch.nn.functional as F

from evaluate.benchmarks import register_benchmark
from evaluate.cli import run_tool
from memory.classifier import KNNClassifier
from memory.cli_common import embedding_parser, feature_options
from memory.features import compute_features
from memory.store import MemoryStore
from memory.voting import SoftmaxVote
from procgen.seeding import uniform
from procvision.progress import progress_bar

__all__ = ["LinearProbe", "train_probe", "evaluate_linear", "run", "main", "DEFAULT_CACHE"]

DEFAULT_CACHE = Path.home() / ".cache" / "procvision" / "features"


class LinearProbe(torch.nn.Module):
    """Standardise (fixed train statistics), then one linear layer: (N, D) -> logits (N, C)."""

    def __init__(self, mean: torch.Tensor, std: torch.Tensor, num_classes: int) -> None:
        super().__init__()
        self.register_buffer("mean", mean.clone())
        self.register_buffer("std", std.clone())
        self.linear = torch.nn.Linear(len(mean), num_classes)
        torch.nn.init.zeros_(self.linear.weight)  # convex problem: zero init is deterministic
        torch.nn.init.zeros_(self.linear.bias)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.linear((x - self.mean) / self.std)


def cosine_lr(step: int, total: int, lr: float) -> float:
    """Learning rate at ``step`` of ``total``: a cosine from ``lr`` down to 0."""
    return 0.5 * lr * (1.0 + math.cos(math.pi * step / max(total, 1)))


def train_probe(features: torch.Tensor, labels: torch.Tensor, num_classes: int, epochs: int = 100,
                lr: float = 1e-2, weight_decay: float = 1e-4, batch_size: int = 256,
                seed: int = 0, device: str = "cpu", progress: bool = True) -> LinearProbe:
    """Fit the probe.

    Args:
        features: float (N, D) frozen features. labels: int64 (N,) in [0, num_classes).
    Returns:
        the trained LinearProbe (eval mode) on ``device``.
    """
    if len(features) != len(labels) or len(features) == 0:
        raise ValueError(f"need as many labels as feature rows (> 0): {len(features)} rows, "
                         f"{len(labels)} labels")
    if labels.min() < 0 or labels.max() >= num_classes:
        raise ValueError(f"labels must lie in [0, {num_classes}), got "
                         f"[{int(labels.min())}, {int(labels.max())}]")
    if epochs < 1 or batch_size < 1 or lr <= 0:
        raise ValueError(f"epochs, batch_size and lr must be > 0, got {epochs}, {batch_size}, {lr}")
    x, y = features.float().to(device), labels.long().to(device)
    mean, std = x.mean(dim=0), x.std(dim=0, unbiased=False).clamp(min=1e-6)
    probe = LinearProbe(mean, std, num_classes).to(device)
    optimiser = torch.optim.AdamW(probe.linear.parameters(), lr=lr, weight_decay=weight_decay)
    per_epoch = math.ceil(len(x) / batch_size)
    total, step = epochs * per_epoch, 0
    index = torch.arange(len(x))
    for epoch in progress_bar(range(epochs), desc="linear probe", unit="epoch",
                              disable=not progress):
        order = uniform(seed, index, f"linear/epoch{epoch}")[:, 0].argsort().to(device)
        for start in range(0, len(x), batch_size):
            rows = order[start:start + batch_size]
            for group in optimiser.param_groups:
                group["lr"] = cosine_lr(step, total, lr)
            loss = F.cross_entropy(probe(x[rows]), y[rows])
            optimiser.zero_grad(set_to_none=True)
            loss.backward()
            optimiser.step()
            step += 1
    return probe.eval()


@torch.no_grad()
def probe_accuracy(probe: LinearProbe, features: torch.Tensor, labels: torch.Tensor) -> dict:
    """Top-1 / top-5 accuracy (percent) of the probe."""
    device = probe.mean.device
    logits = probe(features.float().to(device))
    truth = labels.to(device)
    top5 = logits.topk(min(5, logits.shape[1]), dim=1).indices
    return {"top1": 100.0 * float((top5[:, 0] == truth).double().mean()),
            "top5": 100.0 * float((top5 == truth[:, None]).any(dim=1).double().mean())}


def evaluate_linear(train_features, test_features, k: int = 20, device: str = "cpu",
                    **probe_options) -> dict:
    """Probe and KNN top-1 of two ``memory.features.Features`` (train = memory / probe data)."""
    if train_features.class_names != test_features.class_names:
        raise ValueError("train and test splits disagree on the class names")
    clock = time.perf_counter()
    probe = train_probe(train_features.embeddings, train_features.labels,
                        len(train_features.class_names), device=device, **probe_options)
    linear = probe_accuracy(probe, test_features.embeddings, test_features.labels)
    train_seconds = time.perf_counter() - clock
    with MemoryStore.from_features(train_features, device=device) as store:
        knn = KNNClassifier(store, SoftmaxVote()).evaluate(test_features.embeddings,
                                                           test_features.labels, ks=[k])[k]
    return {"linear_top1": linear["top1"], "linear_top5": linear["top5"],
            "knn_top1": knn["top1"], "knn_top5": knn["top5"], "k": k, "unit": "percent",
            "n_train": len(train_features), "n_test": len(test_features),
            "n_classes": len(train_features.class_names),
            "probe_seconds": round(train_seconds, 3)}


def run(backbone: str, dataset: str, limit_train: int | None = None, limit_test: int | None = None,
        k: int = 20, *, device: str = "cpu", batch_size: int = 256,
        cache_dir: str | Path | None = DEFAULT_CACHE, decoder: str = "pil", seed: int = 0,
        epochs: int = 100, lr: float = 1e-2, weight_decay: float = 1e-4,
        probe_batch_size: int = 256, progress: bool = True) -> dict:
    """Embed (or load cached) train / test features, then probe and KNN.

    ``batch_size`` is images per forward pass; ``probe_batch_size`` the probe's mini-batch."""
    common = dict(device=device, batch_size=batch_size, cache_dir=cache_dir, decoder=decoder,
                  seed=seed, progress=progress)
    train = compute_features(backbone, dataset, "train", limit=limit_train, **common)
    test = compute_features(backbone, dataset, "test", limit=limit_test, **common)
    probe = dict(epochs=epochs, lr=lr, weight_decay=weight_decay, batch_size=probe_batch_size)
    result = evaluate_linear(train, test, k, device, seed=seed, progress=progress, **probe)
    result.update(backbone=backbone, dataset=dataset, seed=seed, probe=probe,
                  cached=bool(train.from_cache and test.from_cache))
    return result


@register_benchmark("linear")
def linear_benchmark(backbone: str, params: dict, out_dir: Path) -> dict:
    """Benchmark kind ``linear``: params dataset, limit_train, limit_test, k, epochs, lr,
    weight_decay, probe_batch_size, batch_size, cache_dir, device, seed."""
    probe = {key: params[key] for key in ("epochs", "lr", "weight_decay", "probe_batch_size")
             if key in params}
    return run(backbone, params["dataset"], params.get("limit_train"), params.get("limit_test"),
               int(params.get("k", 20)), device=params.get("device", "cpu"),
               batch_size=int(params.get("batch_size", 256)),
               cache_dir=params.get("cache_dir", DEFAULT_CACHE), seed=int(params.get("seed", 0)),
               progress=False, **probe)


def build_parser() -> argparse.ArgumentParser:
    parser = embedding_parser(
        "evaluate.linear", "Linear probe (logistic regression, seeded schedule) on frozen cached "
                           "features, with KNN top-1 on the same features beside it.")
    parser.set_defaults(cache_dir=DEFAULT_CACHE)
    parser.add_argument("--k", type=int, default=20, help="neighbours of the KNN column (20)")
    parser.add_argument("--epochs", type=int, default=100, help="probe epochs (default 100)")
    parser.add_argument("--lr", type=float, default=1e-2, help="peak AdamW lr (default 1e-2)")
    parser.add_argument("--weight-decay", type=float, default=1e-4, help="AdamW weight decay")
    parser.add_argument("--probe-batch-size", type=int, default=256, help="probe mini-batch")
    parser.add_argument("--json", type=Path, default=None, help="write the results here")
    return parser


def _check_probe(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    if args.epochs < 1 or args.probe_batch_size < 1 or args.lr <= 0:
        parser.error("--epochs, --probe-batch-size and --lr must be positive")


def main(argv: list[str] | None = None) -> int:
    return run_tool(build_parser(), argv, lambda args: run(
        args.backbone, args.dataset, args.limit_train, args.limit_test, args.k,
        **feature_options(args), epochs=args.epochs, lr=args.lr,
        weight_decay=args.weight_decay, probe_batch_size=args.probe_batch_size),
        lambda args, r: (f"{args.backbone} on {args.dataset}: linear top-1 "
                         f"{r['linear_top1']:.2f}%, KNN (k={args.k}) top-1 {r['knn_top1']:.2f}% "
                         f"({r['n_train']} train, {r['n_test']} test"
                         f"{', cached features' if r['cached'] else ''})"), check=_check_probe)


if __name__ == "__main__":
    sys.exit(main())
