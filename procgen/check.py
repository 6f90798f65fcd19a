"""Validate shader programs: `python -m procgen.check FILE.glsl [...]` or `--library DIR`.

A program passes when it compiles and, at every check resolution, its canvas (NaN shown black,
values clamped, as Shadertoy shows it) is not mostly NaN, not one constant colour, and changes
with the seed and with iTime, each render finishing within the time budget. The seed rule is the
engine's (`procgen.wrapper`): a program that reads iSeed gets it, any other gets a seed-derived
view, iTime offset and iMouse. Files of the project's own `shaders/` (or with
`--require-header`) also need the metadata header; programs from elsewhere do not.

Rendering happens in long-lived spawned child processes (`--jobs`, one GL context each) that
check program after program; the parent kills a child at the deadline, so a program that does
not finish cannot hang the caller, and a child dies with its parent (PR_SET_PDEATHSIG, plus a
parent poll). llvmpipe stops every loop after 65535 iterations, so a loop without an exit is
also found in the source and reported as "did not finish".
"""
from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from procgen.check_worker import CheckPool
from procgen.errors import ProcgenError
from procgen.library import Shader, default_shader_dir, load_shader, strip_comments
from procgen.wrapper import find_endless_loop, uses_iseed
from procvision.progress import progress_bar

DEFAULT_BUDGET_MS = 2000.0
DEFAULT_COMPILE_TIMEOUT_MS = 60000.0
DEFAULT_RESOLUTIONS = (64, 128)
MIN_COLOUR_RANGE = 2.0 / 255.0  # below this an image is one flat colour on an 8-bit canvas
MIN_MEAN_CHANGE = 1.0 / 255.0  # mean |difference| that counts as "the image changed"
MAX_NAN_FRACTION = 0.5  # more NaN pixels than this: the canvas is mostly black holes
THUMB = 16  # side of the thumbnails kept for near-duplicate detection

# The check batch: images 0/1 differ only in seed, images 0/2 only in time.
SEEDS = np.array([[0.13, 0.57, 0.29, 0.71], [0.83, 0.21, 0.66, 0.38]] * 2, dtype=np.float32)
TIMES = np.array([1.3, 1.3, 6.1, 6.1], dtype=np.float32)


@dataclass
class CheckResult:
    """Outcome of checking one program.

    Attributes:
        path: the file (or a pseudo path naming the program's origin).
        ok: True when every check passed.
        reason: why it failed (None when ok).
        name: the program's name when it loaded.
        ms_per_image: resolution -> best measured ms per image.
        compile_ms: time to compile and JIT the program (both variants).
        uses_iseed: whether the program reads iSeed (else it gets the seed-derived view).
        thumbs: uint8 (4, 3, 16, 16) canvas thumbnails of the check batch at the first
            resolution (near-duplicate detection), None when not rendered.
        preview: uint8 (3, R, R) canvas of image 0 at the first resolution (contact sheets).
    """

    path: Path
    ok: bool = False
    reason: str | None = None
    name: str | None = None
    ms_per_image: dict[int, float] = field(default_factory=dict)
    compile_ms: float | None = None
    uses_iseed: bool | None = None
    thumbs: np.ndarray | None = field(default=None, repr=False)
    preview: np.ndarray | None = field(default=None, repr=False)

    def summary(self) -> str:
        """One line: 'OK path: name, 64 px 0.1 ms/image, ...' or 'FAIL path: reason'."""
        if not self.ok:
            return f"FAIL {self.path}: {self.reason}"
        rates = ", ".join(f"{r} px {ms:.3f} ms/image" for r, ms in self.ms_per_image.items())
        return f"OK   {self.path}: {self.name!r}, compile {self.compile_ms:.0f} ms, {rates}"


def canvas_of(images: np.ndarray) -> np.ndarray:
    """What a Shadertoy canvas shows of raw output: NaN -> 0 (black), clamped to [0, 1]."""
    return np.clip(np.nan_to_num(images, nan=0.0, posinf=1.0, neginf=0.0), 0.0, 1.0)


