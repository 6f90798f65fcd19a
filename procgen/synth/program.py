"""One synthesized program: `synthesize(version, seed, n)` -> its GLSL text, recipe tree and family.

Program n of synthesizer version v with seed S is a pure function of (v, S, n): the
structural RNG is seeded through `procgen.seeding` (see `codegen.program_rng`). The header
names the recipe tree, so any image can be traced back to its blocks.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from procgen.library import strip_comments
from procgen.synth.codegen import VERSION_FEATURES, Gen, program_rng
from procgen.synth.compose import BUDGET, POSTS, blend, post
from procvision.checks import check_int

SYNTH_VERSION = 1  # what new libraries are made with (see below)
SUPPORTED_VERSIONS = tuple(VERSION_FEATURES)  # a new version keeps the old ones generating exactly as before
# Version 2 (2026-12-03): a seeded frame (rotation, zoom, offset) per image, and coarse value-noise
# shading in each layer instead of version 1's linear ramp (procgen.synth.compose.shading). Over
# five samples of procgen.diversity it leads by the structure score only (the random net and pixel
# scores favour version 1), and over five seeds of the CPU recipe it trained no better than version
# 1 (within the seed noise, benchmarks/RESULTS.md), so new libraries stay version 1 unless asked:
# --version 2, synth:S:N:v2.
# Version 3 (2026-12-03): version 1 with the blend modes multiply and add made neutral at mid-grey
# (procgen.synth.compose.blend_modes). Over five samples it has the fewest near duplicates of any
# pool (0.35% vs v1's 1.81%) and the highest random-net score (9.07 vs 8.57), and over five seeds it
# trained level with version 1 (benchmarks/RESULTS.md): --version 3, synth:S:N:v3.
INCLUDES = ("hash.glsl", "noise.glsl", "sdf.glsl", "palette.glsl", "fractal.glsl")


class SynthVersionError(ValueError):
    """A synthesizer version this code cannot generate, or a library made by another version."""


@dataclass(frozen=True)
class SynthProgram:
    """A synthesized program.

    Attributes:
        name: `synth-v<version>-s<seed>-<n>` (unique across seeds and versions).
        family: `synth-<kind>` of the first leaf block of the first layer.
        recipe: the block tree, e.g. `screen(layer[pal.seed](kaleido(6)>noise.fbm(4)), ...)`.
        source: the GLSL text (header, includes, functions, mainImage).
        params: continuous iSeed parameters the program reads.
        time_uses: places that read iTime.
        cost: estimated per-pixel cost in value-noise evaluations.
        description: the header's description line.
    """

    version: int
    seed: int
    index: int
    name: str
    family: str
    recipe: str
    source: str
    params: int
    time_uses: int
    cost: float
    description: str = ""


def check_version(version: int) -> None:
    if version not in SUPPORTED_VERSIONS:
        raise SynthVersionError(f"synthesizer version {version} is not available here "
                                f"(this code generates versions {list(SUPPORTED_VERSIONS)})")


def synthesize(version: int, seed: int, index: int) -> SynthProgram:
    """Generate program `index` of synthesizer `version` with `seed` (deterministic)."""
    check_version(version)
    check_int("program index", index, low=0)
    g = Gen(program_rng(version, seed, index), version)
    kinds: list[str] = []
    n_layers = g.weighted([(1, 0.45), (2, 0.4), (3, 0.15)])
    top, recipe = blend(g, BUDGET, n_layers, kinds)
    lines = ["    vec2 p = (2.0 * fragCoord - iResolution.xy) / iResolution.y;"]
    if g.has("frame"):  # a seeded frame: a symmetric or centred block lands somewhere else in each image
        lines.append(f"    p = pv_rot2({g.sparam(-0.6, 0.6)}) * p * {g.sparam(0.7, 1.4)} + {g.sparam2(-0.6, 0.6)};")
    if g.time_uses == 0:  # the contract: every program moves with iTime
        lines.append(f"    p += vec2({g.time(0.05, 0.3)}, {g.time(0.05, 0.3)});")
        recipe = f"drift>{recipe}"
    if g.has("frame"):  # the recipe reads in the order the code applies it: frame first
        recipe = f"frame>{recipe}"
    lines.append(f"    vec3 col = {top}(p);")
    effects = [g.pick(POSTS) for _ in range(g.weighted([(0, 0.5), (1, 0.35), (2, 0.15)]))]
    lines += [f"    {post(g, kind)}" for kind in effects]
    recipe += "".join(f"+{kind}" for kind in effects)
    lines.append("    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);")
    name = program_name(version, seed, index)
    family = f"synth-{kinds[0]}"
    description = (f"synthesized program {index} of seed {seed} (procgen.synth version {version}), "
                   f"estimated cost {g.cost:.1f} noise evaluations per pixel")
    header = [f"// name: {name}", f"// family: {family}", f"// author: procvision synthesizer v{version}",
              "// licence: MIT", f"// description: {description}",
              f"// params: {g.params} continuous iSeed parameters via pv_seed; iTime read in {g.time_uses} places",
              f"// recipe: {recipe}", f"// synth: version={version} seed={seed} index={index}"]
    source = "\n".join(header + [""] + [f'#include "{inc}"' for inc in INCLUDES] + [""]
                       + [f"{fn}\n" for fn in g.functions]
                       + ["void mainImage(out vec4 fragColor, in vec2 fragCoord) {", *lines, "}", ""])
    return SynthProgram(version, seed, index, name, family, recipe, source, g.params, g.time_uses, g.cost,
                        description)


def program_name(version: int, seed: int, index: int) -> str:
    """The name of program `index` (known without generating it)."""
    return f"synth-v{version}-s{seed}-{index:06d}"


def program_source(version: int, seed: int, index: int) -> str:
    """The GLSL text of program `index` (the on-the-fly library source)."""
    return synthesize(version, seed, index).source


def normalised_hash(source: str) -> str:
    """SHA-256 of the code without comments and with whitespace collapsed (exact-duplicate key)."""
    code = re.sub(r"\s+", " ", strip_comments(source)).strip()
    return hashlib.sha256(code.encode("utf-8")).hexdigest()


def skeleton(recipe: str) -> str:
    """The recipe with every number removed: programs sharing it differ only in constants."""
    return re.sub(r"\d+", "#", recipe)
