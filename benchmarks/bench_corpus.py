"""Large libraries online: stream rate with a 10,000-program library vs the 55-program one,
cold start, lazy loading, compile-cache memory (issue 12).

`python -m benchmarks.bench_corpus --library DIR [--json OUT]` (DIR: e.g. written by
`python -m benchmarks.variant_library`). The two libraries are measured alternately in one
process (rounds of `--steps` steps each), after warming Mesa's disk cache with the windows the
run will reach (what `procgen.ingest` does for an ingested library). Cold start runs in fresh
processes, with an empty Mesa disk cache and then with the warm one.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import torch

_COLD_START = """
import sys, time
import torch
from procgen.stream import stream
torch.set_num_threads(1)
start = time.perf_counter()  # imports excluded: from stream(...) to the first batch
with stream(sys.argv[1], 64, 64, seed=0, library=sys.argv[2], prefetch=0) as s:
    next(s)
print(time.perf_counter() - start)
"""


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _dir_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20 if path.exists() else 0.0


def cold_start(dataset: str, library: str, cache_dir: str) -> float:
    """Seconds from `stream(...)` to the first batch (imports excluded), in a fresh process."""
    env = {**os.environ, "MESA_SHADER_CACHE_DIR": cache_dir}
    out = subprocess.run([sys.executable, "-c", _COLD_START, dataset, library], env=env, check=True,
                         capture_output=True, text=True)
    return float(out.stdout.strip().splitlines()[-1])


def warm_windows(library: str, blocks: int) -> int:
    """Compile the windows of blocks 0..blocks (as an ingest would have); returns the count."""
    from procgen.catalog import open_library
    from procgen.renderer import BatchRenderer
    from procgen.schedule import window_programs

    renderer = BatchRenderer(open_library(library))
    ids = sorted({i for b in range(blocks + 1) for i in window_programs(renderer.library, 0, b)})
    for program_id in ids:
        renderer.compile(program_id)
    renderer.release()
    return len(ids)


def steady_state(dataset: str, libraries: dict[str, str], steps: int, rounds: int, batch: int) -> dict:
    """Images/s per library, measured in alternating rounds of `steps` steps (after 2 warm-up steps)."""
    from procgen.stream import stream

    streams = {name: stream(dataset, 64, batch, seed=0, library=spec, prefetch=0) for name, spec in libraries.items()}
    for s in streams.values():
        for _ in range(2):
            next(s)
    rates: dict[str, list[float]] = {name: [] for name in libraries}
    for _ in range(rounds):
        for name, s in streams.items():
            start = time.perf_counter()
            for _ in range(steps):
                next(s)
            rates[name].append(steps * batch / (time.perf_counter() - start))
    for s in streams.values():
        s.close()
    return {name: {"median_img_s": statistics.median(r), "rounds": r} for name, r in rates.items()}


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_corpus", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--library", required=True, help="the large library folder (manifest)")
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--shaders-steps", type=int, default=64, help="steps per round, dataset shaders")
    parser.add_argument("--kml-steps", type=int, default=8, help="steps per round, dataset kml-mixup")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    torch.set_num_threads(1)
    from procgen import program_cache
    from procgen.catalog import open_library
    from procgen.gl import configure_mesa_shader_cache, get_context

    result: dict = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "batch": args.batch, "resolution": 64}
    start = time.perf_counter()
    library = open_library(args.library)
    result["open_library_s"] = time.perf_counter() - start
    result["programs"] = len(library)
    with tempfile.TemporaryDirectory() as cold_dir:
        result["cold_start_s"] = {
            "kml-mixup, 55 programs, empty disk cache": cold_start("kml-mixup", "shaders", cold_dir + "/a"),
            "kml-mixup, large library, empty disk cache": cold_start("kml-mixup", args.library, cold_dir + "/b"),
            "kml-mixup, large library, warm disk cache": cold_start("kml-mixup", args.library, cold_dir + "/b"),
        }
    cache_dir = configure_mesa_shader_cache()
    rss_before = _rss_mb()
    start = time.perf_counter()
    from procgen.schedule import BLOCK_SAMPLES

    samples = (2 + args.rounds * max(args.shaders_steps, args.kml_steps)) * args.batch
    result["warmed_programs"] = warm_windows(args.library, samples // BLOCK_SAMPLES + 1)
    result["warm_seconds"] = time.perf_counter() - start
    result["rss_mb_after_warming"] = _rss_mb()
    result["rss_mb_before_warming"] = rss_before
    # The project's 55 programs draw slower than the variants: 55 variants isolate the cost of scale.
    from benchmarks.variant_library import write_variant_library

    small_variants = write_variant_library(Path(tempfile.mkdtemp(prefix="variants55_")), 55, progress=False)
    libraries = {"55 programs": "shaders", "55 variants": str(small_variants), f"{len(library)} programs": args.library}
    result["steady_state"] = {
        "shaders": steady_state("shaders", libraries, args.shaders_steps, args.rounds, args.batch),
        "kml-mixup": steady_state("kml-mixup", libraries, args.kml_steps, args.rounds, args.batch),
    }
    stats = program_cache.cache_stats(get_context("cpu"))
    result["program_cache"] = {"size": stats.size, "capacity": stats.capacity, "hits": stats.hits,
                               "misses": stats.misses, "evictions": stats.evictions}
    result["rss_mb_end"] = _rss_mb()
    result["mesa_disk_cache_mb"] = _dir_mb(cache_dir)
    for dataset, rows in result["steady_state"].items():
        small, variants, large = (rows[name]["median_img_s"] for name in libraries)
        rows["ratio_large_over_55"] = large / small
        rows["ratio_large_over_55_variants"] = large / variants
    return emit(result, args.json)


def emit(result: dict, path: Path | None) -> dict:
    """Print the result as JSON and write it to `path` when given."""
    print(json.dumps(result, indent=1))
    if path is not None:
        path.write_text(json.dumps(result, indent=1))
    return result


if __name__ == "__main__":
    main()
