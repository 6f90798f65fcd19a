"""Diversity report of program pools: `python -m procgen.diversity LIBRARY... --json OUT --png OUT`.

Each pool (a library folder: shaders/, a synthesized or ingested library) is sampled the
same way: `--n-programs` program slots (distinct programs while the pool has enough, else
every program in turn, as uniform sampling during training would repeat them), each
rendered with `--per-program` seeded (iSeed, iTime) draws. So every pool yields the same
number of images and the numbers compare directly: colour statistics, spectrum slope, edge
density, within-program variety across seeds, near-duplicate fraction, and the Vendi score
of embeddings of a fixed random-init network (`python -m evaluate.diversity` adds a trained
backbone's: procgen never imports train or memory). With two or more pools, "mix" is the same
number of slots taken in turn from each pool, and its `mixing_gain` per score says how distinct
the pools are (`procgen.diversity_stats.mixing_gain`: 1 = alike, up to the number of pools);
`shared_programs` names pools that sampled the same program texts (a library and its subset).
One sample's numbers move with the sample (a Vendi score of 2,048 images by a few percent):
`--repeats R` draws R independent samples and reports each score's mean and spread, and the
mix's margin over the best pool in each sample, so a ranking can be read with its noise.
Each pool's `weakest_programs` names the programs behind its near duplicates and those whose
images vary least across seeds: where a pool is improved first.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import logging
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import torch

from procgen import seeding
from procgen.catalog import open_library
from procgen.datasets import TIME_RANGE
from procgen.diversity_stats import (RandomNet, coarse_variety_by_group, colour_stats, edge_density, mixing_gain,
                                     near_duplicate_fraction, nearest_thumbnails, pairwise_groups, pixel_thumbnails,
                                     spectrum_slopes, spread_over_samples, structure_thumbnails, vendi_score,
                                     within_distance_by_group)
from procgen.errors import ProcgenError
from procvision.progress import progress_bar

logger = logging.getLogger(__name__)

Embedder = Callable[[torch.Tensor], torch.Tensor]  # (N, 3, R, R) in [0, 1] -> (N, D) unit rows


@dataclass
class Pool:
    """A sampled pool: its programs, the slot -> program map and, once rendered, the images.

    Attributes:
        name: label in the report. library: the pool's library (`procgen.catalog.open_library`).
        slots: program id of each slot (n_programs,). images: float32 (S*M, 3, R, R).
        slot_of_image: int64 (S*M,) slot of each image. failed: names of programs that did not render.
    """

    name: str
    library: object
    slots: list[int] = field(default_factory=list)
    images: torch.Tensor | None = None
    slot_of_image: torch.Tensor | None = None
    failed: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def family_of_image(self) -> list[str]:
        return [self.library[self.slots[int(s)]].family for s in self.slot_of_image]


def load_pool(spec: str) -> Pool:
    """`[NAME=]LIBRARY`: any library spec of `procgen.catalog` (a folder with a manifest, sources
    hash-checked at use; a folder of *.glsl; `synth:SEED:N`, programs made on the fly and probed
    at first use, failing ones replaced; a weighted mix)."""
    name, _, library_spec = spec.rpartition("=")
    library = open_library(library_spec)
    if len(library) == 0:
        raise ValueError(f"{library_spec}: the library has no programs")
    return Pool(name or (library_spec if library_spec.startswith("synth:") else Path(library_spec).resolve().name),
                library)


def repeat_salt(salt: str, repeat: int) -> str:
    """The salt of sample `repeat`: sample 0 keeps the plain salt, so a one-sample report is unchanged."""
    return salt if repeat == 0 else f"{salt}/repeat{repeat}"


def choose_slots(n_programs: int, n_total: int, seed: int, salt: str) -> list[int]:
    """`n_programs` program ids: a seeded permutation of the pool, repeated when it is smaller."""
    order = torch.argsort(seeding.uniform(seed, torch.arange(n_total, dtype=torch.int64), salt)[:, 0])
    return [int(order[i % n_total]) for i in range(n_programs)]


def render_pool(pool: Pool, per_program: int, resolution: int, seed: int, chunk: int = 32,
                progress: bool = True, repeat: int = 0) -> None:
    """Render every slot's images (seeded iSeed and iTime per (repeat, slot, j)); programs that fail are dropped."""
    from procgen.renderer import BatchRenderer  # GL only when rendering

    start = time.perf_counter()
    local = {program: program for program in set(pool.slots)}
    if hasattr(pool.library, "prepare"):  # synth: probe (and replace) the sampled programs before drawing
        pool.library.prepare(torch.tensor(sorted(local), dtype=torch.int64))
    renderer = BatchRenderer(pool.library)
    images, slot_ids, bad = [], [], set()
    n = len(pool.slots)
    image_index = torch.arange(n * per_program, dtype=torch.int64)
    seeds = seeding.uniform(seed, image_index, repeat_salt("diversity/iseed", repeat), 4)
    seeds = seeds.clamp(max=1.0 - 2.0**-24).to(torch.float32)
    low, high = TIME_RANGE
    times = seeding.uniform(seed, image_index, repeat_salt("diversity/time", repeat))[:, 0]
    times = (low + (high - low) * times).to(torch.float32)
    try:
        for first in progress_bar(range(0, n, chunk), desc=f"rendering {pool.name}", unit="chunk", disable=not progress):
            slots = [s for s in range(first, min(first + chunk, n)) if pool.slots[s] not in bad]
            for attempt in ("batch", "single"):
                rows = [s * per_program + j for s in slots for j in range(per_program)]
                ids = [local[pool.slots[r // per_program]] for r in rows]
                try:
                    images.append(renderer.render(ids, seeds[rows], times[rows], resolution))
                    slot_ids.append(torch.tensor(rows, dtype=torch.int64) // per_program)
                    break
                except ProcgenError as error:
                    if attempt == "single" or len(set(ids)) == 1:
                        raise
                    logger.warning("%s: a program failed in a batch (%s); rendering one by one", pool.name, error)
                    slots = _render_singly(renderer, pool, slots, local, bad)
    finally:
        renderer.release()
    pool.failed = sorted(pool.library[i].name for i in bad)
    pool.images = torch.cat(images) if images else torch.empty(0, 3, resolution, resolution)
    pool.slot_of_image = torch.cat(slot_ids) if slot_ids else torch.empty(0, dtype=torch.int64)
    pool.seconds = time.perf_counter() - start


def _render_singly(renderer, pool: Pool, slots: list[int], local: dict[int, int], bad: set[int]) -> list[int]:
    """Find the programs of `slots` that fail (compile/render), add them to `bad`; return the good slots."""
    good = []
    for s in slots:
        program = pool.slots[s]
        if program in bad:
            continue
        try:
            renderer.compile(local[program])
            good.append(s)
        except ProcgenError as error:
            logger.warning("%s: program %s dropped: %s", pool.name, pool.library[program].name, error)
            bad.add(program)
    return good


def score_features(images: torch.Tensor, embedders: dict[str, Embedder]) -> dict[str, torch.Tensor]:
    """Every representation a Vendi score is taken of: name -> (N, D) rows, for images (N, 3, R, R).

    pixels16: coarse layout and colour, 16x16 thumbnails centred on mid-grey (no network at all);
    structure16: layout without palette, the same thumbnails of per-image standardised channels;
    then each embedder's unit rows (the random net, a backbone)."""
    features = {"pixels16": pixel_thumbnails(images), "structure16": structure_thumbnails(images)}
    for name, embed in embedders.items():
        features[name] = torch.cat([embed(images[i:i + 256]) for i in range(0, len(images), 256)])
    return features


def pool_report(images: torch.Tensor, groups: torch.Tensor, embedders: dict[str, Embedder],
                near_dup_threshold: float, features: dict[str, torch.Tensor] | None = None
                ) -> tuple[dict, dict[str, torch.Tensor]]:
    """All numbers of one pool's images (N, 3, R, R) with slot groups (N,); also `score_features`
    (computed here unless given, row i for image i: the mix reuses its pools')."""
    slopes, edges = spectrum_slopes(images), edge_density(images)
    near, nearest = near_duplicate_fraction(images, near_dup_threshold)
    report = {"n_images": len(images), "n_slots": int(groups.unique().numel()), "colour": colour_stats(images),
              "spectrum_slope": {"mean": float(slopes.mean()), "std": float(slopes.std())},
              "edge_density": float(edges.mean()), "near_duplicate_fraction": near,
              "mean_nearest_rms": nearest}
    features = score_features(images, embedders) if features is None else features
    for name, x in features.items():
        report[f"vendi_{name}"] = vendi_score(x)
        if name in embedders:
            within, between = pairwise_groups(x, groups)
            report[f"within_program_distance_{name}"] = within
            report[f"between_program_distance_{name}"] = between
            report[f"variety_ratio_{name}"] = within / between if between > 0 else float("nan")
    return report, features


def weakest_programs(pool: Pool, near_dup_threshold: float, embeddings: torch.Tensor | None = None,
                     top: int = 10) -> dict:
    """Where a pool loses diversity, by program: what to rewrite first.

    Returns {"near_duplicates": images with a near duplicate, "near_duplicates_same_program":
    those whose nearest image is of the same program (its seed barely shows at coarse scale),
    "near_duplicates_by_program": [[name, images]] most first, "least_varied_programs":
    [[name, mean RMS difference of its 16x16 thumbnails across seeds]] least first}, and with
    `embeddings` (N, D) unit rows of the pool's images, "least_varied_programs_embedded":
    [[name, mean cosine distance of its images' embeddings across seeds]] least first (the
    random net's: what the pool's Vendi score sees)."""
    programs = torch.tensor([pool.slots[int(s)] for s in pool.slot_of_image], dtype=torch.int64)
    nearest, index = nearest_thumbnails(pool.images)
    dup = nearest < near_dup_threshold
    by_program = Counter(pool.library[int(p)].name for p in programs[dup])
    same_program = dup & (programs[index] == programs)

    def least(variety: dict[int, float]) -> list[list]:
        rows = sorted(variety.items(), key=lambda item: item[1])[:top]
        return [[pool.library[p].name, round(v, 4)] for p, v in rows]

    report = {"near_duplicates": int(dup.sum()), "near_duplicates_same_program": int(same_program.sum()),
              "near_duplicates_by_program": [list(row) for row in by_program.most_common(top)],
              "least_varied_programs": least(coarse_variety_by_group(pool.images, programs))}
    if embeddings is not None:
        report["least_varied_programs_embedded"] = least(within_distance_by_group(embeddings, programs))
    return report


def mix_indices(pools: list[Pool], n_programs: int) -> list[tuple[int, torch.Tensor]]:
    """The mix: slot k taken from pool k % P (its slot k // P); returns (pool, image rows) per pool."""
    chosen = []
    for p, pool in enumerate(pools):
        wanted = set(range(0, n_programs)[p::len(pools)])
        keep = torch.tensor([int(s) in wanted for s in pool.slot_of_image], dtype=torch.bool)
        chosen.append((p, keep.nonzero()[:, 0]))
    return chosen


def shared_programs(pools: list[Pool]) -> list[dict]:
    """Pairs of pools that sampled programs with the same source (includes inlined).

    Such pools are not distinct data: a library and a copy or subset of it (the 55-program
    library inside shaders/) put the same programs into the mix twice, which caps the mix's
    gain. Returns [{"pools": [a, b], "programs": shared distinct programs, "sampled": [n_a, n_b]}]
    for every pair that shares any, in pool order."""
    digests = []
    for pool in pools:
        texts = (pool.library[p] for p in set(pool.slots))
        digests.append({hashlib.sha256((s.expanded_source or s.source).encode()).hexdigest() for s in texts})
    return [{"pools": [pools[a].name, pools[b].name], "programs": len(digests[a] & digests[b]),
             "sampled": [len(digests[a]), len(digests[b])]}
            for a in range(len(pools)) for b in range(a + 1, len(pools)) if digests[a] & digests[b]]


def build_parser(prog: str = "python -m procgen.diversity") -> argparse.ArgumentParser:
    """The report's options (`evaluate.diversity` adds --backbone to them)."""
    parser = argparse.ArgumentParser(prog=prog, description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("libraries", nargs="+", help="[NAME=]LIBRARY of each pool: any procgen.catalog spec (shaders, "
                        "a folder with manifest.json or *.glsl, synth:SEED:N made on the fly and probed, a weighted mix)")
    parser.add_argument("--n-programs", type=int, default=256, help="program slots per pool (default %(default)s)")
    parser.add_argument("--per-program", type=int, default=4, help="seeded images per slot (default %(default)s)")
    parser.add_argument("--resolution", type=int, default=64, help="render size in px (default %(default)s)")
    parser.add_argument("--seed", type=int, default=0, help="sampling seed (default %(default)s)")
    parser.add_argument("--repeats", type=int, default=1,
                        help="independent samples of every pool: >1 reports each score's mean and spread, and "
                             "the mix's margin over the best pool per sample (default %(default)s)")
    parser.add_argument("--near-dup", type=float, default=0.04,
                        help="RMS difference of 16x16 thumbnails under which two images are near duplicates (default %(default)s)")
    parser.add_argument("--thumbnails", type=int, default=120, help="thumbnails drawn on the map (default %(default)s)")
    parser.add_argument("--json", type=Path, required=True, help="write the numbers here")
    parser.add_argument("--png", type=Path, default=None,
                        help="write the 2-D map here (and, with --repeats > 1, the spread chart beside it: *_spread.png)")
    return parser


def check_args(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Refuse bad numbers before any work (parser.error exits 2)."""
    if args.n_programs < 1 or args.per_program < 2 or args.resolution < 16 or args.repeats < 1:
        parser.error("--n-programs must be >= 1, --per-program >= 2 (variety across seeds), --resolution >= 16, "
                     "--repeats >= 1")


def sample_report(pools: list[Pool], args: argparse.Namespace, embedders: dict[str, Embedder],
                  repeat: int) -> tuple[dict, list[dict[str, torch.Tensor]]]:
    """Sample `repeat` of every pool (and of their mix), rendered and measured.

    Returns ({"pools": name -> report, "mix": report (two or more pools)}, each pool's score features)."""
    sample: dict = {"pools": {}}
    pool_features = []
    label = f"[sample {repeat + 1}/{args.repeats}] " if args.repeats > 1 else ""
    for p, pool in enumerate(pools):
        salt = repeat_salt(f"diversity/slots/{p}", repeat)
        pool.slots = choose_slots(args.n_programs, len(pool.library), args.seed, salt)
        render_pool(pool, args.per_program, args.resolution, args.seed, repeat=repeat)
        report, embeddings = pool_report(pool.images, pool.slot_of_image, embedders, args.near_dup)
        report.update(programs_in_pool=len(pool.library), distinct_programs_sampled=len(set(pool.slots)),
                      families=len(set(pool.library.families)), failed_programs=pool.failed,
                      synth_candidates_discarded=sorted(getattr(pool.library, "rejected", {})),
                      render_seconds=round(pool.seconds, 1),
                      weakest_programs=weakest_programs(pool, args.near_dup, embeddings["randomnet"]))
        sample["pools"][pool.name] = report
        pool_features.append(embeddings)
        print(f"{label}{pool.name}: {_summary(report)}", flush=True)
        print(f"{label}  {_weakest_summary(report['weakest_programs'])}", flush=True)
    if len(pools) > 1:
        sample["mix"] = mix_report(pools, pool_features, embedders, args, sample["pools"])
        gains = sample["mix"]["mixing_gain"]
        shared = sample["mix"]["shared_programs"] = shared_programs(pools)
        print(f"{label}mix: {_summary(sample['mix'])}")
        for row in shared:
            print(f"{label}  {row['pools'][0]} and {row['pools'][1]} sampled {row['programs']} of the same programs "
                  f"(of {row['sampled'][0]} and {row['sampled'][1]}): the mix holds them twice")
        print(f"{label}mixing gain (1 = the pools look alike, up to the number of pools; needed to beat the best "
              "pool): " + ", ".join(f"{name} {g['gain']:.2f} ({g['needed_to_beat_best_pool']:.2f})"
                                    for name, g in gains.items()), flush=True)
    return sample, pool_features


def mix_report(pools: list[Pool], pool_features: list[dict[str, torch.Tensor]], embedders: dict[str, Embedder],
               args: argparse.Namespace, pool_reports: dict[str, dict]) -> dict:
    """The mix's report (its images are the pools' own, slots in turn), with the mixing gain per score."""
    parts = mix_indices(pools, args.n_programs)
    images = torch.cat([pools[p].images[rows] for p, rows in parts])
    groups = torch.cat([pools[p].slot_of_image[rows] + p * args.n_programs for p, rows in parts])
    mix_parts = {name: [pool_features[p][name][rows] for p, rows in parts] for name in pool_features[0]}
    report, _ = pool_report(images, groups, embedders, args.near_dup,
                            {name: torch.cat(rows) for name, rows in mix_parts.items()})
    # per score, the mix against the parts it is made of: how distinct the pools are
    gains = report["mixing_gain"] = {}
    for name, rows in mix_parts.items():
        gain = gains[name] = mixing_gain(rows)
        # what the gain would have to be for the mix to beat the most diverse pool on this score
        best = max(pool[f"vendi_{name}"] for pool in pool_reports.values())
        gain["needed_to_beat_best_pool"] = gain["gain"] * best / gain["vendi_mix"]
    return report


def run(args: argparse.Namespace, extra_embedders: dict[str, Embedder] | None = None) -> int:
    """Render, measure and write the report; `extra_embedders` (name -> embedding function) are
    reported next to the random net (their Vendi score, within/between distances). With
    `--repeats R` > 1 the whole sample is drawn R times (sample 0 is the report and the map) and
    `repeats` holds every score's spread over the samples and the mix's margin over the best pool."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    start = time.perf_counter()
    try:
        pools = [load_pool(spec) for spec in args.libraries]
    except (OSError, ValueError, ProcgenError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    embedders: dict[str, Embedder] = {"randomnet": RandomNet(args.seed), **(extra_embedders or {})}
    result = {"settings": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()}}
    samples = []
    for repeat in range(args.repeats):
        sample, pool_features = sample_report(pools, args, embedders, repeat)
        samples.append(sample)
        if repeat == 0:
            result.update(sample)
            if args.png:
                from procgen.diversity_plot import plot_map
                plot_map(pools, [features["randomnet"] for features in pool_features], args.png, args.thumbnails,
                         args.seed)
                print(f"map: {args.png}")
        for pool in pools:  # the next sample renders its own
            pool.images = pool.slot_of_image = None
    if args.repeats > 1:
        result["repeats"] = spread_over_samples(samples)
        print(_spread_summary(result["repeats"]))
        if args.png:
            from procgen.diversity_plot import plot_spread, spread_png_path
            plot_spread(result["repeats"], spread_png_path(args.png))
            print(f"spread: {spread_png_path(args.png)}")
    result["seconds"] = round(time.perf_counter() - start, 1)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=1))
    print(f"report: {args.json} ({result['seconds']:.0f} s)")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    check_args(parser, args)
    return run(args)


def _spread_summary(spread: dict) -> str:
    """One line per score: every pool's and the mix's mean +- std, and the mix's margin."""
    lines = [f"over {spread['samples']} samples (mean +- std):"]
    for score, rows in spread["scores"].items():
        cells = ", ".join(f"{name} {row['mean']:.4g} +- {row['std']:.2g}" for name, row in rows.items())
        lines.append(f"  {score}: {cells}")
        margin = spread.get("mix_margin", {}).get(score)
        if margin:
            lines.append(f"    mix over the best pool: {margin['mean']:+.4g} +- {margin['std']:.2g}, "
                         f"most diverse in {margin['mix_most_diverse_in']}/{spread['samples']} samples")
    return "\n".join(lines)


def _weakest_summary(weakest: dict) -> str:
    least = ", ".join(f"{name} {value:.3f}" for name, value in weakest["least_varied_programs"][:3])
    dups = ", ".join(f"{name} ({count})" for name, count in weakest["near_duplicates_by_program"][:3])
    embedded = ", ".join(f"{name} {value:.3f}" for name, value in weakest.get("least_varied_programs_embedded", [])[:3])
    return (f"near duplicates: {weakest['near_duplicates']} images ({weakest['near_duplicates_same_program']} of "
            f"the same program), most from {dups or 'none'}; least varied across seeds: {least or 'none'}"
            + (f" (thumbnails), {embedded} (random net)" if embedded else ""))


def _summary(report: dict) -> str:
    return (f"{report['n_images']} images, Vendi {report['vendi_randomnet']:.2f} (pixels "
            f"{report['vendi_pixels16']:.2f}, structure {report['vendi_structure16']:.2f}), near-dup "
            f"{100 * report['near_duplicate_fraction']:.1f}%, slope {report['spectrum_slope']['mean']:.2f}, "
            f"edges {report['edge_density']:.3f}, variety {report['variety_ratio_randomnet']:.2f}")


if __name__ == "__main__":
    sys.exit(main())
