"""Does a diversity score count programs? Vendi of 128 images drawn from k programs, k = 1..64.

An effective-number-of-distinct-images score should grow with the number of programs behind a
fixed number of images. For k in 1, 2, 4, ..., 64 (3 seeded draws of k programs from the
library, 128 images in all, per-image seeds from `procgen.diversity`), this prints the Vendi
score of the random net's embeddings, of raw 16x16 thumbnails and of structure thumbnails
(per-image standardised channels): benchmarks/RESULTS.md, issue 13.

    python -m benchmarks.vendi_sanity [--library shaders] [--json OUT]
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import torch

from procgen.diversity import load_pool, render_pool
from procgen.diversity_stats import RandomNet, pixel_thumbnails, structure_thumbnails, vendi_score

N_IMAGES = 128


def scores(images: torch.Tensor, net: RandomNet) -> dict[str, float]:
    """The three Vendi scores of (N, 3, R, R) images in [0, 1]."""
    return {"randomnet": vendi_score(net(images)),
            "pixels16": vendi_score(pixel_thumbnails(images)),
            "structure16": vendi_score(structure_thumbnails(images))}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--library", default="shaders")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    pool, net = load_pool(args.library), RandomNet(0)
    order = torch.randperm(len(pool.library), generator=torch.Generator().manual_seed(0)).tolist()
    table = {}
    for k in [1, 2, 4, 8, 16, 32, 64]:  # 64 slots x 2 seeds = the 128 images
        draws = []
        for draw in range(3):
            programs = [order[(draw * 41 + i) % len(order)] for i in range(k)]
            pool.slots = [programs[i % k] for i in range(max(16, k))]
            render_pool(pool, max(N_IMAGES // len(pool.slots), 2), 64, seed=draw, progress=False)
            draws.append(scores(pool.images[:N_IMAGES], net))
        table[k] = {name: round(sum(d[name] for d in draws) / len(draws), 2) for name in draws[0]}
        print(k, json.dumps(table[k]), flush=True)
    if args.json:
        args.json.write_text(json.dumps(table, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
