"""The training loop: steps over an infinite procedural stream, read top to bottom in :func:`train`.

Reproducibility: the stream and the augmentation are pure functions of (seed, global index);
the schedules are pure functions of the step; the only global-RNG consumer, timm's DropPath,
gets ``torch.manual_seed(hash(seed, step, rank))`` at the start of every step. So a run
interrupted and resumed from a checkpoint replays exactly the uninterrupted run (CPU, fp32),
and checkpoints need no RNG state.
"""
from __future__ import annotations

import contextlib
import csv
import shutil
import signal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator, Union

import torch
import torch.distributed as dist

from procgen.seeding import hash_u64
from procvision.progress import progress_bar
from train import checkpoint as ckpt
from train.config import (DATASET_OPTION_KEYS, ConfigError, TrainConfig, config_to_dict,
                          save_config)
from train.dino import DINOStep
from train.distributed import (DistInfo, cleanup_distributed, per_rank_batch, setup_distributed,
                               wrap_ddp)
from train.model import build_student_teacher, sync_batchnorm
from train.step_timer import StepTimer

if TYPE_CHECKING:
    from procgen.stream import ProceduralStream

__all__ = ["train", "CSV_COLUMNS", "open_data_stream", "resolve_resume", "seed_step_rng", "seed_global_rng",
           "StreamSource", "procedural_provenance"]

# What ``train(cfg, stream=...)`` accepts instead of the configured procedural stream: an iterator
# already at the run's start step, or a factory called as
# ``factory(start_step=, rank=, world_size=, batch_size=, device=)`` (batch_size per rank) that
# opens one there. Either yields float (B, 3, R, R) batches in [0, 1] on the device; an optional
# ``provenance`` attribute (dict, see train.export) says what the images are.
StreamSource = Union[Iterator[torch.Tensor], Callable[..., Iterator[torch.Tensor]]]

CSV_COLUMNS = ("step", "loss", "lr", "wd", "momentum", "teacher_temp", "img_s", "data_wait_frac",
               "teacher_std", "teacher_head_std", "teacher_entropy", "teacher_sample_entropy", "grad_norm",
               "t_data", "t_augment", "t_forward_backward", "t_optimizer", "t_step")


def seed_global_rng(seed: int, counter: int, salt: str) -> None:
    """Seed torch's global generators (CPU and all CUDA devices) from (seed, counter, salt)."""
    key = hash_u64(seed, torch.tensor([counter], dtype=torch.int64), salt)
    torch.manual_seed(int(key.item()) & ((1 << 63) - 1))


def seed_step_rng(seed: int, step: int, info: DistInfo) -> None:
    """Per-step seed from (seed, step, rank): DropPath masks replay exactly after a resume."""
    seed_global_rng(seed, step * info.world_size + info.rank, "train/step-rng")


def resolve_resume(cfg: TrainConfig) -> Path | None:
    """Checkpoint to resume from (checked before any work), or None for a fresh run."""
    if cfg.resume is False or cfg.resume in ("", "false"):
        latest = ckpt.latest_checkpoint(cfg.output_dir)
        if latest is not None:
            raise ckpt.CheckpointError(f"output_dir {cfg.output_dir!r} already holds checkpoints "
                                       f"({latest.name}); pass resume=true or another output_dir")
        return None
    if cfg.resume is True or cfg.resume in ("true", "latest"):
        latest = ckpt.latest_checkpoint(cfg.output_dir)
        if latest is None:
            raise ckpt.CheckpointError(f"resume=true but {cfg.output_dir!r} holds no checkpoint")
        return latest
    path = Path(cfg.resume)
    if not path.is_file():
        raise ckpt.CheckpointError(f"resume path {str(path)!r} does not exist")
    return path


class _StopFlag:
    """SIGTERM/SIGINT set a flag; the loop checkpoints and exits at the end of the current step."""

    def __init__(self) -> None:
        self.requested = False
        self._previous = {s: signal.signal(s, self._handle) for s in (signal.SIGTERM, signal.SIGINT)}

    def _handle(self, signum: int, frame: Any) -> None:
        self.requested = True

    def agreed(self, device: torch.device) -> bool:
        """True when any rank was signalled (all ranks must stop at the same step)."""
        if not dist.is_initialized():
            return self.requested
        flag = torch.tensor([float(self.requested)], device=device)
        dist.all_reduce(flag, op=dist.ReduceOp.MAX)
        return bool(flag.item())

    def restore(self) -> None:
        for s, handler in self._previous.items():
            signal.signal(s, handler)

    def __enter__(self) -> "_StopFlag":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.restore()


