"""Atomic checkpoints: write to a temp file in the same folder, fsync, ``os.replace``.

Layout: ``output_dir/checkpoints/ckpt_{step:08d}.pt`` where ``step`` is the number of steps
completed (the stream resumes at ``start_step = step``). A crash mid-write leaves at most a
``.ckpt_*.tmp`` file, which :func:`latest_checkpoint` never returns.

A checkpoint is a dict: ``format``, ``step``, ``config`` (nested plain dict), ``student``,
``teacher``, ``optimizer``, ``center`` and ``checksum`` (``train.integrity.payload_digest``
of everything else). No loss scaler (bf16 needs none) and no RNG state (every random draw is a
function of (seed, step), see train.loop). Loading verifies the checksum and refuses NaN/inf
weights naming the tensor, so damaged bytes never resume or get exported. Stale
``.ckpt_*.tmp`` files of killed writes are removed at the start of a run and after each
successful save.
"""
from __future__ import annotations

import logging
import os
import re
import tempfile
from pathlib import Path
from typing import Any

import torch

from train.config import DATASET_OPTION_KEYS, DataConfig  # every dataset option shapes the stream
from train.integrity import payload_digest, payload_problem

__all__ = ["CheckpointError", "save_checkpoint", "latest_checkpoint", "load_checkpoint",
           "check_compatible", "checkpoint_dir", "prune_checkpoints", "remove_stale_temp",
           "ARCH_KEYS", "STREAM_KEYS"]

logger = logging.getLogger(__name__)

FORMAT = "procvision-dino-v1"
_NAME = re.compile(r"^ckpt_(\d{8})\.pt$")
_TEMP = re.compile(r"^\.ckpt_\d{8}_.*\.tmp$")
# Keys that must match between a checkpoint and the run resuming from it: the architecture
# (the weights must fit) and the data stream (the run resumes at the exact stream position only
# if it is the same stream: same images, same per-step batch, same augmentation seed).
ARCH_KEYS = ("model.arch", "model.patch_size", "model.out_dim", "model.hidden_dim", "model.bottleneck_dim",
             "model.norm_last_layer", "model.head_bn", "crops.global_size")
STREAM_KEYS = ("data.dataset", "data.library", "data.resolution", *DATASET_OPTION_KEYS.values(), "seed",
               "batch_size")
# Keys added after checkpoints were already written: a checkpoint without the key ran
# with what is now its default (before `data.library` existed every run drew from shaders/).
_DEFAULT_WHEN_ABSENT = {"data.library": DataConfig.library, "model.head_bn": False}


class CheckpointError(RuntimeError):
    """A checkpoint is missing, unreadable, or belongs to an incompatible run."""


def checkpoint_dir(output_dir: str | Path) -> Path:
    return Path(output_dir) / "checkpoints"


def save_checkpoint(state: dict[str, Any], output_dir: str | Path, step: int) -> Path:
    """Write ``state`` atomically as ``ckpt_{step}.pt`` with its payload checksum; returns its
    path. Afterwards no ``.ckpt_*.tmp`` is left in the folder (killed writes leave them)."""
    payload = {"format": FORMAT, **state, "step": step}
    payload.pop("checksum", None)
    payload["checksum"] = payload_digest(payload)
    folder = checkpoint_dir(output_dir)
    folder.mkdir(parents=True, exist_ok=True)
    final = folder / f"ckpt_{step:08d}.pt"
    fd, tmp = tempfile.mkstemp(prefix=f".ckpt_{step:08d}_", suffix=".tmp", dir=folder)
    try:
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; checkpoints are shared artefacts
        with os.fdopen(fd, "wb") as fh:
            torch.save(payload, fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, final)  # atomic on POSIX within one filesystem
        dir_fd = os.open(folder, os.O_RDONLY)  # persist the rename itself
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    remove_stale_temp(output_dir)
    return final


def remove_stale_temp(output_dir: str | Path) -> int:
    """Delete ``.ckpt_*.tmp`` files left by checkpoint writes that were killed (one run writes
    a folder at a time, so none of them is still being written); returns how many."""
    folder = checkpoint_dir(output_dir)
    if not folder.is_dir():
        return 0
    stale = [p for p in folder.iterdir() if _TEMP.match(p.name)]
    for path in stale:
        logger.info("removing %s, left by an interrupted checkpoint write", path)
        path.unlink(missing_ok=True)
    return len(stale)


def list_checkpoints(output_dir: str | Path) -> list[tuple[int, Path]]:
    """(step, path) of every completed checkpoint in ``output_dir``, by step (temp files ignored)."""
    folder = checkpoint_dir(output_dir)
    if not folder.is_dir():
        return []
    found = [(int(m.group(1)), p) for p in folder.iterdir() if (m := _NAME.match(p.name))]
    return sorted(found)


def latest_checkpoint(output_dir: str | Path) -> Path | None:
    """Completed checkpoint with the highest step in ``output_dir`` (temp files ignored), or None."""
    found = list_checkpoints(output_dir)
    return found[-1][1] if found else None


def prune_checkpoints(output_dir: str | Path, keep: int) -> None:
    """Delete all but the newest ``keep`` checkpoints (keep <= 0 keeps everything)."""
    if keep > 0:
        for _, path in list_checkpoints(output_dir)[:-keep]:
            path.unlink(missing_ok=True)


def load_checkpoint(path: str | Path, map_location: str | torch.device = "cpu") -> dict[str, Any]:
    """Load a checkpoint dict (tensors and plain values only: ``weights_only=True``), verified:
    the payload checksum must match (checkpoints written before checksums existed are read
    without it) and every floating tensor must be finite (``CheckpointError`` names the tensor)."""
    path = Path(path)
    if not path.is_file():
        raise CheckpointError(f"checkpoint {str(path)!r} does not exist")
    try:
        state = torch.load(path, map_location=map_location, weights_only=True)
    except Exception as err:  # truncated or foreign file
        raise CheckpointError(f"cannot read checkpoint {str(path)!r}: {err}") from err
    if not isinstance(state, dict) or state.get("format") != FORMAT:
        raise CheckpointError(f"{str(path)!r} is not a procvision DINO checkpoint")
    problem = payload_problem(state, state.pop("checksum", None))
    if problem is not None:
        raise CheckpointError(f"checkpoint {str(path)!r} {problem}")
    return state


def _get(d: dict, dotted: str) -> Any:
    """Value at a dotted key; when absent, the default the key had before it was recorded
    (`_DEFAULT_WHEN_ABSENT`), else None (a key added later held its default, None)."""
    for part in dotted.split("."):
        if not isinstance(d, dict) or part not in d:
            return _DEFAULT_WHEN_ABSENT.get(dotted)
        d = d[part]
    return d


def check_compatible(ckpt_config: dict, run_config: dict, path: str | Path) -> None:
    """Raise CheckpointError naming every architecture or data-stream key that differs.

    Args:
        ckpt_config, run_config: nested config dicts (``train.config.config_to_dict``).
        path: the checkpoint, for the message.
    """
    for keys, what in ((ARCH_KEYS, "another architecture"),
                       (STREAM_KEYS, "another data stream (resuming would not continue it)")):
        diffs = [f"{k}: checkpoint {_get(ckpt_config, k)!r} vs run {_get(run_config, k)!r}"
                 for k in keys if _get(ckpt_config, k) != _get(run_config, k)]
        if diffs:
            raise CheckpointError(f"checkpoint {str(path)!r} belongs to {what}: " + "; ".join(diffs))
