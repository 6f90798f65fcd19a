"""Infinite, deterministic streams of procedural batches, with prefetch, ranks and resume.

Step s on rank r yields the global indices ``s*B*W + r*B + arange(B)`` (B = per-rank batch,
W = world size), so 2 ranks x B/2 see exactly the images 1 rank x B sees, and a run resumed at
``start_step`` continues the very same sequence.

GL rule: a GL context belongs to the thread that uses it. With prefetch the producer thread
creates the renderer and is the only thread that renders for the stream's lifetime; every
renderer of this module is guarded by one lock per process and device, so ``sample`` in the
main thread cannot interleave GL calls with a running producer.
"""
from __future__ import annotations

import logging
import math
import os
import queue
import threading
from typing import Iterator

import torch

from procgen.catalog import open_library
from procgen.datasets import DATASETS, ProceduralDataset, get_dataset
from procgen.errors import ProcgenError
from procgen.schedule import BLOCK_SAMPLES, is_uniform, window_programs
from procvision.checks import check_int

log = logging.getLogger(__name__)

MAX_RESOLUTION = 4096  # beyond this, one image exceeds common GL texture limits
_POLL_SECONDS = 0.1

__all__ = ["stream", "sample", "ProceduralStream", "ProceduralIterableDataset",
           "step_indices", "MAX_RESOLUTION"]

_RENDERERS: dict[tuple[int, str], object] = {}
_RENDER_LOCKS: dict[tuple[int, str], threading.RLock] = {}
_REGISTRY_LOCK = threading.Lock()


def _renderer(device: torch.device, library: str | None = None):
    """This process's renderer for ``device`` and library spec, and the lock every user of it
    must hold (one lock per device: renderers of one device share its GL context)."""
    from procgen.renderer import BatchRenderer  # deferred: no GL work at import time

    lock_key = (os.getpid(), str(device))
    key = (*lock_key, library or "shaders")
    with _REGISTRY_LOCK:
        lock = _RENDER_LOCKS.setdefault(lock_key, threading.RLock())
    with lock:
        if key not in _RENDERERS:
            _RENDERERS[key] = BatchRenderer(open_library(library), device=device)
        return _RENDERERS[key], lock


