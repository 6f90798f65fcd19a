"""Benchmark the procedural engine against the per-image baseline, in the same run.

    python -m procgen.bench --quick --json bench.json

Rows: ``render`` (the batched renderer on the Shaders distribution) and one row per registered
dataset, at each resolution, in images/s. The baseline is each dataset's own
``per_image_baseline`` (from the registry): one draw and one read-back per image, as Shaders21k
rendered (``BatchRenderer.render_one``), mixed per sample in numpy: shaders-mixup = 6 renders + a
numpy convex mix, kml = 3 renders + ``reference_kml_numpy``, kml-mixup = 6 renders + 2 numpy
KMLs + their mean. Both sides use the same programs, iSeed and iTime (the datasets' own draws). The raw shader rate is the same images' cost when each program is drawn in one
large instanced draw with glFinish and no read-back (no Python per image); ``engine/raw`` is
how much of it the engine keeps. On CPU, torch runs with 1 thread unless --threads says
otherwise (llvmpipe uses the cores; see --help).
Every timing: one warm-up (compiles), then the median of repeats taken in alternation with
the baseline's, synchronised before the clock is read (the CPU read-back is synchronous; CUDA
is synchronised explicitly).
"""
from __future__ import annotations

import argparse
import datetime
import json
import platform
import statistics
import time
from pathlib import Path
from typing import Callable

import torch

from procgen.datasets import DATASETS, draw_shader_inputs, get_dataset
from procvision.progress import progress_bar

__all__ = ["run_bench", "main", "machine_description", "raw_draw_seconds"]


