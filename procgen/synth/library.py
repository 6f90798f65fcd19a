"""Writing a synthesized library: program files, a private copy of the includes, `manifest.json`, checks.

Layout of LIBRARY_DIR: `synth_<index>.glsl` (one per passing program, flat, so
`ShaderLibrary.from_dir` reads it), `include/` (the shared includes as they were when the
library was made, so later edits of shaders/include never change its images) and the
manifest (`procgen.manifest`). The manifest's generator record holds the synthesizer
version and seed and every rejected index with its reason; an existing library made by
another version or seed is refused, one made by the same continues where it stopped.
"""
from __future__ import annotations

import logging
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable


from procgen.library import default_shader_dir
from procgen.manifest import (MANIFEST_NAME, ManifestError, ProgramEntry, read_manifest, source_sha256,
                              write_manifest)
from procgen.synth.program import SYNTH_VERSION, SynthProgram, SynthVersionError, check_version, synthesize
from procvision.checks import check_int
from procvision.progress import progress_bar

logger = logging.getLogger(__name__)

GENERATOR_NAME = "synth"
CHUNK = 100  # candidates written and checked per round (the manifest is rewritten after each)
_TIMEOUT = re.compile(r"(timed out|did not finish within)\b")  # procgen.check's deadline reasons

Checker = Callable[[list[Path], Path], list[tuple[bool, str | None, dict]]]
"""(program files, include dir) -> per file (ok, reason, check facts for the manifest)."""


@dataclass
class SynthReport:
    """What one `build_library` call did."""

    library: Path
    version: int
    seed: int
    programs: int = 0
    added: int = 0
    rejected: list[dict] = field(default_factory=list)
    candidates: int = 0  # candidates this call decided (kept or rejected)

    @property
    def pass_rate(self) -> float:
        """Fraction of the candidates this library ever checked that passed."""
        total = self.programs + len(self.rejected)
        return self.programs / total if total else 0.0


def procgen_checker(budget_ms: float = 2000.0, resolutions: tuple[int, ...] = (64, 128)) -> Checker:
    """The real check: `procgen.check.check_shaders` (one spawned render process for a chunk).

    A program that only timed out is checked once more: on a loaded machine llvmpipe's cold JIT
    at the first draw can exceed the budget on its own, and the second run finds Mesa's shader
    cache warm. Every other failure is final. The facts record `retried`.
    """
    from procgen.check import check_shaders

    def run(paths: list[Path], include_dir: Path) -> list[tuple[bool, str | None, dict]]:
        results = check_shaders(paths, budget_ms=budget_ms, resolutions=resolutions, include_dir=include_dir,
                                timing_repeats=1)
        slow = [i for i, r in enumerate(results) if not r.ok and r.reason and _TIMEOUT.match(r.reason)]
        again = check_shaders([paths[i] for i in slow], budget_ms=budget_ms, resolutions=resolutions,
                              include_dir=include_dir, timing_repeats=1) if slow else []
        for i, result in zip(slow, again):
            logger.info("%s timed out (%s); checked again: %s", paths[i].name, results[i].reason, result.summary())
            results[i] = result
        return [(r.ok, r.reason, {"ms_per_image": {str(k): round(v, 3) for k, v in r.ms_per_image.items()},
                                  "compile_ms": None if r.compile_ms is None else round(r.compile_ms, 1),
                                  "retried": i in slow})
                for i, r in enumerate(results)]
    return run


def _entry(program: SynthProgram, file: str, check: dict | None) -> ProgramEntry:
    meta = {"family": program.family, "author": f"procvision synthesizer v{program.version}", "licence": "MIT",
            "description": program.description,
            "origin": "synth", "source_id": f"synth:v{program.version}:s{program.seed}:{program.index}",
            "index": program.index, "uses_iseed": True, "iseed_params": program.params,
            "time_uses": program.time_uses, "cost": round(program.cost, 2), "recipe": program.recipe, "check": check}
    return ProgramEntry(program.name, file, source_sha256(program.source), meta)


def _copy_includes(include_dir: Path) -> dict[str, str]:
    """Copy the repository's includes into the library once; returns name -> sha256 of the library's copies."""
    source = default_shader_dir() / "include"
    if not include_dir.is_dir():
        shutil.copytree(source, include_dir)
    return {p.name: source_sha256(p.read_text(encoding="utf-8")) for p in sorted(include_dir.glob("*.glsl"))}


