"""Validate contributed shaders: `python -m procgen.check FILE.glsl [...]`.

A shader passes when its header is complete, it compiles, and at every check resolution its
raw output is finite, not a constant colour, and changes with iSeed and with iTime, each
render finishing within the time budget. Drawing happens in a spawned child process that
owns the GL context; the parent kills it at the deadline, so a shader that does not finish
cannot hang the caller (an endless loop hangs a GPU; llvmpipe stops every loop after 65535
iterations, which turns a heavy endless loop into a draw that takes minutes).
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from procgen.errors import ProcgenError
from procgen.library import has_main_image, load_shader
from procvision.progress import progress_bar

DEFAULT_BUDGET_MS = 2000.0
DEFAULT_COMPILE_TIMEOUT_MS = 60000.0
DEFAULT_RESOLUTIONS = (64, 128)
STARTUP_TIMEOUT_S = 120.0  # spawning a child and importing torch on a loaded machine
MIN_COLOUR_RANGE = 2.0 / 255.0  # below this an image is one flat colour on an 8-bit canvas
MIN_MEAN_CHANGE = 1.0 / 255.0  # mean |difference| that counts as "the image changed"

# The check batch: images 0/1 differ only in seed, images 0/2 only in time.
_SEEDS = np.array([[0.13, 0.57, 0.29, 0.71], [0.83, 0.21, 0.66, 0.38]] * 2, dtype=np.float32)
_TIMES = np.array([1.3, 1.3, 6.1, 6.1], dtype=np.float32)


@dataclass
class CheckResult:
    """Outcome of checking one shader file.

    Attributes:
        path: the file.
        ok: True when every check passed.
        reason: why it failed (None when ok).
        name: the shader's name when the header parsed.
        ms_per_image: resolution -> best measured ms per image.
        compile_ms: time to compile and JIT the program.
    """

    path: Path
    ok: bool = False
    reason: str | None = None
    name: str | None = None
    ms_per_image: dict[int, float] = field(default_factory=dict)
    compile_ms: float | None = None

    def summary(self) -> str:
        """One line: 'OK path: name, 64 px 0.1 ms/image, ...' or 'FAIL path: reason'."""
        if not self.ok:
            return f"FAIL {self.path}: {self.reason}"
        rates = ", ".join(f"{r} px {ms:.3f} ms/image" for r, ms in self.ms_per_image.items())
        return f"OK   {self.path}: {self.name!r}, compile {self.compile_ms:.0f} ms, {rates}"


def analyse_images(images: np.ndarray, resolution: int) -> str | None:
    """Judge the raw check batch; return the failure reason or None.

    Args:
        images: float32 (4, 3, R, R) raw (unclamped) output for `_SEEDS`/`_TIMES`.
        resolution: R, for the messages.
    """
    finite = np.isfinite(images)
    if not finite.all():
        bad = 100.0 * (1.0 - finite.mean())
        kinds = "NaN" if np.isnan(images).any() else "inf"
        return f"output is not finite at {resolution} px ({kinds} in {bad:.1f}% of values)"
    canvas = np.clip(images, 0.0, 1.0)  # what an 8-bit canvas (and the network) sees
    for index, image in enumerate(canvas):
        colour_range = (image.reshape(3, -1).max(axis=1) - image.reshape(3, -1).min(axis=1)).max()
        if colour_range < MIN_COLOUR_RANGE:
            return (f"output is a constant colour at {resolution} px (seed {_SEEDS[index].tolist()}, "
                    f"time {_TIMES[index]:.1f}; colour range {colour_range:.4f})")
    seed_change = np.abs(canvas[0] - canvas[1]).mean()
    if seed_change < MIN_MEAN_CHANGE:
        return f"output does not change with iSeed at {resolution} px (mean change {seed_change:.5f})"
    time_change = np.abs(canvas[0] - canvas[2]).mean()
    if time_change < MIN_MEAN_CHANGE:
        return f"output does not change with iTime at {resolution} px (mean change {time_change:.5f})"
    return None


def _worker(conn, resolutions: tuple[int, ...], timing_repeats: int) -> None:
    """Child process: owns the GL context, checks one file per request until told to stop.

    Protocol: parent sends (path, include_dir) or None (stop); child answers ("begin", stage)
    before each step that may run long, then ("end", kind, payload) or ("error", message),
    and ("done",) after the last step.
    """
    import torch

    from procgen.library import ShaderLibrary
    from procgen.renderer import BatchRenderer

    torch.set_num_threads(1)
    conn.send(("ready",))
    while (request := conn.recv()) is not None:
        path, include_dir = request
        renderer = None
        try:
            renderer = BatchRenderer(ShaderLibrary([load_shader(path, include_dir)]))
            conn.send(("begin", "compiling"))
            start = time.perf_counter()
            renderer.compile(0)
            conn.send(("end", "compiling", (time.perf_counter() - start) * 1000.0))
            batch = ([0] * len(_TIMES), torch.from_numpy(_SEEDS), torch.from_numpy(_TIMES))
            for resolution in resolutions:
                conn.send(("begin", f"rendering at {resolution} px"))
                images = renderer.render_raw(*batch, resolution).numpy()
                conn.send(("end", "images", (resolution, images)))
                for _ in range(timing_repeats):
                    conn.send(("begin", f"rendering at {resolution} px"))
                    start = time.perf_counter()
                    renderer.render_raw(*batch, resolution)
                    conn.send(("end", "timing", (resolution, (time.perf_counter() - start) * 1000.0 / len(_TIMES))))
            conn.send(("done",))
        except ProcgenError as err:
            conn.send(("error", str(err)))
        except Exception as err:  # report anything else too: the parent prints it as the reason
            conn.send(("error", f"{type(err).__name__}: {err}"))
        finally:
            if renderer is not None:
                renderer.release()  # one child checks many files: do not pile up GL objects


class _Child:
    """A spawned worker process plus the deadline logic around its messages."""

    def __init__(self, resolutions: tuple[int, ...], timing_repeats: int) -> None:
        context = mp.get_context("spawn")  # a fresh interpreter: no inherited GL state
        self.conn, child_conn = context.Pipe()
        self.process = context.Process(target=_worker, args=(child_conn, resolutions, timing_repeats), daemon=True)
        self.process.start()
        child_conn.close()
        message = self.receive(STARTUP_TIMEOUT_S)
        if message is None or message[0] != "ready":
            self.kill()
            raise RuntimeError(f"check worker failed to start: {message}")

    def receive(self, timeout_s: float):
        """Next message, or None when none came within `timeout_s` (or the child died)."""
        try:
            if self.conn.poll(timeout_s):
                return self.conn.recv()
        except (EOFError, OSError):
            pass
        return None

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=10)

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except (BrokenPipeError, OSError):
            pass
        self.process.join(timeout=10)
        self.kill()


def _run_in_child(child: _Child, result: CheckResult, include_dir: Path | None,
                  budget_ms: float, compile_timeout_ms: float) -> bool:
    """Drive one file through the child; fills `result`. Returns False if the child was killed."""
    child.conn.send((str(result.path), None if include_dir is None else str(include_dir)))
    while True:
        message = child.receive(STARTUP_TIMEOUT_S)
        if message is None:
            result.reason = "check worker died unexpectedly"
            return False
        kind = message[0]
        if kind == "done":
            result.ok = True
            return True
        if kind == "error":
            result.reason = message[1]
            return True
        if kind == "begin":
            stage = message[1]
            limit_ms = compile_timeout_ms if stage == "compiling" else budget_ms
            end = child.receive(limit_ms / 1000.0)
            if end is None:
                crashed = not child.process.is_alive()
                child.kill()
                result.reason = (f"check worker crashed while {stage} (exit code {child.process.exitcode})" if crashed
                                 else f"timed out after {limit_ms:.0f} ms while {stage} (child process killed)")
                return False
            if end[0] == "error":
                result.reason = end[1]
                return True
            if end[1] == "compiling":
                result.compile_ms = end[2]
            elif end[1] == "timing":
                resolution, ms = end[2]
                result.ms_per_image[resolution] = min(ms, result.ms_per_image.get(resolution, float("inf")))
            else:
                resolution, images = end[2]
                reason = analyse_images(images, resolution)
                if reason is not None:
                    result.reason = reason
                    return _finish_after_failure(child, budget_ms)


def _finish_after_failure(child: _Child, budget_ms: float) -> bool:
    """After a failed analysis the child still renders the remaining resolutions; wait it out."""
    while True:
        message = child.receive(max(budget_ms / 1000.0, 1.0) * 2)
        if message is None:
            child.kill()
            return False
        if message[0] in ("done", "error"):
            return True


def check_shader(path: str | Path, budget_ms: float = DEFAULT_BUDGET_MS,
                 resolutions: tuple[int, ...] = DEFAULT_RESOLUTIONS, include_dir: str | Path | None = None,
                 compile_timeout_ms: float = DEFAULT_COMPILE_TIMEOUT_MS, timing_repeats: int = 2) -> CheckResult:
    """Check one shader file (see module doc). Rendering runs in a child process.

    Args:
        path: the .glsl file.
        budget_ms: deadline for each render of the 4-image check batch at one resolution.
        resolutions: check resolutions (px).
        include_dir: include folder (default: include/ next to the file).
        compile_timeout_ms: deadline for compiling + JIT-compiling the program.
        timing_repeats: extra timed renders per resolution (the best is reported).
    """
    return check_shaders([path], budget_ms, resolutions, include_dir, compile_timeout_ms, timing_repeats)[0]


def check_shaders(paths, budget_ms: float = DEFAULT_BUDGET_MS, resolutions: tuple[int, ...] = DEFAULT_RESOLUTIONS,
                  include_dir: str | Path | None = None, compile_timeout_ms: float = DEFAULT_COMPILE_TIMEOUT_MS,
                  timing_repeats: int = 2, progress: bool = False) -> list[CheckResult]:
    """Check several files, reusing one child process until a shader has to be killed."""
    if not resolutions or any(int(r) <= 0 for r in resolutions):
        raise ValueError(f"resolutions must be positive ints, got {resolutions}")
    if budget_ms <= 0 or compile_timeout_ms <= 0:
        raise ValueError("budget_ms and compile_timeout_ms must be positive")
    include = Path(include_dir) if include_dir is not None else None
    results, child = [], None
    try:
        for path in progress_bar(list(paths), desc="checking shaders", unit="shader", disable=not progress):
            result = CheckResult(Path(path))
            results.append(result)
            try:  # header, includes and entry point need no GL: check them here
                shader = load_shader(result.path, include)
                result.name = shader.name
                if not has_main_image(shader.expanded_source):
                    result.reason = "no `void mainImage(out vec4 fragColor, in vec2 fragCoord)` defined"
                    continue
            except (ProcgenError, OSError) as err:
                result.reason = str(err)
                continue
            child = child or _Child(tuple(int(r) for r in resolutions), timing_repeats)
            if not _run_in_child(child, result, include, budget_ms, compile_timeout_ms):
                child = None  # killed: the next file gets a fresh process
    finally:
        if child is not None:
            child.stop()
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m procgen.check", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="+", type=Path, help="shader files (.glsl) to check")
    parser.add_argument("--budget-ms", type=float, default=DEFAULT_BUDGET_MS,
                        help="deadline in ms for each render of the 4-image check batch at one resolution; "
                             "the render process is killed when it is exceeded (default %(default)s)")
    parser.add_argument("--resolutions", type=int, nargs="+", default=list(DEFAULT_RESOLUTIONS),
                        help="image sizes in px to render at (default %(default)s)")
    parser.add_argument("--include-dir", type=Path, default=None,
                        help="folder for #include files (default: include/ next to each shader)")
    parser.add_argument("--compile-timeout-ms", type=float, default=DEFAULT_COMPILE_TIMEOUT_MS,
                        help="deadline in ms for compiling one shader (default %(default)s)")
    args = parser.parse_args(argv)
    if any(r <= 0 for r in args.resolutions) or args.budget_ms <= 0 or args.compile_timeout_ms <= 0:
        parser.error("--resolutions, --budget-ms and --compile-timeout-ms must be positive")
    results = check_shaders(args.files, args.budget_ms, tuple(args.resolutions), args.include_dir,
                            args.compile_timeout_ms, progress=len(args.files) > 1)
    for result in results:
        print(result.summary(), flush=True)
    failed = sum(not r.ok for r in results)
    if len(results) > 1:
        print(f"{len(results) - failed}/{len(results)} shaders passed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
