"""PCA segmentation R^2 benchmark: N generated COCO-size scenes, ViT-S/16 at 448 px, on this machine.

    python benchmarks/bench_pca_seg.py --n 500 --json benchmarks/bench_pca_seg.json

Besides wall time it records the process's CPU time, since the 2-core machine is usually shared.
Scenes come from ``evaluate.scenes`` (640 x 480 PNGs with instance masks, written to a
temporary folder, generation timed apart). The score runs exactly ``evaluate.pca_seg.run``
(patch tokens at 448 -> 28 x 28, upsampled to 112, per-image PCA, plus the raw-RGB baseline).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

import torch

from evaluate.pca_seg import run
from evaluate.scenes import write_scenes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python benchmarks/bench_pca_seg.py", description=__doc__)
    parser.add_argument("--n", type=int, default=500, help="number of scenes (default 500)")
    parser.add_argument("--backbone", default="random:vit_small_patch16_224")
    parser.add_argument("--size", type=int, default=448)
    parser.add_argument("--out-size", type=int, default=112)
    parser.add_argument("--batch-size", type=int, default=8)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--png", type=Path, default=None)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        clock = time.perf_counter()
        root = write_scenes(folder, args.n, seed=0, height=480, width=640, progress=True)
        generate = time.perf_counter() - clock
        clock, cpu = time.perf_counter(), time.process_time()
        result = run(args.backbone, root / "images", masks=root / "instances", size=args.size,
                     out_size=args.out_size, batch_size=args.batch_size, device=args.device,
                     png=args.png)
        total, cpu = time.perf_counter() - clock, time.process_time() - cpu
    summary = {"n_images": args.n, "backbone": args.backbone, "size": args.size,
               "out_size": args.out_size, "device": args.device, "r2": result["r2"],
               "r2_rgb": result["r2_rgb"], "n_nan": result["n_nan"],
               "seconds_generate": round(generate, 1), "seconds_score": round(total, 1),
               "images_per_second": round(args.n / total, 2),
               # CPU seconds of this process (all threads): what the score costs when the
               # machine is shared; / cores = the wall time it would take on an idle machine.
               "cpu_seconds_score": round(cpu, 1),
               "cpu_seconds_per_image": round(cpu / args.n, 3),
               "torch_threads": torch.get_num_threads(), "cpus": os.cpu_count(),
               "machine": platform.processor() or platform.machine(),
               "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}
    print(json.dumps(summary, indent=2))
    if args.json is not None:
        args.json.write_text(json.dumps(summary, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
