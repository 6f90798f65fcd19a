"""Zero-shot PCA segmentation R^2 of a backbone's patch features: ``python -m evaluate.pca_seg``.

The paper's definition (shared/REFERENCE.md): resize the image to S x S (448), take the
last-layer patch tokens (CLS dropped), upsample them bilinearly to O x O (112); per image fit
a 3-component PCA on those O*O vectors and min-max scale each component to [0, 1] (the
"PCA colouring"). Ground truth: the label map resized nearest to O x O, background (0) and
ignore (255) removed. Normalised inertia = sum_k sum_{p in k} ||f_p - mu_k||^2 /
sum_p ||f_p - mean(f)||^2 over the foreground pixels p, segments k; R^2 = 1 - inertia,
averaged over images, NaN (no foreground) skipped and counted.

Conventions where the definition is silent: a component with zero range scales to 0, and an
image whose colouring has no variance over its foreground gets R^2 = 0 (the features
separate nothing), so constant features score 0. The raw-RGB baseline runs the same pipeline
on the image's own pixels at O x O.

Example:
    python -m evaluate.pca_seg --backbone random:vit_small_patch16_224 --images val2017 \\
        --coco annotations/instances_val2017.json --json pca.json --png pca.png
"""
from __future__ import annotations

import argparse
import contextlib
import logging
import math
import sys
import time
from pathlib import Path
from typing import Callable, Iterator, Sequence

import numpy as np
import torch
import torch.nn.functional as F

from evaluate.benchmarks import register_benchmark
from evaluate.cli import run_tool, tool_parser
from evaluate.pictures import label_colours, write_rows
from evaluate.segdata import IGNORE, SegmentationSet, load_segmentation
from memory.embed import backbone_from_spec
from memory.patches import patch_features, resize_square
from procvision.progress import progress_bar

__all__ = ["pca_colouring", "upsampled_pca_colouring", "segment_r2", "image_r2", "evaluate_pca_seg", "run", "main"]

logger = logging.getLogger(__name__)

FeatureFn = Callable[[Sequence[torch.Tensor]], torch.Tensor]  # images -> (B, h, w, D)


def _top_components(scatter: torch.Tensor, components: int) -> torch.Tensor:
    """Leading eigenvectors (D, c) of a symmetric (D, D) scatter matrix, c = min(components, D),
    signs fixed (largest entry positive) so colours are reproducible."""
    values, vectors = torch.linalg.eigh(scatter)
    top = vectors[:, values.argsort(descending=True)[:min(components, scatter.shape[0])]]
    signs = torch.sign(top.gather(0, top.abs().argmax(dim=0, keepdim=True)))
    return top * torch.where(signs == 0, 1.0, signs)


def _min_max(projection: torch.Tensor, components: int) -> torch.Tensor:
    """float64 (N, c) -> float32 (N, components): each column scaled to [0, 1], a zero-range
    column to 0, columns past c are 0."""
    low, high = projection.min(dim=0).values, projection.max(dim=0).values
    span = high - low
    # A span at rounding level (constant features) is no structure: scale it to 0, not noise.
    flat = span <= 1e-9 * (1.0 + high.abs().maximum(low.abs()))
    scaled = torch.where(flat, torch.zeros_like(projection),
                         (projection - low) / torch.where(flat, 1.0, span))
    out = torch.zeros((projection.shape[0], components), dtype=torch.float32,
                      device=projection.device)
    out[:, :projection.shape[1]] = scaled.float()
    return out


def pca_colouring(features: torch.Tensor, components: int = 3) -> torch.Tensor:
    """Per-image PCA projection, each component min-max scaled to [0, 1].

    Args:
        features: float (N, D) vectors of one image.
    Returns:
        float32 (N, components); a zero-range component is 0; columns past D are 0.
    """
    x = features.double()
    x = x - x.mean(dim=0, keepdim=True)
    return _min_max(x @ _top_components(x.T @ x, components), components)