def machine_description(device: torch.device, renderer) -> dict:
    """Renderer, device, processor and date, for the table header and the JSON file."""
    cpu = platform.processor() or "unknown CPU"
    try:
        with open("/proc/cpuinfo") as info:
            cpu = next(line.split(":", 1)[1].strip() for line in info if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    description = {
        "gl_renderer": renderer.ctx.info["GL_RENDERER"],
        "device": str(device),
        "cpu": cpu,
        "torch_threads": torch.get_num_threads(),
        "shaders_in_library": len(renderer.library),
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
    }
    if device.type == "cuda":
        description["gpu"] = torch.cuda.get_device_name(device)
    return description


def _synchronise(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def _interleaved_medians(works: dict[str, Callable[[], object]], repeats: int,
                         device: torch.device, min_seconds: float = 0.0,
                         max_repeats: int = 100) -> dict[str, float]:
    """Median seconds of each work, measured in alternation so that load from elsewhere on a
    shared machine hits the engine and the baseline alike.

    One warm-up call each; then rounds over the works still needing samples: at least
    ``repeats`` calls, and cheap works repeat until ``min_seconds`` are measured. A work that
    returns a float reports its own time (the raw draw timing, glFinish inside).
    """
    times: dict[str, list[float]] = {name: [] for name in works}
    for work in works.values():
        work()
    _synchronise(device)

    def needs_more(name: str) -> bool:
        done = times[name]
        return len(done) < repeats or (sum(done) < min_seconds and len(done) < max_repeats)

    while any(needs_more(name) for name in works):
        for name, work in works.items():
            if needs_more(name):
                start = time.perf_counter()
                result = work()
                _synchronise(device)
                elapsed = time.perf_counter() - start
                times[name].append(result if isinstance(result, float) else elapsed)
    return {name: statistics.median(values) for name, values in times.items()}


def raw_draw_seconds(renderer, ids: torch.Tensor, resolution: int) -> float:
    """Raw draw time of the batch's images: each program's per-image cost measured in ONE
    large instanced draw of len(ids) images (glFinish, no read-back, no Python per image),
    weighted by how often the program occurs in the batch."""
    programs, counts = torch.unique(ids, return_counts=True)
    per_image = {p: renderer.time_raw_draw(p, len(ids), resolution) / len(ids) for p in programs.tolist()}
    return sum(per_image[p] * c for p, c in zip(programs.tolist(), counts.tolist()))


def run_bench(resolutions: list[int], batch: int, baseline_samples: int, repeats: int,
              device: str = "cpu", seed: int = 0, datasets: tuple[str, ...] | None = None,
              progress: bool = True, min_seconds: float = 0.0, library: str | None = None) -> tuple[dict, list[dict]]:
    """Measure every row (datasets: names in the registry, default all; library: a
    procgen.catalog spec, default shaders/); returns (machine description, rows)."""
    from procgen.catalog import open_library
    from procgen.renderer import BatchRenderer  # GL only when benchmarking

    datasets = tuple(DATASETS) if datasets is None else datasets
    device = torch.device(device)
    renderer = BatchRenderer(open_library(library), device=device)
    machine = machine_description(device, renderer)
    indices = torch.arange(batch, dtype=torch.int64)
    jobs = [(r, name) for r in resolutions for name in ("render", *datasets)]
    rows = []
    for resolution, name in progress_bar(jobs, desc="benchmark", unit="row", disable=not progress):
        dataset = get_dataset("shaders" if name == "render" else name)
        # The baseline renders the very same samples; only the slow numpy (KML) rows use fewer.
        base_indices = indices[:baseline_samples] if dataset.slow_baseline else indices
        row = {"dataset": name, "resolution": resolution, "batch": batch, "repeats": repeats,
               "baseline_samples": len(base_indices), "device": str(device)}
        works = {"baseline": dataset.per_image_baseline(renderer, base_indices, seed, resolution)}
        if name == "render":
            ids, seeds, times = draw_shader_inputs(seed, indices, "shaders", 1, renderer.library)
            works["engine"] = lambda: renderer.render(ids, seeds, times, resolution)
            works["raw"] = lambda: raw_draw_seconds(renderer, ids, resolution)
        else:
            works["engine"] = lambda: dataset.render(renderer, indices, seed, resolution)
        seconds = _interleaved_medians(works, repeats, device, min_seconds)
        engine, baseline = seconds["engine"], seconds["baseline"]
        if "raw" in seconds:
            row["raw_img_s"] = batch / seconds["raw"]
        row["engine_img_s"] = batch / engine
        row["baseline_img_s"] = len(base_indices) / baseline
        row["ratio"] = row["engine_img_s"] / row["baseline_img_s"]
        if "raw_img_s" in row:
            row["engine_over_raw"] = row["engine_img_s"] / row["raw_img_s"]
        rows.append(row)
    return machine, rows


def format_table(machine: dict, rows: list[dict]) -> str:
    """Human-readable header and table."""
    lines = [f"{key}: {value}" for key, value in machine.items()]
    lines.append("")
    header = f"{'dataset':<14} {'px':>4} {'engine img/s':>13} {'baseline img/s':>15} {'ratio':>7}" \
             f" {'raw img/s':>10} {'engine/raw':>10}"
    lines += [header, "-" * len(header)]
    for row in rows:
        raw = f"{row['raw_img_s']:10.0f} {100 * row['engine_over_raw']:9.0f}%" if "raw_img_s" in row else ""
        lines.append(f"{row['dataset']:<14} {row['resolution']:>4} {row['engine_img_s']:13.1f} "
                     f"{row['baseline_img_s']:15.1f} {row['ratio']:6.1f}x {raw}")
    return "\n".join(lines)


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m procgen.bench",
        description="Images/s of the batched engine vs each dataset's per-image baseline (one draw "
                    "and one read-back per image, as Shaders21k rendered, + numpy mixing/KML), "
                    "measured in the same run.")
    parser.add_argument("--quick", action="store_true",
                        help="small batch, few repeats and baseline samples (under a minute on 2 CPU cores)")
    parser.add_argument("--resolutions", type=int, nargs="+", default=[64, 224],
                        help="image sides to measure (64 224)")
    parser.add_argument("--batch", type=int, default=None,
                        help="engine batch size (default 64, --quick 32)")
    parser.add_argument("--baseline-samples", type=int, default=None,
                        help="samples the KML baselines render per repeat (default 16, --quick 4); the "
                             "other baselines render the engine's whole batch")
    parser.add_argument("--repeats", type=int, default=None,
                        help="least timed repeats after one warm-up (cheap rows repeat until 1 s, --quick "
                             "0.3 s, is measured); the median is reported (default 5, --quick 3)")
    parser.add_argument("--datasets", nargs="+", default=list(DATASETS), choices=list(DATASETS),
                        help="datasets to measure besides the plain render row (default: every "
                             "registered one)")
    parser.add_argument("--device", default="cpu", help="torch/GL device: cpu or cuda[:N] (cpu)")
    parser.add_argument("--threads", type=int, default=None,
                        help="torch intra-op threads (default: 1 on cpu, torch's own on cuda). On "
                             "CPU llvmpipe already uses every core to rasterise and torch's "
                             "spinning OpenMP workers compete with it (and KML's small ops gain "
                             "little from threads); llvmpipe's threads are set by LP_NUM_THREADS")
    parser.add_argument("--seed", type=int, default=0, help="seed of the sampled programs (0)")
    parser.add_argument("--library", default=None,
                        help="programs to draw from: 'shaders' (default), a library folder, or weighted "
                             "'shaders,~/corpus:0.9' (see procgen.catalog)")
    parser.add_argument("--json", type=Path, default=None,
                        help="also write a JSON list of rows (dataset, resolution, engine_img_s, "
                             "baseline_img_s, ratio, plus extras: raw_img_s, engine_over_raw, "
                             "batch, repeats, machine) to this file")
    args = parser.parse_args(argv)
    defaults = (32, 4, 3) if args.quick else (64, 16, 5)
    for name, default in zip(("batch", "baseline_samples", "repeats"), defaults):
        if getattr(args, name) is None:
            setattr(args, name, default)
        if getattr(args, name) < 1:
            parser.error(f"--{name.replace('_', '-')} must be >= 1")
    if args.threads is not None and args.threads < 1:
        parser.error("--threads must be >= 1")
    if any(r < 1 for r in args.resolutions):
        parser.error("--resolutions must be positive")
    args.baseline_samples = min(args.baseline_samples, args.batch)
    return args


def main(argv: list[str] | None = None) -> list[dict]:
    """Command-line entry point; returns the rows."""
    args = _parse_args(argv)
    if args.threads is None and torch.device(args.device).type == "cpu":
        args.threads = 1
    previous_threads = torch.get_num_threads()
    if args.threads is not None:
        torch.set_num_threads(args.threads)
    try:
        machine, rows = run_bench(args.resolutions, args.batch, args.baseline_samples,
                                  args.repeats, args.device, args.seed, tuple(args.datasets),
                                  min_seconds=0.3 if args.quick else 1.0, library=args.library)
    finally:
        torch.set_num_threads(previous_threads)  # main() may be called from other code
    print(format_table(machine, rows))
    if args.json is not None:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        # A list of rows; each carries the machine description among its extras.
        args.json.write_text(json.dumps([{**row, "machine": machine} for row in rows], indent=2))
        print(f"wrote {args.json}")
    return rows


if __name__ == "__main__":
    main()
