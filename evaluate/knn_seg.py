"""KNN semantic segmentation from a visual memory of labelled patches: ``python -m evaluate.knn_seg``.

Memory: every patch of every train image becomes one row of a ``memory.store.MemoryStore``:
its patch embedding, labelled with the majority label of the pixels under it (label map
resized nearest to the model input; ignore pixels (255) do not vote, all-ignore patches are
left out; ties go to the smaller label). Each row's ``source`` is its image file, so
``store.remove_where(source=FILE)`` forgets an image with all of its patches.

Query: every patch of a test image is classified by ``memory.classifier.KNNClassifier`` (the
same search and vote as image KNN); the per-class vote scores (h, w) are upsampled bilinearly
to the label map's size and the best class wins per pixel. Scores: mIoU over the classes that
occur in the ground truth or the predictions (IoU = TP / (TP + FP + FN), summed over all test
pixels), and pixel accuracy; ignore pixels are never scored. Label 0 is an ordinary class here.

Folder layout (docs/EVALUATIONS.md): ``DATA/{train,test}/{images,masks}/`` (``val`` accepted for
test) and ``DATA/classes.txt`` (one class name per line; line i names label i) or ``--num-classes``.

Example:
    python -m evaluate.knn_seg --backbone random:vit_small_patch16_224 --data seg/ --size 224
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Callable, Sequence

import numpy as np
import torch
import torch.nn.functional as F

from evaluate.benchmarks import register_benchmark
from evaluate.cli import run_tool, tool_parser
from evaluate.pictures import label_colours, write_rows
from evaluate.segdata import IGNORE, SegmentationError, SegmentationSet, folder_set
from memory.classifier import KNNClassifier
from memory.cli_common import add_vote_options, vote_from_args
from memory.embed import backbone_from_spec
from memory.patches import patch_features, resize_square
from memory.search import BACKENDS
from memory.store import MemoryStore
from memory.voting import Vote, as_vote
from procvision.progress import progress_bar

__all__ = ["patch_labels", "build_patch_memory", "segment", "confusion_scores",
           "evaluate_knn_seg", "run", "main"]

FeatureFn = Callable[[Sequence[torch.Tensor]], torch.Tensor]  # images -> (B, h, w, D)


def patch_labels(label_map: np.ndarray, size: int, grid: tuple[int, int],
                 num_classes: int) -> torch.Tensor:
    """Majority label under each cell of a (h, w) grid over the ``size`` x ``size`` input.

    Args:
        label_map: int (H, W), labels in [0, num_classes) or 255 (ignore).
    Returns:
        int64 (h, w); -1 where every pixel of the cell is ignore.
    """
    h, w = grid
    sh, sw = size // h, size // w  # ViTs drop a remainder of the input; so does this
    resized = F.interpolate(torch.as_tensor(label_map, dtype=torch.float32)[None, None],
                            size=(size, size), mode="nearest")[0, 0].long()[:h * sh, :w * sw]
    resized = torch.where(resized == IGNORE, num_classes, resized)
    cells = resized.reshape(h, sh, w, sw).permute(0, 2, 1, 3).reshape(h, w, sh * sw)
    counts = F.one_hot(cells, num_classes + 1).sum(dim=2)[..., :num_classes]
    labels = counts.argmax(dim=2)  # first maximum: ties to the smaller label
    return torch.where(counts.sum(dim=2) > 0, labels, -1)


def build_patch_memory(data: SegmentationSet, features: FeatureFn, size: int, num_classes: int,
                       path: str | Path | None = None, backend: str = "torch",
                       device: str = "cpu", batch_size: int = 8,
                       progress: bool = True) -> MemoryStore:
    """A MemoryStore of labelled patches of every image in ``data`` (source = image file)."""
    store: MemoryStore | None = None
    try:
        for start in progress_bar(range(0, len(data), batch_size), desc="patch memory",
                                  unit="batch", disable=not progress):
            indices = range(start, min(start + batch_size, len(data)))
            tokens = features([data.image(i) for i in indices]).cpu()
            if store is None:
                store = MemoryStore(path or ":memory:", dim=int(tokens.shape[-1]),
                                    backend=backend, device=device)
                if len(store):
                    raise ValueError(f"memory file {path} already holds {len(store)} records: "
                                     "choose a new file")
            for j, i in enumerate(indices):
                labels = patch_labels(data.mask(i), size, tokens.shape[1:3], num_classes).reshape(-1)
                keep = torch.nonzero(labels >= 0).reshape(-1)
                if len(keep) == 0:
                    continue
                n = len(keep)
                store.add(tokens[j].reshape(-1, tokens.shape[-1])[keep], labels[keep],
                          metadata={"source": [str(data.image_paths[i])] * n,
                                    "dataset": [data.name] * n, "patch": keep.tolist()})
    except BaseException:
        if store is not None:
            store.close()
        raise
    if store is None or len(store) == 0:
        if store is not None:
            store.close()
        raise SegmentationError(f"{data.name}: no labelled patch to remember (every mask is "
                                "all ignore)")
    return store


def segment(classifier: KNNClassifier, tokens: torch.Tensor, height: int, width: int,
            k: int) -> torch.Tensor:
    """Per-pixel labels of one image: tokens float (h, w, D) -> int64 (height, width)."""
    h, w, dim = tokens.shape
    scores = classifier.predict(tokens.reshape(-1, dim), ks=[k])[k].scores  # (h*w, C)
    scores = scores.float().T.reshape(1, -1, h, w)
    scores = F.interpolate(scores, size=(height, width), mode="bilinear", align_corners=False)
    return classifier.classes.to(scores.device)[scores[0].argmax(dim=0)].cpu()


def confusion_scores(confusion: torch.Tensor) -> dict:
    """mIoU and pixel accuracy (percent) of a (C, C) confusion matrix [truth, prediction]."""
    confusion = confusion.double()
    tp = confusion.diag()
    union = confusion.sum(0) + confusion.sum(1) - tp
    present = union > 0
    iou = torch.where(present, tp / union.clamp(min=1), torch.nan)
    return {"miou": 100.0 * float(iou[present].mean()) if present.any() else float("nan"),
            "pixel_accuracy": 100.0 * float(tp.sum() / confusion.sum().clamp(min=1)),
            "iou": [None if torch.isnan(v) else round(100.0 * float(v), 4) for v in iou]}


def evaluate_knn_seg(train: SegmentationSet, test: SegmentationSet, features: FeatureFn,
                     size: int, num_classes: int, k: int = 20, vote: str | Vote = "softmax",
                     db: str | Path | None = None, backend: str = "torch", device: str = "cpu",
                     batch_size: int = 8, png: str | Path | None = None, png_images: int = 6,
                     progress: bool = True) -> dict:
    """Build the patch memory from ``train``, segment ``test``; scores in percent. ``vote``: a
    ``memory.voting.Vote`` or its name."""
    vote = as_vote(vote)
    confusion = torch.zeros((num_classes, num_classes), dtype=torch.int64)
    tiles: list[torch.Tensor] = []
    with build_patch_memory(train, features, size, num_classes, db, backend, device, batch_size,
                            progress) as store:
        classifier = KNNClassifier(store, vote)
        for start in progress_bar(range(0, len(test), batch_size), desc="segment",
                                  unit="batch", disable=not progress):
            indices = range(start, min(start + batch_size, len(test)))
            images = [test.image(i) for i in indices]
            tokens = features(images)
            for j, i in enumerate(indices):
                truth = torch.as_tensor(test.mask(i), dtype=torch.int64)
                if truth.numel() and ((truth != IGNORE) & (truth >= num_classes)).any():
                    raise SegmentationError(f"mask of {test.image_paths[i]} has labels outside "
                                            f"[0, {num_classes})")
                prediction = segment(classifier, tokens[j], *truth.shape, k)
                valid = truth != IGNORE
                confusion += torch.bincount(truth[valid] * num_classes + prediction[valid],
                                            minlength=num_classes ** 2).reshape(num_classes, -1)
                if png is not None and i < png_images:
                    shown = [resize_square(images[j], 96).permute(2, 0, 1).float() / 255]
                    for label_map in (truth, prediction):
                        shown.append(F.interpolate(label_colours(label_map)[None], size=(96, 96),
                                                   mode="nearest")[0])
                    tiles += shown
        n_memory = len(store)
    result = {**confusion_scores(confusion), "unit": "percent", "k": k, "vote": repr(vote),
              "n_memory_patches": n_memory, "n_train_images": len(train),
              "n_test_images": len(test), "num_classes": num_classes}
    if png is not None and tiles:
        result["png"] = str(write_rows(png, tiles, columns=3))
    return result


def _class_names(data: Path, num_classes: int | None) -> list[str]:
    names_file = data / "classes.txt"
    if names_file.is_file():
        names = [line.strip() for line in names_file.read_text().splitlines() if line.strip()]
        if num_classes is not None and num_classes != len(names):
            raise SegmentationError(f"{names_file} names {len(names)} classes but "
                                    f"--num-classes is {num_classes}")
        return names
    if num_classes is None:
        raise SegmentationError(f"declare the classes: write {names_file} (one name per line) "
                                "or pass --num-classes N")
    return [str(c) for c in range(num_classes)]


def _split_dirs(data: Path, split: str) -> tuple[Path, Path]:
    candidates = [data / split] + ([data / "val"] if split == "test" else [])
    folder = next((c for c in candidates if c.is_dir()), None)
    if folder is None:
        raise SegmentationError(f"{data} has no {split}/ folder (layout: DATA/{{train,test}}/"
                                "{images,masks}/, see docs/EVALUATIONS.md)")
    return folder / "images", folder / "masks"


def run(backbone: str, data: str | Path, num_classes: int | None = None, size: int = 224,
        k: int = 20, vote: str | Vote = "softmax", limit_train: int | None = None,
        limit_test: int | None = None, db: str | Path | None = None, backend: str = "torch",
        device: str = "cpu", seed: int = 0, batch_size: int = 8, png: str | Path | None = None,
        progress: bool = True) -> dict:
    """Check the whole dataset, then build the memory and segment; returns the results dict."""
    if size < 1 or k < 1 or batch_size < 1:
        raise ValueError(f"size, k and batch_size must be >= 1, got {size}, {k}, {batch_size}")
    data = Path(data)
    names = _class_names(data, num_classes)
    train = folder_set(*_split_dirs(data, "train"), class_names=names).subset(limit_train)
    test = folder_set(*_split_dirs(data, "test"), class_names=names).subset(limit_test)
    model = backbone_from_spec(backbone, device=device, seed=seed)
    clock = time.perf_counter()
    result = evaluate_knn_seg(train, test, lambda ims: patch_features(model, ims, size, device).tokens,
                              size, len(names), k, vote, db, backend, device, batch_size, png,
                              progress=progress)
    result.update(backbone=backbone, data=str(data), size=size, class_names=names,
                  seconds=round(time.perf_counter() - clock, 3))
    return result


@register_benchmark("knn-seg")
def knn_seg_benchmark(backbone: str, params: dict, out_dir: Path) -> dict:
    """Benchmark kind ``knn-seg``: params data, num_classes, size, k, limit_train, limit_test."""
    return run(backbone, params["data"], params.get("num_classes"), int(params.get("size", 224)),
               int(params.get("k", 20)), params.get("vote", "softmax"),
               params.get("limit_train"), params.get("limit_test"), None,
               params.get("backend", "torch"), params.get("device", "cpu"),
               int(params.get("seed", 0)), int(params.get("batch_size", 8)),
               Path(out_dir) / "knn_seg.png", progress=False)


def build_parser() -> argparse.ArgumentParser:
    parser = tool_parser(
        "evaluate.knn_seg", "KNN semantic segmentation: a memory of labelled train patches, each "
                            "test patch labelled by its nearest memory patches; mIoU and pixel "
                            "accuracy.", 8)
    parser.add_argument("--data", required=True, type=Path,
                        help="DATA/{train,test}/{images,masks}/ (+ DATA/classes.txt)")
    parser.add_argument("--num-classes", type=int, default=None,
                        help="number of classes when DATA/classes.txt is absent")
    parser.add_argument("--size", type=int, default=224, help="model input side (default 224)")
    parser.add_argument("--k", type=int, default=20, help="neighbours per patch (default 20)")
    add_vote_options(parser)
    parser.add_argument("--limit-train", type=int, default=None, help="first N train images")
    parser.add_argument("--limit-test", type=int, default=None, help="first N test images")
    parser.add_argument("--db", type=Path, default=None,
                        help="keep the patch memory in this SQLite file (must be new)")
    parser.add_argument("--backend", choices=sorted(BACKENDS), default="torch",
                        help="memory search backend (default torch, exact)")
    parser.add_argument("--png", type=Path, default=None,
                        help="write image | ground truth | prediction of the first test images")
    return parser


def main(argv: list[str] | None = None) -> int:
    return run_tool(build_parser(), argv, lambda args: run(
        args.backbone, args.data, args.num_classes, args.size, args.k, vote_from_args(args),
        args.limit_train, args.limit_test, args.db, args.backend, args.device, args.seed,
        args.batch_size, args.png),
        lambda args, r: (f"{args.backbone}: mIoU {r['miou']:.2f}%, pixel accuracy "
                         f"{r['pixel_accuracy']:.2f}% ({r['n_memory_patches']} memory patches, "
                         f"{r['n_test_images']} test images, k={args.k})"))


if __name__ == "__main__":
    sys.exit(main())