def _interpolation_matrix(n_in: int, n_out: int, device: torch.device) -> torch.Tensor:
    """float64 (n_out, n_in): 1-D linear resampling as F.interpolate(align_corners=False) does it."""
    eye = torch.eye(n_in, dtype=torch.float64, device=device)[None]
    return F.interpolate(eye, size=n_out, mode="linear", align_corners=False)[0].T


def upsampled_pca_colouring(tokens: torch.Tensor, out_size: int, components: int = 3) -> torch.Tensor:
    """``pca_colouring`` of the tokens upsampled bilinearly to O x O, without forming them.

    Bilinear upsampling is linear, X = U F with U = Uy (x) Ux, so the scatter of the O*O
    upsampled vectors is F^T (U^T U) F - N m m^T with m = U^T 1 F / N, computed on the h*w
    tokens (about 16x fewer rows at 28 -> 112), and only the projections are upsampled.
    Used when upsampling by 2 or more; otherwise (raw pixels, features already at O) the
    features are resampled and decomposed directly.

    Args:
        tokens: float (h, w, D). Returns: float32 (O*O, components).
    """
    h, w, dim = tokens.shape
    if h * w * 4 > out_size * out_size:  # not upsampling by 2+: the (hw)^2 Gram would cost more
        return pca_colouring(_upsample(tokens, out_size).reshape(-1, dim), components)
    f = tokens.reshape(h * w, dim).double()
    f = f - f.mean(dim=0, keepdim=True)  # rows of U sum to 1: shifting F shifts X alike
    uy = _interpolation_matrix(h, out_size, f.device)
    ux = _interpolation_matrix(w, out_size, f.device)
    gram = torch.kron(uy.T @ uy, ux.T @ ux)  # U^T U, (h*w, h*w)
    n = out_size * out_size
    mean = torch.kron(uy.sum(0), ux.sum(0)) @ f / n  # mean of the upsampled vectors, (D,)
    scatter = f.T @ (gram @ f) - n * torch.outer(mean, mean)
    vectors = _top_components(scatter, components)
    projection = (f @ vectors).T.reshape(-1, h, w)  # (c, h, w), then upsampled: U P
    projection = (uy @ projection @ ux.T).reshape(len(vectors.T), n).T
    return _min_max(projection - mean @ vectors, components)


def segment_r2(colours: torch.Tensor, segments: torch.Tensor) -> float:
    """R^2 = 1 - normalised inertia of ``colours`` under the partition ``segments``.

    Args:
        colours: float (N, C) per-pixel vectors. segments: int (N,) segment ids; 0 and 255
            are background / ignore and left out.
    Returns:
        R^2 in [0, 1]; NaN when no pixel is foreground; 0 when the foreground has no variance.
    """
    keep = (segments != 0) & (segments != IGNORE)
    f, s = colours[keep].double(), segments[keep]
    if len(f) == 0:
        return math.nan
    total = ((f - f.mean(dim=0)) ** 2).sum()
    if total <= 0:
        return 0.0
    _, inverse = torch.unique(s, return_inverse=True)
    count = torch.bincount(inverse).double()
    means = torch.zeros((len(count), f.shape[1]), dtype=f.dtype, device=f.device)
    means.index_add_(0, inverse, f)
    means /= count[:, None]
    within = ((f - means[inverse]) ** 2).sum()
    return float(1.0 - within / total)


def _resize_mask(label_map: np.ndarray, out_size: int) -> torch.Tensor:
    """int (H, W) -> int64 (O, O), nearest."""
    mask = torch.as_tensor(label_map, dtype=torch.float32)[None, None]
    return F.interpolate(mask, size=(out_size, out_size), mode="nearest")[0, 0].long()


