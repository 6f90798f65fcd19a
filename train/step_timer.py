"""Phase timings of a training step without host synchronisation on CUDA (CUDA events).

On CPU, or with ``profile=true``, each mark synchronises the device and reads the host clock
(honest wall times per phase, the old behaviour). On CUDA without profiling a mark only
records a CUDA event on the current stream: nothing waits, and the elapsed times are read
(one wait on the step's last event) only when the caller asks, on logging steps. The phases
are then GPU-timeline durations: ``data`` is the gap the GPU saw between the end of the
previous step's work and the moment the host handed it the next batch (plus any rendering
queued on the same stream), i.e. the time the GPU waited for data.
"""
from __future__ import annotations

import time

import torch

from train.distributed import sync_device

__all__ = ["StepTimer"]


class StepTimer:
    """Marks phases of one step: ``start()``, then ``mark(name)`` after each phase.

    Args:
        device: the step's device.
        profile: synchronise at every mark even on CUDA (exact host-side phase times).
    """

    def __init__(self, device: torch.device, profile: bool = False) -> None:
        self.device = device
        self.events = device.type == "cuda" and not profile  # lazy: CUDA events, no waits
        self._marks: list[tuple[str, object]] = []

    def _now(self) -> object:
        if self.events:
            event = torch.cuda.Event(enable_timing=True)
            event.record()  # on the current stream; the host does not wait
            return event
        sync_device(self.device)  # a no-op on CPU
        return time.perf_counter()

    def start(self) -> None:
        self._marks = [("start", self._now())]

    def mark(self, name: str) -> None:
        self._marks.append((name, self._now()))

    def seconds(self) -> dict[str, float]:
        """Duration of each marked phase and the whole step ("step"), in seconds.

        With CUDA events this waits for the last event (call it on logging steps only).
        """
        if len(self._marks) < 2:
            raise RuntimeError("StepTimer.seconds() needs start() and at least one mark()")
        if self.events:
            self._marks[-1][1].synchronize()
            elapsed = [a.elapsed_time(b) / 1000.0 for (_, a), (_, b) in zip(self._marks, self._marks[1:])]
            total = self._marks[0][1].elapsed_time(self._marks[-1][1]) / 1000.0
        else:
            times = [t for _, t in self._marks]
            elapsed = [b - a for a, b in zip(times, times[1:])]
            total = times[-1] - times[0]
        out = {name: value for (name, _), value in zip(self._marks[1:], elapsed)}
        out["step"] = total
        return out
