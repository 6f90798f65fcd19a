"""Cold start of a large library: where the first batch's time goes, and before/after a change.

`python -m benchmarks.bench_cold_start --library DIR [--baseline-tree OLD] [--rounds 3] [--json OUT]`
runs, in fresh processes with an EMPTY Mesa disk cache each (`MESA_SHADER_CACHE_DIR` = a new
temp dir): (1) a profile of the first batch of `kml-mixup` at 64 px, batch 64 (manifest open,
GL context, schedule, distinct programs the batch draws and each one's compile, the draw and
KML); (2) `stream(...)` -> first batch (bench_corpus's measure), alternating between this tree
and `OLD` (e.g. `git archive BASE procgen procvision shaders | tar -x -C OLD`) round by round,
recording the load average before each run (the machine is shared).
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.bench_corpus import cold_start, emit

_PROFILE = """
import json, statistics, sys, time
import torch
torch.set_num_threads(1)
from procgen.catalog import open_library
from procgen.datasets import draw_shader_inputs, get_dataset
from procgen.renderer import BatchRenderer
out, t = {}, time.perf_counter()
library = open_library(sys.argv[1]); out["open_library_s"] = time.perf_counter() - t
dataset = get_dataset("kml-mixup")
t = time.perf_counter(); renderer = BatchRenderer(library); out["gl_context_s"] = time.perf_counter() - t
indices = torch.arange(64, dtype=torch.int64)
t = time.perf_counter()
ids, seeds, times = draw_shader_inputs(0, indices, dataset.name, dataset.images_per_sample, library)
out["schedule_s"] = time.perf_counter() - t
distinct = sorted(set(ids.tolist()))
costs = []
for program_id in distinct:
    t = time.perf_counter(); renderer.compile(program_id); costs.append(time.perf_counter() - t)
out.update(sub_images=len(ids), distinct_programs=len(distinct), compile_total_s=sum(costs),
           compile_median_ms=1000 * statistics.median(costs), compile_max_ms=1000 * max(costs))
t = time.perf_counter(); dataset.render(renderer, indices, 0, 64); out["draw_and_kml_s"] = time.perf_counter() - t
print(json.dumps(out))
"""


def _run_with(tree: Path, fn, *args):
    """Call `fn(*args)` so that its child processes import `tree`'s packages: PYTHONPATH and the
    working directory (`python -c` puts the working directory first on sys.path)."""
    old_path, old_cwd = os.environ.get("PYTHONPATH"), os.getcwd()
    os.environ["PYTHONPATH"] = str(tree)
    os.chdir(tree)
    try:
        return fn(*args)
    finally:
        os.chdir(old_cwd)
        if old_path is None:
            os.environ.pop("PYTHONPATH")
        else:
            os.environ["PYTHONPATH"] = old_path


def profile(tree: Path, library: str, cache_dir: str) -> dict:
    """The first batch's phases in a fresh process of `tree` with an empty disk cache."""
    env = {**os.environ, "PYTHONPATH": str(tree), "MESA_SHADER_CACHE_DIR": cache_dir}
    out = subprocess.run([sys.executable, "-c", _PROFILE, library], env=env, check=True,
                         capture_output=True, text=True, cwd=tree)
    return {"tree": str(tree), **json.loads(out.stdout.strip().splitlines()[-1])}


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_cold_start", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--library", required=True, help="the large library folder (manifest)")
    parser.add_argument("--baseline-tree", type=Path, default=None,
                        help="a copy of the code before the change (procgen/, procvision/, shaders/)")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds of cold starts")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    here = Path(__file__).resolve().parents[1]
    args.library = str(Path(args.library).expanduser().resolve())
    trees = {"after": here, **({"before": args.baseline_tree.resolve()} if args.baseline_tree else {})}
    result: dict = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "library": args.library,
                    "cpus": os.cpu_count(), "profile": {}, "cold_start_s": {name: [] for name in trees},
                    "load_average_1min": {name: [] for name in trees}}
    with tempfile.TemporaryDirectory() as cold:
        for name, tree in trees.items():
            result["profile"][name] = profile(tree, args.library, f"{cold}/profile_{name}")
        for round_ in range(args.rounds):
            for name, tree in (trees.items() if round_ % 2 == 0 else reversed(trees.items())):
                result["load_average_1min"][name].append(os.getloadavg()[0])
                seconds = _run_with(tree, cold_start, "kml-mixup", args.library, f"{cold}/{name}_{round_}")
                result["cold_start_s"][name].append(seconds)
    result["median_s"] = {name: statistics.median(v) for name, v in result["cold_start_s"].items()}
    return emit(result, args.json)


if __name__ == "__main__":
    main()