def _upsample(tokens: torch.Tensor, out_size: int) -> torch.Tensor:
    """(h, w, D) -> (O, O, D), bilinear; antialiased when shrinking (raw pixels at S > O)."""
    x = tokens.permute(2, 0, 1)[None].float()
    if x.shape[-2:] != (out_size, out_size):
        x = F.interpolate(x, size=(out_size, out_size), mode="bilinear", align_corners=False,
                          antialias=out_size < x.shape[-1])
    return x[0].permute(1, 2, 0)


def image_r2(tokens: torch.Tensor, label_map: np.ndarray, out_size: int
             ) -> tuple[float, torch.Tensor, torch.Tensor]:
    """One image: tokens float (h, w, D), label map int (H, W) ->
    (R^2, PCA colouring float32 (O, O, 3), ground truth int64 (O, O))."""
    colouring = upsampled_pca_colouring(tokens, out_size)
    truth = _resize_mask(label_map, out_size)
    r2 = segment_r2(colouring, truth.reshape(-1).to(colouring.device))
    return r2, colouring.reshape(out_size, out_size, 3).cpu(), truth


def _rgb_tokens(images: Sequence[torch.Tensor], out_size: int) -> torch.Tensor:
    """The raw-RGB baseline's features: each image resized to O x O, (B, O, O, 3) in [0, 1]."""
    return torch.stack([resize_square(image, out_size) for image in images]).float() / 255.0


