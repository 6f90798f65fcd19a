"""The checker's child processes: each owns a GL context and checks program after program.

`CheckPool` drives up to `jobs` spawned children from the calling thread (no threads), with a
deadline per stage: a child past its deadline is killed and replaced, and its program fails
"did not finish". A child dies with its parent: PR_SET_PDEATHSIG on Linux, and a thread that
polls the parent's pid (a draw never runs Python, so the poll catches up right after it).
"""
from __future__ import annotations

import ctypes
import logging
import multiprocessing as mp
import os
import signal
import sys
import threading
import time
from multiprocessing.connection import wait
from typing import Callable

import numpy as np

from procgen.errors import ProcgenError

log = logging.getLogger(__name__)

STARTUP_TIMEOUT_S = 120.0  # spawning a child and importing torch on a loaded machine
PARENT_POLL_S = 0.5
_PR_SET_PDEATHSIG = 1


def _die_with_parent(parent_pid: int) -> None:
    """Make this child exit when `parent_pid` does (kill -9 of the parent included)."""
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass  # no prctl: the poll below still works

    def poll() -> None:
        while os.getppid() == parent_pid:
            time.sleep(PARENT_POLL_S)
        os._exit(0)

    if os.getppid() != parent_pid:  # the parent died before prctl took effect
        os._exit(0)
    threading.Thread(target=poll, name="parent-poll", daemon=True).start()


def _worker(conn, resolutions: tuple[int, ...], timing_repeats: int, parent_pid: int, seeds: np.ndarray,
            times: np.ndarray) -> None:
    """Child: checks one program per request (a Shader) until it receives None.

    Protocol: ("begin", stage) before each step that may run long, then ("end", kind, payload)
    or ("error", message), and ("done",) after the last step.
    """
    _die_with_parent(parent_pid)
    import torch

    from procgen.library import ShaderLibrary
    from procgen.renderer import BatchRenderer

    torch.set_num_threads(1)
    conn.send(("ready",))
    while (shader := conn.recv()) is not None:
        renderer = None
        try:
            renderer = BatchRenderer(ShaderLibrary([shader]))
            conn.send(("begin", "compiling"))
            start = time.perf_counter()
            renderer.compile(0, raw=True)  # both JIT variants: the budget below times drawing only
            conn.send(("end", "compiling", (time.perf_counter() - start) * 1000.0))
            batch = ([0] * len(times), torch.from_numpy(seeds), torch.from_numpy(times))
            for resolution in resolutions:
                conn.send(("begin", f"rendering at {resolution} px"))
                images = renderer.render_raw(*batch, resolution).numpy()
                conn.send(("end", "images", (resolution, images)))
                for _ in range(timing_repeats):
                    conn.send(("begin", f"rendering at {resolution} px"))
                    start = time.perf_counter()
                    renderer.render_raw(*batch, resolution)
                    conn.send(("end", "timing", (resolution, (time.perf_counter() - start) * 1000.0 / len(times))))
            conn.send(("done",))
        except ProcgenError as err:
            conn.send(("error", str(err)))
        except Exception as err:  # noqa: BLE001 - anything else is this program's reason too
            conn.send(("error", f"{type(err).__name__}: {err}"))
        finally:
            if renderer is not None:
                renderer.release()  # one child checks many programs: do not pile up GL objects


