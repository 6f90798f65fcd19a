"""Write a PNG grid of procedural samples (and, for KML datasets, a strip of the steps).

    python -m procgen.preview --dataset kml-mixup --n 64 --out kml_mixup.png

Samples 0..n-1 of (dataset, seed) are shown row by row, exactly the images ``procgen.sample``
returns. For kml and kml-mixup a second file FILE_strip.png shows, for a few samples, the
rows s1, mask, s2, s3 and the result (for kml-mixup: the first of its KML images, then the
final mixed result).
"""
from __future__ import annotations

import argparse
import math
from pathlib import Path

import numpy as np
import torch

from procgen.datasets import DATASETS, KML, ProceduralDataset, get_dataset
from procvision.progress import progress_bar

STRIP_ROWS = ("s1", "mask", "s2", "s3", "result")
_RENDER_CHUNK = 32  # images per renderer call: bounds memory at large resolutions

__all__ = ["make_grid", "render_samples", "strip_rows", "main"]


def make_grid(images: torch.Tensor, columns: int, pad: int = 2) -> np.ndarray:
    """Tile images into one picture.

    Args:
        images: (N, C, R, R) float in [0, 1], C = 1 or 3 (one channel is shown grey).
        columns: images per row.
        pad: white pixels between images.

    Returns:
        uint8 array (H, W, 3).
    """
    if images.dim() != 4 or images.shape[1] not in (1, 3):
        raise ValueError(f"images must be (N, 1|3, R, R), got {tuple(images.shape)}")
    count, _, height, width = images.shape
    columns = max(1, min(columns, count))
    rows = math.ceil(count / columns)
    pixels = (images.detach().float().clamp(0, 1).expand(-1, 3, -1, -1) * 255 + 0.5).to(torch.uint8)
    pixels = pixels.permute(0, 2, 3, 1).cpu().numpy()
    grid = np.full((rows * (height + pad) + pad, columns * (width + pad) + pad, 3), 255, np.uint8)
    for i, image in enumerate(pixels):
        top = pad + (i // columns) * (height + pad)
        left = pad + (i % columns) * (width + pad)
        grid[top:top + height, left:left + width] = image
    return grid


def render_samples(dataset: ProceduralDataset, renderer, count: int, seed: int, resolution: int,
                   start: int = 0, keys: tuple[str, ...] = ("result",), progress: bool = True
                   ) -> dict[str, torch.Tensor]:
    """Render samples start..start+count-1 in chunks; returns the requested parts on CPU."""
    parts: dict[str, list[torch.Tensor]] = {key: [] for key in keys}
    chunks = range(start, start + count, _RENDER_CHUNK)
    for first in progress_bar(chunks, desc=f"rendering {dataset.name}", unit="chunk", disable=not progress):
        indices = torch.arange(first, min(first + _RENDER_CHUNK, start + count), dtype=torch.int64)
        rendered = dataset.render_parts(renderer, indices, seed, resolution)
        for key in keys:
            parts[key].append(rendered[key].cpu())
    return {key: torch.cat(values) for key, values in parts.items()}


def strip_rows(parts: dict[str, torch.Tensor]) -> torch.Tensor:
    """Interleave the KML steps as rows: (len(STRIP_ROWS) * n, C, R, R), one sample per column."""
    return torch.cat([parts[key].expand(-1, 3, -1, -1) for key in STRIP_ROWS])


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m procgen.preview",
        description="Render a grid of procedural samples to a PNG. For kml and kml-mixup also "
                    "write FILE_strip.png: rows s1, mask, s2, s3, result for a few samples.")
    parser.add_argument("--dataset", required=True, choices=sorted(DATASETS),
                        help="registered dataset to show")
    parser.add_argument("--n", type=int, default=64, help="number of samples in the grid (64)")
    parser.add_argument("--out", type=Path, required=True,
                        help="output PNG; the KML strip goes to <stem>_strip.png next to it")
    parser.add_argument("--resolution", type=int, default=128, help="side of each image in px (128)")
    parser.add_argument("--seed", type=int, default=0, help="global seed of the dataset (0)")
    parser.add_argument("--start", type=int, default=0, help="index of the first sample (0)")
    parser.add_argument("--columns", type=int, default=0,
                        help="images per grid row (0 = near-square grid)")
    parser.add_argument("--strip-samples", type=int, default=8,
                        help="samples (columns) in the KML strip (8)")
    parser.add_argument("--k", type=int, default=None, help="KML: number of clusters (2)")
    parser.add_argument("--iters", type=int, default=None, help="KML: Lloyd iterations (3)")
    parser.add_argument("--mixup", type=int, default=None,
                        help="images mixed per sample (shaders-mixup: 6, kml-mixup: 2)")
    parser.add_argument("--device", default="cpu", help="torch device to render on (cpu)")
    parser.add_argument("--library", default=None,
                        help="programs to draw from: 'shaders' (default), a library folder, or weighted "
                             "'shaders,~/corpus:0.9' (see procgen.catalog)")
    args = parser.parse_args(argv)
    for name in ("n", "resolution", "strip_samples"):
        if getattr(args, name) < 1:
            parser.error(f"--{name.replace('_', '-')} must be >= 1")
    if args.start < 0 or args.columns < 0:
        parser.error("--start and --columns must be >= 0")
    if args.out.suffix.lower() != ".png":
        parser.error(f"--out must be a .png file, got {args.out}")
    return args


def main(argv: list[str] | None = None) -> list[Path]:
    """Command-line entry point; returns the written files."""
    from PIL import Image

    from procgen.renderer import BatchRenderer  # GL only once the arguments are valid

    args = _parse_args(argv)
    options = {key: getattr(args, key) for key in ("k", "iters", "mixup")
               if getattr(args, key) is not None}
    dataset = get_dataset(args.dataset, **options)
    from procgen.catalog import open_library

    renderer = BatchRenderer(open_library(args.library), device=args.device)
    images = render_samples(dataset, renderer, args.n, args.seed, args.resolution, args.start)
    columns = args.columns or math.ceil(math.sqrt(args.n))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(make_grid(images["result"], columns)).save(args.out)
    written = [args.out]
    if isinstance(dataset, KML):  # kml and kml-mixup expose s1, mask, s2, s3
        count = min(args.strip_samples, args.n)
        parts = render_samples(dataset, renderer, count, args.seed, args.resolution, args.start,
                               keys=STRIP_ROWS, progress=False)
        strip_path = args.out.with_name(f"{args.out.stem}_strip.png")
        Image.fromarray(make_grid(strip_rows(parts), count)).save(strip_path)
        written.append(strip_path)
    for path in written:
        print(f"wrote {path}")
    return written


if __name__ == "__main__":
    main()