def analyse_images(images: np.ndarray, resolution: int) -> str | None:
    """Judge the raw check batch; return the failure reason or None.

    Args:
        images: float32 (4, 3, R, R) raw (unclamped) output for `SEEDS`/`TIMES`.
        resolution: R, for the messages.
    """
    nan_pixels = np.isnan(images).any(axis=1)  # (4, R, R): a pixel with any NaN channel
    if nan_pixels.mean() > MAX_NAN_FRACTION:
        return (f"output is mostly not finite at {resolution} px (NaN in {100 * nan_pixels.mean():.1f}% of pixels; "
                f"a canvas shows them black)")
    canvas = canvas_of(images)  # what an 8-bit canvas (and the network) sees
    for index, image in enumerate(canvas):
        colour_range = (image.reshape(3, -1).max(axis=1) - image.reshape(3, -1).min(axis=1)).max()
        if colour_range < MIN_COLOUR_RANGE:
            return (f"output is a constant colour at {resolution} px (seed {SEEDS[index].tolist()}, "
                    f"time {TIMES[index]:.1f}; colour range {colour_range:.4f})")
    seed_change = np.abs(canvas[0] - canvas[1]).mean()
    if seed_change < MIN_MEAN_CHANGE:
        return f"output does not change with iSeed at {resolution} px (mean change {seed_change:.5f})"
    time_change = np.abs(canvas[0] - canvas[2]).mean()
    if time_change < MIN_MEAN_CHANGE:
        return f"output does not change with iTime at {resolution} px (mean change {time_change:.5f})"
    return None


def header_required(path: Path) -> bool:
    """True for files of the project's own library folder (they need the metadata header)."""
    try:
        return default_shader_dir().resolve() in Path(path).resolve().parents
    except OSError:
        return False


def prepare(shader: Shader, result: CheckResult) -> bool:
    """The checks that need no GL (entry point, endless loops); False when `result` failed."""
    result.name = shader.name
    result.uses_iseed = uses_iseed(shader.expanded_source)
    if re.search(r"\bmainImage\b", strip_comments(shader.expanded_source)) is None:
        result.reason = "no `void mainImage(out vec4 fragColor, in vec2 fragCoord)` defined"
        return False
    endless = find_endless_loop(shader.expanded_source)
    if endless is not None:
        origin = shader.origin_of(endless)
        where = f"{origin[0]}:{origin[1]}" if origin else f"line {endless}"
        result.reason = f"did not finish: the loop at {where} has no exit (no condition, break or return)"
        return False
    return True


def check_programs(programs: list[tuple[Path, Shader | Exception]], budget_ms: float = DEFAULT_BUDGET_MS,
                   resolutions: tuple[int, ...] = DEFAULT_RESOLUTIONS,
                   compile_timeout_ms: float = DEFAULT_COMPILE_TIMEOUT_MS, timing_repeats: int = 2,
                   jobs: int = 1, progress: bool = False, on_result=None) -> list[CheckResult]:
    """Check loaded programs through `jobs` long-lived checker processes.

    Args:
        programs: (path, shader) pairs; an exception in place of a shader is a failed load,
            reported as that program's reason.
        budget_ms: deadline for each render of the 4-image check batch at one resolution.
        resolutions: check resolutions (px).
        compile_timeout_ms: deadline for compiling + JIT-compiling one program.
        timing_repeats: extra timed renders per resolution (the best is reported).
        jobs: checker processes run at once.
        progress: show a progress bar.
        on_result: optional callback(index, CheckResult) as each program is decided.

    Returns:
        One CheckResult per program, in order.
    """
    if not resolutions or any(int(r) <= 0 for r in resolutions):
        raise ValueError(f"resolutions must be positive ints, got {resolutions}")
    if budget_ms <= 0 or compile_timeout_ms <= 0 or jobs < 1:
        raise ValueError("budget_ms, compile_timeout_ms and jobs must be positive")
    results = [CheckResult(Path(path)) for path, _ in programs]
    bar = progress_bar(total=len(programs), desc="checking shaders", unit="shader", disable=not progress)

    def decided(index: int) -> None:
        bar.update(1)
        if on_result is not None:
            on_result(index, results[index])

    pending = []
    for index, (_, shader) in enumerate(programs):
        if isinstance(shader, Exception):
            results[index].reason = str(shader) if isinstance(shader, (ProcgenError, OSError)) else \
                f"{type(shader).__name__}: {shader}"
            decided(index)
        elif not prepare(shader, results[index]):
            decided(index)
        else:
            pending.append((index, shader))
    if pending:
        with CheckPool(tuple(int(r) for r in resolutions), timing_repeats, budget_ms, compile_timeout_ms,
                       min(jobs, len(pending))) as pool:
            pool.run(pending, results, analyse_images, decided)
    bar.close()
    return results