class _MetricsLog:
    """metrics.csv (+ TensorBoard) on the main rank; a resumed run drops rows it will redo."""

    def __init__(self, out: Path, start_step: int, tensorboard: bool) -> None:
        path = out / "metrics.csv"
        kept: list[dict] = []
        if start_step > 0 and path.exists():
            with path.open() as fh:
                kept = [r for r in csv.DictReader(fh) if int(r["step"]) < start_step]
        self.file = path.open("w", newline="")
        self.writer = csv.DictWriter(self.file, fieldnames=CSV_COLUMNS, extrasaction="ignore")
        self.writer.writeheader()
        self.writer.writerows(kept)
        self.tb = None
        if tensorboard:
            try:
                from torch.utils.tensorboard import SummaryWriter  # slow import: only when asked
                self.tb = SummaryWriter(str(out / "tensorboard"), purge_step=start_step)
            except BaseException:
                self.file.close()
                raise

    def write(self, row: dict[str, float]) -> None:
        self.writer.writerow(row)
        self.file.flush()
        if self.tb is not None:
            for k, v in row.items():
                if k != "step":
                    self.tb.add_scalar(f"train/{k}", v, int(row["step"]))

    def close(self) -> None:
        self.file.close()
        if self.tb is not None:
            self.tb.close()

    def __enter__(self) -> "_MetricsLog":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def train(cfg: TrainConfig, stream: StreamSource | None = None) -> dict[str, Any]:
    """Run (or resume) DINO training as configured; returns a summary dict (main rank's view).

    Args:
        cfg: the resolved configuration.
        stream: None trains on the configured procedural stream (``cfg.data``). Otherwise the
            images to train on (see :data:`StreamSource`): the same resume contract applies
            (step s yields the images of global indices ``step_indices(s, B, rank, W)``, seeded
            by (seed, index)), so that a resumed run continues exactly. ``train`` itself never
            opens a dataset: the real-data control (``evaluate.control``) builds such streams.
    """
    info, device = setup_distributed(cfg.device)
    fresh = info.is_main and not Path(cfg.output_dir).exists()
    try:
        return _train(cfg, info, device, stream)
    except BaseException:
        if fresh:
            _remove_unstarted_run(Path(cfg.output_dir))
        raise
    finally:
        cleanup_distributed()


def _remove_unstarted_run(out: Path) -> None:
    """A run that created ``out`` and failed before logging its first step leaves nothing
    behind (no half-made folder in the way of a rerun); one that trained keeps its logs."""
    metrics = out / "metrics.csv"
    started = metrics.is_file() and len(metrics.read_text().splitlines()) > 1
    if out.is_dir() and not started and ckpt.latest_checkpoint(out) is None:
        shutil.rmtree(out, ignore_errors=True)


def procedural_provenance(cfg: TrainConfig) -> dict[str, Any]:
    """What a run on the configured procedural stream was trained on (export provenance)."""
    from procgen.library import default_shader_dir

    # "shaders" is the built-in library: recorded as its folder; other specs as given (procgen.catalog).
    library = str(default_shader_dir().resolve()) if cfg.data.library == "shaders" else cfg.data.library
    return {"kind": "procedural", "dataset": cfg.data.dataset, "library": library,
            "options": cfg.data.dataset_options()}