def _existing(out: Path, version: int, seed: int) -> tuple[list[ProgramEntry], list[dict], int]:
    """Programs, rejections and the next candidate index of `out`, after checking it was made by this
    version and seed."""
    if not (out / MANIFEST_NAME).is_file():
        if out.is_dir() and any(out.glob("*.glsl")):
            raise ManifestError(f"{out}: holds .glsl files but no {MANIFEST_NAME}; choose an empty or new folder")
        return [], [], 0
    manifest = read_manifest(out)
    generator = manifest.generator
    if generator.get("name") != GENERATOR_NAME:
        raise ManifestError(f"{out / MANIFEST_NAME}: made by {generator.get('name')!r}, not the synthesizer; "
                            "choose another folder")
    if generator.get("version") != version:
        raise SynthVersionError(f"{out / MANIFEST_NAME}: made by synthesizer version {generator.get('version')}, "
                                f"this run is version {version}; an existing library is never changed by another "
                                f"version (use a new folder, or version {generator.get('version')} to extend this one)")
    if generator.get("seed") != seed:
        raise ManifestError(f"{out / MANIFEST_NAME}: made with seed {generator.get('seed')}, this run has seed {seed}")
    programs, rejected = list(manifest.programs), list(generator.get("rejected", []))
    done = [int(p.meta["index"]) for p in programs] + [int(r["index"]) for r in rejected]
    return programs, rejected, int(generator.get("next_index", max(done, default=-1) + 1))


def build_library(out: str | Path, n: int, seed: int, version: int = SYNTH_VERSION,
                  checker: Checker | None = None, progress: bool = True) -> SynthReport:
    """Make (or extend) a library of `n` synthesized programs that pass the check.

    Candidates are indices 0, 1, 2, ...; each is written, checked, and kept or discarded
    (deleted, logged, recorded with its reason). `checker=None` uses `procgen_checker()`.

    Raises:
        SynthVersionError: unknown version, or `out` was made by another version.
        ManifestError: `out` was made with another seed, by another generator, or has
            .glsl files without a manifest.
    """
    check_version(version)
    check_int("n", n, low=0)
    out = Path(out)
    programs, rejected, next_index = _existing(out, version, seed)
    out.mkdir(parents=True, exist_ok=True)
    includes = _copy_includes(out / "include")
    checker = checker or procgen_checker()
    report = SynthReport(out, version, seed, programs=len(programs), rejected=rejected)
    bar = progress_bar(total=max(n - len(programs), 0), desc="synthesizing", unit="program", disable=not progress)
    while len(programs) < n:
        need = n - len(programs)
        size = min(CHUNK, need + need // 50 + 1)  # the pass rate is ~99%: little more than needed
        chunk = [synthesize(version, seed, i) for i in range(next_index, next_index + size)]
        next_index += len(chunk)
        paths = []
        for program in chunk:
            path = out / f"synth_{program.index:06d}.glsl"
            path.write_text(program.source, encoding="utf-8")
            paths.append(path)
        results = checker(paths, out / "include")
        for program, path, (ok, reason, facts) in zip(chunk, paths, results):
            if len(programs) == n:  # full: this and later candidates stay unused, for a later extension
                path.unlink()
                next_index = min(next_index, program.index)
                continue
            report.candidates += 1
            if ok:
                programs.append(_entry(program, path.name, facts))
                report.added += 1
                bar.update(1)
                continue
            path.unlink()
            logger.warning("discarded synthesized program %d (%s): %s", program.index, program.recipe, reason)
            rejected.append({"index": program.index, "name": program.name, "reason": reason})
        write_manifest(out, _generator(version, seed, includes, next_index, rejected), programs)
        bar.refresh()  # the chunk's updates came at once
    bar.close()
    report.programs = len(programs)
    if not (out / MANIFEST_NAME).is_file():  # n already satisfied: still leave a manifest
        write_manifest(out, _generator(version, seed, includes, next_index, rejected), programs)
    return report


def _generator(version: int, seed: int, includes: dict[str, str], next_index: int, rejected: list[dict]) -> dict:
    """The manifest's generator record (what made the library and what it discarded)."""
    return {"name": GENERATOR_NAME, "version": version, "seed": seed, "includes": includes,
            "next_index": next_index, "rejected": rejected}


def duplicate_stats(n: int, seed: int, version: int = SYNTH_VERSION) -> dict:
    """Exact duplicates (same normalised source) and structural twins (same recipe skeleton: the same
    blocks, differing only in constants) among programs 0..n-1; also the families and costs."""
    from collections import Counter

    from procgen.synth.program import normalised_hash, skeleton

    programs = [synthesize(version, seed, i) for i in progress_bar(range(n), desc="synthesizing", unit="program")]
    exact = Counter(normalised_hash(p.source) for p in programs)
    shapes = Counter(skeleton(p.recipe) for p in programs)
    costs = sorted(p.cost for p in programs)
    return {"version": version, "seed": seed, "programs": n,
            "exact_duplicates": sum(c - 1 for c in exact.values()),
            "distinct_sources": len(exact), "distinct_skeletons": len(shapes),
            "programs_sharing_a_skeleton": sum(c for c in shapes.values() if c > 1),
            "families": dict(Counter(p.family for p in programs).most_common()),
            "cost_median": costs[n // 2] if n else None, "cost_max": costs[-1] if n else None,
            "iseed_params_min": min((p.params for p in programs), default=None)}
