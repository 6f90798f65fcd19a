"""Engine/raw rate against the number of distinct programs in a batch (where the overhead is).

Where the engine's overhead over the raw shader rate comes from: engine/raw against the
number of distinct programs in a batch.

    python benchmarks/bench_program_mix.py [--batch 64] [--resolution 64] [--mixes 1 4 16 0]
                                           [--repeats 25] [--json FILE]

A batch of ``--batch`` images uses ``k`` distinct programs, each drawn B/k times (the first k
programs of the Shaders dataset's own batch, with its iSeed/iTime); ``0`` means the dataset's
batch as it is (~36 programs of 55 at B = 64). Engine = ``BatchRenderer.render`` (validate,
draw, read back, convert to float); raw = each program in one large instanced draw with
glFinish and no read-back, weighted by its count, exactly as ``procgen.bench`` defines it. The
two are timed in alternation; medians are reported, with the gap in ms.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import torch
from tqdm import tqdm

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from procgen.bench import machine_description, raw_draw_seconds  # noqa: E402
from procgen.datasets import draw_shader_inputs  # noqa: E402
from procgen.renderer import BatchRenderer  # noqa: E402


def mixed_ids(dataset_ids: torch.Tensor, distinct: int) -> torch.Tensor:
    """The batch's ids with only its first `distinct` programs, cycled (0 = unchanged).

    Args:
        dataset_ids: int64 (B,) program ids of a Shaders batch.
        distinct: programs wanted; 0 keeps `dataset_ids`.
    """
    if distinct == 0:
        return dataset_ids
    programs = list(dict.fromkeys(dataset_ids.tolist()))[:distinct]
    if len(programs) < distinct:
        raise ValueError(f"the batch holds only {len(programs)} distinct programs, not {distinct}")
    return torch.tensor([programs[i % distinct] for i in range(len(dataset_ids))])


def measure(renderer: BatchRenderer, ids: torch.Tensor, seeds: torch.Tensor, times: torch.Tensor,
            resolution: int, repeats: int) -> dict:
    """Median engine and raw seconds of one batch, timed in alternation after a warm-up."""
    renderer.render(ids, seeds, times, resolution)
    raw_draw_seconds(renderer, ids, resolution)
    engine, raw = [], []
    for _ in range(repeats):
        start = time.perf_counter()
        renderer.render(ids, seeds, times, resolution)
        engine.append(time.perf_counter() - start)
        raw.append(raw_draw_seconds(renderer, ids, resolution))
    engine_s, raw_s = statistics.median(engine), statistics.median(raw)
    return {"distinct_programs": len(set(ids.tolist())), "engine_ms": 1e3 * engine_s,
            "raw_ms": 1e3 * raw_s, "gap_ms": 1e3 * (engine_s - raw_s), "engine_over_raw": raw_s / engine_s}


def main(argv: list[str] | None = None) -> list[dict]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--resolution", type=int, default=64)
    parser.add_argument("--mixes", type=int, nargs="+", default=[1, 4, 16, 0],
                        help="distinct programs per batch; 0 = the Shaders dataset's batch as it is")
    parser.add_argument("--repeats", type=int, default=25)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    torch.set_num_threads(1)  # as procgen.bench: llvmpipe's threads use the cores
    renderer = BatchRenderer()
    dataset_ids, seeds, times = draw_shader_inputs(args.seed, torch.arange(args.batch), "shaders", 1,
                                                   len(renderer.library))
    rows = [measure(renderer, mixed_ids(dataset_ids, k), seeds, times, args.resolution, args.repeats)
            for k in tqdm(args.mixes, desc="program mixes", unit="mix")]
    machine = machine_description(torch.device("cpu"), renderer)
    print(f"{machine['gl_renderer']}, {machine['cpu']}, batch {args.batch}, {args.resolution} px")
    print(f"{'programs':>8} {'engine ms':>10} {'raw ms':>8} {'gap ms':>7} {'engine/raw':>10}")
    for row in rows:
        print(f"{row['distinct_programs']:8d} {row['engine_ms']:10.2f} {row['raw_ms']:8.2f} "
              f"{row['gap_ms']:7.2f} {100 * row['engine_over_raw']:9.0f}%")
    if args.json is not None:
        args.json.write_text(json.dumps([{**row, "batch": args.batch, "resolution": args.resolution,
                                          "machine": machine} for row in rows], indent=2))
    return rows


if __name__ == "__main__":
    main()