def load_programs(paths, include_dir: str | Path | None = None,
                  require_header: bool | None = None) -> list[tuple[Path, Shader | Exception]]:
    """Load files for `check_programs`; a file that cannot be loaded carries its error."""
    loaded = []
    for path in map(Path, paths):
        required = header_required(path) if require_header is None else require_header
        try:
            loaded.append((path, load_shader(path, include_dir, require_header=required)))
        except Exception as err:  # noqa: BLE001 - one bad file is one failed result, never the run
            loaded.append((path, err))
    return loaded


def check_shader(path: str | Path, budget_ms: float = DEFAULT_BUDGET_MS,
                 resolutions: tuple[int, ...] = DEFAULT_RESOLUTIONS, include_dir: str | Path | None = None,
                 compile_timeout_ms: float = DEFAULT_COMPILE_TIMEOUT_MS, timing_repeats: int = 2,
                 require_header: bool | None = None) -> CheckResult:
    """Check one shader file (see module doc). Rendering runs in a child process."""
    return check_shaders([path], budget_ms, resolutions, include_dir, compile_timeout_ms, timing_repeats,
                         require_header=require_header)[0]


def check_shaders(paths, budget_ms: float = DEFAULT_BUDGET_MS, resolutions: tuple[int, ...] = DEFAULT_RESOLUTIONS,
                  include_dir: str | Path | None = None, compile_timeout_ms: float = DEFAULT_COMPILE_TIMEOUT_MS,
                  timing_repeats: int = 2, progress: bool = False, require_header: bool | None = None,
                  jobs: int = 1) -> list[CheckResult]:
    """Check several files through long-lived checker processes (a killed one is replaced).

    `require_header=None`: required for files of the project's shaders/ folder only."""
    return check_programs(load_programs(paths, include_dir, require_header), budget_ms, resolutions,
                          compile_timeout_ms, timing_repeats, jobs, progress)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m procgen.check", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="*", type=Path, help="shader files (.glsl) to check")
    parser.add_argument("--library", action="append", default=[],
                        help="check every program of a library: a folder with manifest.json, a folder of "
                             "*.glsl, or 'shaders' (the project's own); repeatable")
    parser.add_argument("--budget-ms", type=float, default=DEFAULT_BUDGET_MS,
                        help="deadline in ms for each render of the 4-image check batch at one resolution; "
                             "the render process is killed when it is exceeded (default %(default)s)")
    parser.add_argument("--resolutions", type=int, nargs="+", default=list(DEFAULT_RESOLUTIONS),
                        help="image sizes in px to render at (default %(default)s)")
    parser.add_argument("--include-dir", type=Path, default=None,
                        help="folder for #include files (default: include/ next to each shader)")
    parser.add_argument("--compile-timeout-ms", type=float, default=DEFAULT_COMPILE_TIMEOUT_MS,
                        help="deadline in ms for compiling one shader (default %(default)s)")
    parser.add_argument("--require-header", action="store_true",
                        help="demand the metadata header of every file (always demanded under shaders/)")
    parser.add_argument("--jobs", type=int, default=1, help="checker processes at once (default %(default)s)")
    args = parser.parse_args(argv)
    if any(r <= 0 for r in args.resolutions) or args.budget_ms <= 0 or args.compile_timeout_ms <= 0 or args.jobs < 1:
        parser.error("--resolutions, --budget-ms, --compile-timeout-ms and --jobs must be positive")
    if not args.files and not args.library:
        parser.error("give shader files or --library")
    programs = load_programs(args.files, args.include_dir, True if args.require_header else None)
    if args.library:
        from procgen.catalog import open_library

        for spec in args.library:
            library = open_library(spec)
            for index in range(len(library)):
                try:
                    shader = library[index]
                    programs.append((shader.path, shader))
                except Exception as err:  # noqa: BLE001 - a damaged entry is one failed result
                    programs.append((Path(f"{spec}#{index}"), err))
    results = check_programs(programs, args.budget_ms, tuple(args.resolutions), args.compile_timeout_ms,
                             jobs=args.jobs, progress=len(programs) > 1)
    for result in results:
        print(result.summary(), flush=True)
    failed = sum(not r.ok for r in results)
    if len(results) > 1:
        print(f"{len(results) - failed}/{len(results)} shaders passed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