@contextlib.contextmanager
def _one_thread() -> Iterator[None]:
    """Run the per-image PCA on one CPU thread: a 384 x 384 eigh measured ~10x slower with 2
    threads than with 1 on the 2-core machine (thread hand-offs dominate such small work)."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(threads)


def _summary(values: list[float]) -> dict:
    finite = [v for v in values if not math.isnan(v)]
    return {"r2": 100.0 * float(np.mean(finite)) if finite else math.nan,
            "n_scored": len(finite), "n_nan": len(values) - len(finite)}


def evaluate_pca_seg(data: SegmentationSet, features: FeatureFn, out_size: int = 112,
                     batch_size: int = 8, png: str | Path | None = None, png_images: int = 8,
                     rgb_baseline: bool = True, progress: bool = True) -> dict:
    """PCA R^2 (percent) of ``features`` over ``data``, and of raw RGB when ``rgb_baseline``.

    Args:
        features: images (uint8 (H, W[, 3]) each) -> float (B, h, w, D) patch features.
        png: write images | PCA colourings | ground truth for the first ``png_images`` images.
    Returns:
        {"r2", "n_scored", "n_nan", "per_image", "r2_rgb", ...} (R^2 in percent).
    """
    scores, rgb_scores, tiles = [], [], []
    with progress_bar(total=len(data), desc="pca-seg", unit="img", disable=not progress) as bar:
        for start in range(0, len(data), batch_size):
            indices = range(start, min(start + batch_size, len(data)))
            images = [data.image(i) for i in indices]
            tokens = features(images)
            rgb = _rgb_tokens(images, out_size) if rgb_baseline else None
            with _one_thread() if tokens.device.type == "cpu" else contextlib.nullcontext():
                for j, i in enumerate(indices):
                    label_map = data.mask(i)
                    r2, colouring, truth = image_r2(tokens[j], label_map, out_size)
                    scores.append(r2)
                    if rgb is not None:
                        rgb_scores.append(image_r2(rgb[j], label_map, out_size)[0])
                    if png is not None and i < png_images:
                        tiles += [resize_square(images[j], out_size).permute(2, 0, 1).float() / 255,
                                  colouring.permute(2, 0, 1), label_colours(truth)]
            bar.update(len(indices))
    result = {**_summary(scores), "unit": "percent", "n_images": len(data),
              "out_size": out_size, "per_image": [None if math.isnan(v) else round(100 * v, 4)
                                                  for v in scores]}
    if rgb_baseline:
        rgb_summary = _summary(rgb_scores)
        result["r2_rgb"], result["n_scored_rgb"] = rgb_summary["r2"], rgb_summary["n_scored"]
    if png is not None and tiles:
        result["png"] = str(write_rows(png, tiles, columns=3))
    return result


def backbone_features(backbone: str, size: int, device: str = "cpu", seed: int = 0) -> FeatureFn:
    """The patch-feature function of a backbone spec (memory.embed) at input size ``size``."""
    model = backbone_from_spec(backbone, device=device, seed=seed)
    return lambda images: patch_features(model, images, size, device).tokens


def run(backbone: str, images: str | Path, masks: str | Path | None = None,
        coco: str | Path | None = None, size: int = 448, out_size: int = 112,
        batch_size: int = 8, limit: int | None = None, device: str = "cpu", seed: int = 0,
        png: str | Path | None = None, skip_missing: bool = False, progress: bool = True) -> dict:
    """Load the data (all checks first), then score ``backbone``; returns the results dict."""
    if size < 1 or out_size < 1 or batch_size < 1:
        raise ValueError(f"size, out_size and batch_size must be >= 1, got {size}, {out_size}, "
                         f"{batch_size}")
    data = load_segmentation(images, masks, coco, skip_missing=skip_missing).subset(limit)
    features = backbone_features(backbone, size, device, seed)
    clock = time.perf_counter()
    result = evaluate_pca_seg(data, features, out_size, batch_size, png, progress=progress)
    result.update(backbone=backbone, images=str(images), size=size, device=device,
                  masks=None if masks is None else str(masks),
                  coco=None if coco is None else str(coco), skipped=len(data.skipped or []),
                  seconds=round(time.perf_counter() - clock, 3))
    return result


@register_benchmark("pca-seg")
def pca_seg_benchmark(backbone: str, params: dict, out_dir: Path) -> dict:
    """Benchmark kind ``pca-seg``: params images, masks | coco, size, out_size, limit, device."""
    return run(backbone, params["images"], params.get("masks"), params.get("coco"),
               int(params.get("size", 448)), int(params.get("out_size", 112)),
               int(params.get("batch_size", 8)), params.get("limit"),
               params.get("device", "cpu"), int(params.get("seed", 0)),
               Path(out_dir) / "pca_seg.png", bool(params.get("skip_missing", False)),
               progress=False)


def build_parser() -> argparse.ArgumentParser:
    parser = tool_parser(
        "evaluate.pca_seg", "Zero-shot PCA segmentation R^2 of a backbone's patch features (and "
                            "of raw RGB), averaged over images; see docs/EVALUATIONS.md for the "
                            "folder layouts.", 8)
    parser.add_argument("--images", required=True, type=Path, help="folder of images")
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--masks", type=Path,
                        help="folder of single-channel PNG label maps <stem>.png (0 background, "
                             "255 ignore, other values = segments)")
    source.add_argument("--coco", type=Path,
                        help="COCO instances JSON (needs pycocotools); instances painted in order")
    parser.add_argument("--size", type=int, default=448, help="model input side (default 448)")
    parser.add_argument("--out-size", type=int, default=112,
                        help="side the features and masks are compared at (default 112)")
    parser.add_argument("--limit", type=int, default=None, help="score only the first N images")
    parser.add_argument("--skip-missing", action="store_true",
                        help="skip (and count) images without a mask instead of failing")
    parser.add_argument("--png", type=Path, default=None,
                        help="write images | PCA colourings | masks of the first 8 images")
    return parser


def main(argv: list[str] | None = None) -> int:
    return run_tool(build_parser(), argv, lambda args: run(
        args.backbone, args.images, args.masks, args.coco, args.size, args.out_size,
        args.batch_size, args.limit, args.device, args.seed, args.png, args.skip_missing),
        lambda args, r: (f"{args.backbone}: PCA R^2 {r['r2']:.2f}% over {r['n_scored']} images "
                         f"({r['n_nan']} without foreground); raw RGB {r['r2_rgb']:.2f}%"))


if __name__ == "__main__":
    sys.exit(main())