def thumbnails(canvas: np.ndarray, side: int) -> np.ndarray:
    """uint8 (N, 3, side, side) block means (nearest rows/columns when R is not a multiple)."""
    n, c, r, _ = canvas.shape
    if r % side == 0:
        small = canvas.reshape(n, c, side, r // side, side, r // side).mean(axis=(3, 5))
    else:
        pick = ((np.arange(side) + 0.5) * r / side).astype(int)
        small = canvas[:, :, pick][:, :, :, pick]
    return np.round(small * 255.0).astype(np.uint8)


class _Child:
    """One spawned checker and the program it is working on."""

    def __init__(self, resolutions: tuple[int, ...], timing_repeats: int, seeds: np.ndarray, times: np.ndarray) -> None:
        context = mp.get_context("spawn")  # a fresh interpreter: no inherited GL state
        self.conn, child_conn = context.Pipe()
        self.process = context.Process(target=_worker, daemon=True,
                                       args=(child_conn, resolutions, timing_repeats, os.getpid(), seeds, times))
        self.process.start()
        child_conn.close()
        self.index: int | None = None
        self.stage, self.limit_ms, self.deadline = "starting", 0.0, 0.0
        if not self.conn.poll(STARTUP_TIMEOUT_S) or self._recv() != ("ready",):
            self.kill()
            raise RuntimeError("check worker failed to start")

    def _recv(self):
        try:
            return self.conn.recv()
        except (EOFError, OSError):
            return None

    def expect(self, stage: str, limit_ms: float) -> None:
        self.stage, self.limit_ms, self.deadline = stage, limit_ms, time.monotonic() + limit_ms / 1000.0

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


class CheckPool:
    """Up to `jobs` checker children, started on demand, stopped on exit (a context manager)."""

    def __init__(self, resolutions: tuple[int, ...], timing_repeats: int, budget_ms: float,
                 compile_timeout_ms: float, jobs: int = 1) -> None:
        from procgen.check import SEEDS, TIMES

        self.resolutions, self.timing_repeats = resolutions, timing_repeats
        self.budget_ms, self.compile_timeout_ms, self.jobs = budget_ms, compile_timeout_ms, jobs
        self.seeds, self.times = SEEDS, TIMES
        self.children: list[_Child | None] = [None] * jobs

    def __enter__(self) -> "CheckPool":
        return self

    def __exit__(self, *exc) -> None:
        for child in self.children:
            if child is not None:
                child.stop()
        self.children = [None] * self.jobs

    def run(self, pending: list, results: list, analyse: Callable, decided: Callable[[int], None]) -> None:
        """Check every (index, shader) of `pending`, filling `results[index]`; `decided(index)`
        is called as each program is decided."""
        from procgen.check import THUMB, canvas_of

        queue = list(reversed(pending))
        while queue or any(c is not None and c.index is not None for c in self.children):
            for slot, child in enumerate(self.children):
                if queue and (child is None or child.index is None):
                    child = child or _Child(self.resolutions, self.timing_repeats, self.seeds, self.times)
                    self.children[slot] = child
                    child.index, shader = queue.pop()
                    child.conn.send(shader)
                    child.expect("compiling", self.compile_timeout_ms)
            busy = [c for c in self.children if c is not None and c.index is not None]
            timeout = max(0.0, min(c.deadline for c in busy) - time.monotonic())
            ready = wait([c.conn for c in busy], timeout)
            for child in busy:
                result = results[child.index]
                if child.conn in ready:
                    message = child._recv()
                    if message is None:
                        self._fail(child, f"check worker crashed while {child.stage} "
                                          f"(exit code {child.process.exitcode})", results, decided)
                    elif message[0] == "begin":
                        stage = message[1]
                        child.expect(stage, self.compile_timeout_ms if stage == "compiling" else self.budget_ms)
                    elif message[0] in ("done", "error"):
                        if message[0] == "error" and result.reason is None:
                            result.reason = message[1]
                        result.ok = result.reason is None
                        index, child.index = child.index, None
                        decided(index)
                    elif message[1] == "compiling":
                        result.compile_ms = message[2]
                    elif message[1] == "timing":
                        resolution, ms = message[2]
                        result.ms_per_image[resolution] = min(ms, result.ms_per_image.get(resolution, float("inf")))
                    else:
                        resolution, images = message[2]
                        if result.thumbs is None:
                            canvas = canvas_of(images)
                            result.thumbs = thumbnails(canvas, THUMB)
                            result.preview = np.round(canvas[0] * 255.0).astype(np.uint8)
                        if result.reason is None:
                            result.reason = analyse(images, resolution)
                elif time.monotonic() > child.deadline:
                    self._fail(child, f"did not finish within {child.limit_ms:.0f} ms while {child.stage} "
                                      f"(child process killed)", results, decided)

    def _fail(self, child: _Child, reason: str, results: list, decided: Callable[[int], None]) -> None:
        """Kill `child` (its slot gets a fresh one on demand); its program fails with `reason`
        unless the analysis already failed it."""
        result = results[child.index]
        child.kill()
        if result.reason is None:
            result.reason = reason
        result.ok = False
        self.children[self.children.index(child)] = None
        decided(child.index)