def _train(cfg: TrainConfig, info: DistInfo, device: torch.device, injected: StreamSource | None) -> dict[str, Any]:
    # --- checks first: every bad input fails before any model is built or image rendered ---
    per_rank = per_rank_batch(cfg.batch_size, info.world_size)
    _check_names(cfg, procedural=injected is None)
    resume_path = resolve_resume(cfg)
    state = None
    if resume_path is not None:
        state = ckpt.load_checkpoint(resume_path)
        ckpt.check_compatible(state["config"], config_to_dict(cfg), resume_path)
    start_step = int(state["step"]) if state else 0
    if info.is_main:
        ckpt.remove_stale_temp(cfg.output_dir)  # left by checkpoint writes that were killed
    if cfg.threads > 0:
        torch.set_num_threads(cfg.threads)

    # --- models, optimiser, restored state (init seeded from cfg.seed: same on every rank) ---
    seed_global_rng(cfg.seed, 0, "train/model-init")
    student, teacher = build_student_teacher(cfg)
    student, teacher = student.to(device), teacher.to(device)
    student, teacher = sync_batchnorm(student, device), sync_batchnorm(teacher, device)
    model = wrap_ddp(student, device)
    if cfg.compile:
        model = torch.compile(model)
    dino = DINOStep(cfg, model, student, teacher, device)
    if state is not None:
        dino.load_state_dict(state)
        del state

    out = Path(cfg.output_dir)
    if info.is_main:
        out.mkdir(parents=True, exist_ok=True)
        save_config(cfg, out / "config.yaml")

    # --- data: this rank's shard of the stream, augmented on the device ---
    from procgen.stream import step_indices
    from train.augment_dali import make_augment
    augment = make_augment(cfg, device)
    timer = StepTimer(device, profile=cfg.profile)  # CUDA: events, no host syncs unless profile=true

    step, last_saved, metrics = start_step, -1, {}
    # Every resource is closed (and the signal handlers restored) on every path, errors included.
    with contextlib.ExitStack() as resources:
        log = resources.enter_context(_MetricsLog(out, start_step, cfg.tensorboard)) if info.is_main else None
        if injected is None:
            stream = resources.enter_context(open_data_stream(cfg, info, device, start_step))
            provenance = procedural_provenance(cfg)
        else:
            stream = _open_injected(injected, info, device, start_step, per_rank)
            if hasattr(stream, "close"):
                resources.callback(stream.close)
            # Unlabelled images are treated as real: the memory tools then warn, the safe side.
            provenance = dict(getattr(stream, "provenance", None) or getattr(injected, "provenance", None)
                              or {"kind": "real", "dataset": cfg.data.dataset})
        stop = resources.enter_context(_StopFlag())
        bar = resources.enter_context(progress_bar(total=cfg.steps, initial=start_step, desc="dino",
                                           disable=not (info.is_main and cfg.progress)))
        while step < cfg.steps:
            seed_step_rng(cfg.seed, step, info)
            log_now = step % cfg.log_every == 0 or step == cfg.steps - 1
            timer.start()
            images = next(stream)  # (B, 3, R, R) in [0, 1] on device
            if injected is not None:
                _check_batch(images, per_rank, device, step)  # shape/device only: no host sync
            timer.mark("data")
            # The stream's own index layout seeds the augmentation: one formula, no drift.
            # non_blocking: a pageable host-to-device copy then does not wait for the GPU queue.
            indices = step_indices(step, per_rank, info.rank, info.world_size).to(device, non_blocking=True)
            views = augment(images, cfg.seed, indices)
            timer.mark("augment")
            metrics = dino.step(views, step, monitor=log_now, timer=timer)
            metrics["step"] = step
            if log_now or not dino.lazy:  # on CUDA reading the timings waits for the step
                metrics.update(_timings(timer.seconds(), cfg.batch_size))
            step += 1

            if log_now:
                if log is not None:
                    log.write(metrics)
                bar.set_postfix(loss=f"{metrics['loss']:.4f}", lr=f"{metrics['lr']:.2e}",
                                img_s=f"{metrics['img_s']:.0f}", wait=f"{metrics['data_wait_frac']:.0%}")
            bar.update(1)
            # Agreeing on a stop is a collective (a sync under DDP): on CUDA only on logging steps.
            stopping = stop.agreed(device) if (log_now or not dino.lazy) else False
            if step % cfg.checkpoint_every == 0 or step == cfg.steps or stopping:
                dino.check_finite(step - 1)  # never save weights after a NaN loss
                _save(dino, cfg, info, step, provenance)
                last_saved = step
            if stopping:
                break
    metrics = {key: float(value) if torch.is_tensor(value) else value for key, value in metrics.items()}
    return {"start_step": start_step, "step": step, "last_checkpoint_step": last_saved,
            "interrupted": step < cfg.steps, "final_metrics": metrics, "output_dir": str(out),
            "device": str(device)}


