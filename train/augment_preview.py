"""CLI: a PNG of procedural samples beside their DINO multi-crop views, one row per sample.

``python -m train.augment_preview --dataset shaders --n 8 --out views.png``
"""
from __future__ import annotations

import argparse

import torch
import torch.nn.functional as F
from PIL import Image

from procgen import sample
from procgen.preview import make_grid
from procvision.progress import progress_bar
from train.augment import MultiCropAugment


def main(argv: list[str] | None = None) -> None:
    """Write a PNG of procedural samples and their views: one row per sample."""
    parser = argparse.ArgumentParser(prog="python -m train.augment_preview", description=main.__doc__)
    parser.add_argument("--dataset", default="shaders", help="procgen dataset name (default: shaders)")
    parser.add_argument("--n", type=int, default=8, help="number of samples (rows), indices 0..n-1")
    parser.add_argument("--seed", type=int, default=0,
                        help="seed of both the images and the augmentation")
    parser.add_argument("--resolution", type=int, default=128, help="rendered image side in pixels")
    parser.add_argument("--global-size", type=int, default=64, help="side of the 2 global views")
    parser.add_argument("--local-size", type=int, default=32, help="side of the local views")
    parser.add_argument("--n-local", type=int, default=6, help="number of local views")
    parser.add_argument("--out", default="augment_preview.png", help="output PNG path")
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error(f"--n must be >= 1, got {args.n}")
    augment = MultiCropAugment(args.global_size, args.local_size, args.n_local)
    images = torch.stack([sample(args.dataset, i, seed=args.seed, resolution=args.resolution)
                          for i in progress_bar(range(args.n), desc=f"rendering {args.dataset}", unit="img")])
    views = augment(images, args.seed, torch.arange(args.n, dtype=torch.int64))
    shown = args.global_size
    # Undo the normalisation for display; nearest upscaling keeps local views' pixels visible.
    mean, std = augment.mean.float().view(1, 3, 1, 1), augment.std.float().view(1, 3, 1, 1)
    columns = [F.interpolate(images, size=shown, mode="bilinear", antialias=True)]
    columns += [F.interpolate((v * std + mean).clamp(0, 1), size=shown, mode="nearest") for v in views]
    rows = torch.stack(columns, dim=1).flatten(0, 1)  # sample-major: one row per sample
    Image.fromarray(make_grid(rows, columns=len(columns))).save(args.out)
    print(f"wrote {args.out}: {args.n} rows of [input, global1, global2, local1..{args.n_local}]")


if __name__ == "__main__":
    main()