def _compile_ahead(renderer, seed: int, indices: torch.Tensor, batches_per_block: float) -> None:
    """Compile part of the window of the block after the one `indices` end in, so that block's
    programs are ready when it starts (a share per step: compiling never stalls one step)."""
    if is_uniform(renderer.library):
        return  # a small library: every program is in every window, compiled at first use
    upcoming = window_programs(renderer.library, seed, int(indices[-1]) // BLOCK_SAMPLES + 1)
    share = math.ceil(len(upcoming) / max(1.0, batches_per_block)) + 1
    for program_id in [p for p in upcoming if not renderer.is_compiled(p)][:share]:
        try:
            renderer.compile(program_id)
        except ProcgenError as err:  # the draw that needs it raises with the details
            log.warning("compiling program %d ahead of use failed: %s", program_id, err)
            return


def step_indices(step: int, batch_size: int, rank: int = 0, world_size: int = 1) -> torch.Tensor:
    """Global sample indices of ``step`` on ``rank``: int64 (batch_size,) on CPU.

    The trainer uses the same indices to seed its augmentations per image.
    """
    start = (step * world_size + rank) * batch_size
    return torch.arange(start, start + batch_size, dtype=torch.int64)


def _check_dataset_name(name: str) -> None:
    if name not in DATASETS:
        raise KeyError(f"unknown dataset {name!r}; known datasets: {', '.join(sorted(DATASETS))}")


def _check_rank(rank: int, world_size: int) -> None:
    check_int("world_size", world_size, 1)
    check_int("rank", rank, 0, world_size - 1)


class _ProducerError:
    """Carries an exception from the producer thread to the consumer."""

    def __init__(self, error: BaseException) -> None:
        self.error = error


class _StepRenderer:
    """Renders step s of one stream configuration (what the producer thread needs, no more)."""

    def __init__(self, dataset: ProceduralDataset, device: torch.device, batch_size: int,
                 rank: int, world_size: int, seed: int, resolution: int, library: str | None = None,
                 compile_ahead: bool = False) -> None:
        self.dataset, self.device, self.batch_size = dataset, device, batch_size
        self.rank, self.world_size, self.seed, self.resolution = rank, world_size, seed, resolution
        self.library, self.compile_ahead = library, compile_ahead

    def __call__(self, step: int) -> torch.Tensor:
        renderer, lock = _renderer(self.device, self.library)
        indices = step_indices(step, self.batch_size, self.rank, self.world_size)
        with lock:
            batch = self.dataset.render(renderer, indices, self.seed, self.resolution)
            if self.compile_ahead:
                _compile_ahead(renderer, self.seed, indices, BLOCK_SAMPLES / (self.batch_size * self.world_size))
            return batch


def _produce(render: _StepRenderer, first_step: int, out: queue.Queue,
             stop: threading.Event) -> None:
    """Producer thread: owns the GL work, renders steps ahead into the bounded queue."""
    step = first_step
    try:
        while not stop.is_set():
            _put(out, render(step), stop)
            step += 1
    except BaseException as error:  # noqa: BLE001 - every failure must reach the consumer
        _put(out, _ProducerError(error), stop)


def _put(out: queue.Queue, item, stop: threading.Event) -> None:
    """Put into the bounded queue, giving up when the stream is closed."""
    while not stop.is_set():
        try:
            out.put(item, timeout=_POLL_SECONDS)
            return
        except queue.Full:
            continue


class ProceduralStream:
    """Iterator of (B, 3, R, R) float32 batches on ``device``; see ``stream``.

    Attributes:
        step: the step the next ``next()`` returns (save it to resume).
    """

    def __init__(self, name: str, resolution: int, batch_size: int, seed: int = 0,
                 device: str | torch.device = "cpu", rank: int = 0, world_size: int = 1,
                 start_step: int = 0, prefetch: int = 2, library: str | None = None, **options) -> None:
        _check_dataset_name(name)
        open_library(library)  # a bad spec or manifest fails here, before any rendering
        check_int("resolution", resolution, 1, MAX_RESOLUTION)
        check_int("batch_size", batch_size, 1)
        _check_rank(rank, world_size)
        check_int("start_step", start_step, 0)
        check_int("prefetch", prefetch, 0)
        check_int("seed", seed, -(2**63), 2**64 - 1)
        self.dataset: ProceduralDataset = get_dataset(name, **options)
        self.name, self.resolution, self.batch_size, self.seed = name, resolution, batch_size, seed
        self.device = torch.device(device)
        self.rank, self.world_size, self.options = rank, world_size, dict(options)
        self.library = library
        self.step = start_step
        self._prefetch = prefetch
        self._queue: queue.Queue | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._closed = False

    @property
    def position(self) -> dict:
        """Everything needed to resume this stream exactly: pass it back as keyword args."""
        return {"name": self.name, "resolution": self.resolution, "batch_size": self.batch_size,
                "seed": self.seed, "rank": self.rank, "world_size": self.world_size,
                "start_step": self.step, "library": self.library, **self.options}

    def indices(self, step: int | None = None) -> torch.Tensor:
        """Global indices int64 (B,) of ``step`` (default: the next step) on this rank."""
        step = self.step if step is None else step
        return step_indices(step, self.batch_size, self.rank, self.world_size)

    def render_step(self, step: int) -> torch.Tensor:
        """Render one step synchronously in the calling thread: (B, 3, R, R) on the device."""
        return self._step_renderer()(step)

    def _step_renderer(self) -> "_StepRenderer":
        return _StepRenderer(self.dataset, self.device, self.batch_size, self.rank,
                             self.world_size, self.seed, self.resolution, self.library, compile_ahead=True)

    def __iter__(self) -> Iterator[torch.Tensor]:
        return self

    def __next__(self) -> torch.Tensor:
        if self._closed:
            raise StopIteration
        if self._prefetch == 0:
            batch = self.render_step(self.step)
        else:
            batch = self._next_prefetched()
        self.step += 1
        return batch

    def _next_prefetched(self) -> torch.Tensor:
        if self._thread is None:
            self._queue = queue.Queue(maxsize=self._prefetch)
            # The thread gets no reference to self, so an abandoned stream is collected and
            # its __del__ stops the thread.
            self._thread = threading.Thread(
                target=_produce, args=(self._step_renderer(), self.step, self._queue, self._stop),
                name=f"procgen-stream-{self.name}", daemon=True)
            self._thread.start()
        while True:
            try:
                item = self._queue.get(timeout=_POLL_SECONDS)
                break
            except queue.Empty:
                if not self._thread.is_alive():  # died without reporting: never wait forever
                    raise RuntimeError("the stream's producer thread stopped unexpectedly") from None
        if isinstance(item, _ProducerError):
            self.close()
            raise RuntimeError(
                f"rendering dataset {self.name!r} failed in the producer thread: {item.error}"
            ) from item.error
        return item

    def close(self) -> None:
        """Stop the producer thread and drop prefetched batches; the iterator then ends."""
        self._closed = True
        self._stop.set()
        if self._thread is not None:
            while self._thread.is_alive():
                try:  # unblock a producer waiting on a full queue
                    self._queue.get_nowait()
                except queue.Empty:
                    pass
                self._thread.join(timeout=_POLL_SECONDS)
            self._thread = None

    def __enter__(self) -> "ProceduralStream":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:  # noqa: BLE001 - interpreter shutdown
            pass


def stream(name: str, resolution: int, batch_size: int, seed: int = 0,
           device: str | torch.device = "cpu", rank: int = 0, world_size: int = 1,
           start_step: int = 0, prefetch: int = 2, library: str | None = None, **options) -> ProceduralStream:
    """Infinite iterator of batches of dataset ``name``.

    Args:
        name: a dataset in ``procgen.datasets.DATASETS`` (e.g. "shaders", "kml-mixup").
        resolution: R (1..4096).
        batch_size: per-rank batch B.
        seed: global seed.
        device: output device (the GL device follows it).
        rank, world_size: this process's shard; step s yields indices s*B*W + r*B + arange(B).
        start_step: first step (resume).
        prefetch: batches rendered ahead by a background thread (0 = render on demand).
        library: library spec (``procgen.catalog``: "shaders", a folder, "shaders,PATH:0.9");
            None = the project's shaders/. Large libraries are drawn in windows compiled ahead.
        **options: dataset options (k, iters, mixup).

    Returns:
        A ``ProceduralStream`` yielding float32 (B, 3, R, R) in [0, 1]; ``.step`` is the next
        step, ``.position`` the resume arguments, ``.close()`` stops the producer.

    Raises:
        KeyError: unknown dataset. ValueError: bad resolution, batch size, rank, step.
    """
    return ProceduralStream(name, resolution, batch_size, seed, device, rank, world_size,
                            start_step, prefetch, library, **options)


def sample(name: str, index: int, seed: int = 0, resolution: int = 64,
           device: str | torch.device = "cpu", library: str | None = None, **options) -> torch.Tensor:
    """Element ``index`` of dataset ``name``: float32 (3, R, R), equal to the stream's element."""
    _check_dataset_name(name)
    check_int("resolution", resolution, 1, MAX_RESOLUTION)
    check_int("index", index, 0)
    dataset = get_dataset(name, **options)
    renderer, lock = _renderer(torch.device(device), library)
    with lock:
        indices = torch.tensor([index], dtype=torch.int64)
        return dataset.render(renderer, indices, seed, resolution)[0]


class ProceduralIterableDataset(torch.utils.data.IterableDataset):
    """Batches of a procedural dataset for torch DataLoader users.

    Use ``DataLoader(ds, batch_size=None, num_workers=n)``: worker w of n renders steps
    start_step + w, start_step + w + n, ...; the DataLoader takes one batch from each worker
    in turn, so it yields exactly the steps start_step, start_step + 1, ... of ``stream`` (each
    worker a disjoint, deterministic shard). Each worker creates its own GL context lazily, in
    its own process. ``rank``/``world_size`` default to torch.distributed's when initialised.

    Args:
        name, resolution, batch_size, seed, start_step, **options: as for ``stream``.
        num_steps: stop after this many steps (None = infinite).
        device: output device of each worker (keep "cpu" with worker processes).
    """

    def __init__(self, name: str, resolution: int, batch_size: int, seed: int = 0,
                 rank: int | None = None, world_size: int | None = None, start_step: int = 0,
                 num_steps: int | None = None, device: str | torch.device = "cpu",
                 **options) -> None:
        super().__init__()
        if rank is None or world_size is None:
            distributed = torch.distributed.is_available() and torch.distributed.is_initialized()
            rank = torch.distributed.get_rank() if distributed else 0
            world_size = torch.distributed.get_world_size() if distributed else 1
        # Validate now (in the parent), not later inside a worker.
        ProceduralStream(name, resolution, batch_size, seed, "cpu", rank, world_size,
                         start_step, 0, **options)
        if num_steps is not None:
            check_int("num_steps", num_steps, 0)
        self.name, self.resolution, self.batch_size, self.seed = name, resolution, batch_size, seed
        self.rank, self.world_size, self.start_step = rank, world_size, start_step
        self.num_steps, self.device, self.options = num_steps, str(device), dict(options)

    def __iter__(self) -> Iterator[torch.Tensor]:
        info = torch.utils.data.get_worker_info()
        worker, workers = (info.id, info.num_workers) if info is not None else (0, 1)
        steps = ProceduralStream(self.name, self.resolution, self.batch_size, self.seed,
                                 self.device, self.rank, self.world_size, 0, 0, **self.options)
        offset = worker
        while self.num_steps is None or offset < self.num_steps:
            yield steps.render_step(self.start_step + offset)
            offset += workers