def _timings(seconds: dict[str, float], batch_size: int) -> dict[str, float]:
    """StepTimer phases -> the metrics.csv timing columns (seconds, images/s, data-wait share)."""
    total = seconds["step"]
    return {"t_data": seconds["data"], "t_augment": seconds["augment"],
            "t_forward_backward": seconds["forward_backward"], "t_optimizer": seconds["optimizer"],
            "t_step": total, "img_s": batch_size / total if total > 0 else float("nan"),
            "data_wait_frac": seconds["data"] / total if total > 0 else float("nan")}


def open_data_stream(cfg: TrainConfig, info: DistInfo, device: torch.device,
                     start_step: int = 0) -> ProceduralStream:
    """This rank's shard of the configured procedural stream (a ``procgen.stream.ProceduralStream``).

    Yields float32 (B/W, 3, R, R) batches in [0, 1] on ``device``, from step ``start_step``;
    the caller closes it (it is a context manager).
    """
    from procgen.stream import stream  # late: GL lives in the rendering process

    return stream(cfg.data.dataset, cfg.data.resolution, per_rank_batch(cfg.batch_size, info.world_size),
                  seed=cfg.seed, device=device, rank=info.rank, world_size=info.world_size,
                  start_step=start_step, prefetch=cfg.data.prefetch, library=cfg.data.library,
                  **cfg.data.dataset_options())


def _open_injected(source: StreamSource, info: DistInfo, device: torch.device, start_step: int,
                   per_rank: int) -> Iterator[torch.Tensor]:
    """The injected iterator, opened (factory) or checked (iterator) at ``start_step``."""
    if callable(source) and not hasattr(source, "__next__"):
        return source(start_step=start_step, rank=info.rank, world_size=info.world_size, batch_size=per_rank,
                      device=device)
    at = getattr(source, "step", None)
    if at is not None and at != start_step:
        raise ckpt.CheckpointError(f"the injected stream is at step {at} but the run starts at step {start_step}; "
                                   "pass a factory, or an iterator opened at the start step")
    return source


def _check_batch(images: Any, per_rank: int, device: torch.device, step: int) -> None:
    """An injected batch must be float (per_rank, 3, R, R) on the run's device (no host sync)."""
    if (not isinstance(images, torch.Tensor) or images.ndim != 4 or images.shape[0] != per_rank
            or images.shape[1] != 3 or not images.is_floating_point()):
        got = f"{images.dtype} {tuple(images.shape)}" if isinstance(images, torch.Tensor) else type(images).__name__
        raise ValueError(f"injected stream, step {step}: expected float ({per_rank}, 3, R, R) images, got {got}")
    if images.device.type != device.type:
        raise ValueError(f"injected stream, step {step}: images on {images.device}, the run trains on {device}")


def _check_names(cfg: TrainConfig, procedural: bool = True) -> None:
    """Unknown dataset or architecture names and unfit dataset options fail here, before any work.

    ``procedural=False`` (an injected stream): ``data.dataset`` is only a label, not checked.
    """
    import timm

    from procgen import get_dataset
    options = cfg.data.dataset_options()
    if procedural:
        try:
            get_dataset(cfg.data.dataset, **options)
        except KeyError as err:
            raise ConfigError(f"config key 'data.dataset': {err.args[0]}") from None
        except (TypeError, ValueError) as err:  # an option this dataset lacks, or a bad value
            keys = ", ".join(f"{DATASET_OPTION_KEYS[o]}={v}" for o, v in options.items())
            raise ConfigError(f"config keys {keys} do not fit data.dataset={cfg.data.dataset!r}: {err}") from None
    if not timm.is_model(cfg.model.arch):
        raise ConfigError(f"config key 'model.arch': unknown timm architecture {cfg.model.arch!r}")
    from procgen.catalog import open_library
    from procgen.manifest import ManifestError

    try:
        open_library(cfg.data.library)
    except (ValueError, FileNotFoundError, ManifestError) as err:
        raise ConfigError(f"config key 'data.library': {err}") from None


def _save(dino: DINOStep, cfg: TrainConfig, info: DistInfo, step: int, provenance: dict[str, Any]) -> None:
    """Main rank writes the checkpoint atomically; other ranks wait (all hold the same weights)."""
    if info.is_main:
        state = dino.state_dict()
        state.update(config=config_to_dict(cfg), provenance=provenance)
        ckpt.save_checkpoint(state, cfg.output_dir, step)
        ckpt.prune_checkpoints(cfg.output_dir, cfg.keep_checkpoints)
    if dist.is_initialized():
        dist.barrier()
