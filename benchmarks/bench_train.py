"""Training throughput: images/s and the step-time breakdown of the real loop (train.loop).

    python benchmarks/bench_train.py [--steps 30] [--warmup 5] [--json FILE] [key=value ...]

Runs ``train.loop.train`` in a temporary folder for cpu-tiny on CPU (and vits16 when CUDA is
present), reads the per-step timings the loop logs (data wait, augmentation, forward/backward,
optimiser + EMA + centre; CUDA is synchronised before each clock read) and reports medians over
the steps after the warm-up. Extra ``key=value`` arguments override the config of every case.
"""
from __future__ import annotations

import argparse
import csv
import json
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from train.config import resolve_config  # noqa: E402
from train.loop import train  # noqa: E402

TIMINGS = ("t_data", "t_augment", "t_forward_backward", "t_optimizer", "t_step")


def bench_case(preset: str, steps: int, warmup: int, overrides: list[str]) -> dict:
    """Train ``warmup + steps`` steps of ``preset`` and summarise the timed steps."""
    with tempfile.TemporaryDirectory(prefix="bench_train_") as tmp:
        cfg = resolve_config(None, [f"preset={preset}", f"steps={warmup + steps}", f"output_dir={tmp}",
                                    "tensorboard=false", "log_every=1", f"checkpoint_every={10**9}",
                                    *overrides])
        start = time.perf_counter()
        summary = train(cfg)
        wall = time.perf_counter() - start
        with open(Path(tmp) / "metrics.csv") as fh:
            rows = [r for r in csv.DictReader(fh) if int(r["step"]) >= warmup]
    med = {k: statistics.median(float(r[k]) for r in rows) for k in TIMINGS}
    return {
        "preset": preset, "device": summary["device"], "dataset": cfg.data.dataset, "batch_size": cfg.batch_size,
        "resolution": cfg.data.resolution, "crops": [cfg.crops.global_size, cfg.crops.local_size, cfg.crops.n_local],
        "arch": cfg.model.arch, "out_dim": cfg.model.out_dim, "timed_steps": len(rows), "warmup_steps": warmup,
        "img_s": cfg.batch_size / med["t_step"],
        "data_wait_frac": statistics.median(float(r["data_wait_frac"]) for r in rows),
        "median_s": med, "wall_s_including_setup": wall,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--steps", type=int, default=30, help="timed steps per case (after the warm-up)")
    parser.add_argument("--warmup", type=int, default=5, help="untimed warm-up steps per case")
    parser.add_argument("--json", metavar="FILE", default=None, help="also write the results as JSON")
    parser.add_argument("--no-cuda-case", action="store_true", help="skip vits16 even when CUDA is present")
    parser.add_argument("overrides", nargs="*", metavar="key=value", help="config overrides for every case")
    args = parser.parse_args()
    cases = [("cpu-tiny", ["device=cpu"])]
    if torch.cuda.is_available() and not args.no_cuda_case:
        cases.append(("vits16", ["device=cuda"]))
    results = []
    for preset, extra in cases:
        r = bench_case(preset, args.steps, args.warmup, extra + args.overrides)
        results.append(r)
        t = r["median_s"]
        print(f"{preset:9s} {r['device']:5s} batch {r['batch_size']:4d}: {r['img_s']:8.1f} img/s, "
              f"data wait {r['data_wait_frac']:.1%} | median step {t['t_step'] * 1e3:.0f} ms = data "
              f"{t['t_data'] * 1e3:.0f} + augment {t['t_augment'] * 1e3:.0f} + fwd/bwd "
              f"{t['t_forward_backward'] * 1e3:.0f} + optim/EMA {t['t_optimizer'] * 1e3:.0f} ms")
    if args.json:
        meta = {"machine": platform.node(), "cpu_threads": torch.get_num_threads(), "torch": torch.__version__,
                "cuda": torch.cuda.get_device_name(0) if torch.cuda.is_available() else None,
                "date": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()), "command": " ".join(sys.argv)}
        Path(args.json).write_text(json.dumps({"meta": meta, "results": results}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
