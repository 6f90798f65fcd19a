"""Integrity of saved weights: payload checksums, finiteness checks, and the checked export reader.

A checkpoint stores ``checksum`` = :func:`payload_digest` of everything else in it; an export's
``model.safetensors`` carries the digest of its tensors in its metadata (key ``sha256``). Both
are verified on load, so flipped bits or random bytes written into a file are an error naming
the file, never weights that silently resume or get exported. Non-finite weights are refused
naming the tensor. This module imports no model code: ``memory`` reads exports through it.
"""
from __future__ import annotations

import hashlib
import json
import math
from pathlib import Path
from typing import Any, Iterator

import torch

__all__ = ["ExportError", "payload_digest", "first_non_finite", "payload_problem", "read_export_config",
           "read_export_weights", "MAX_EXPORT_IMG_SIZE", "EXPORT_CHECKSUM_KEY"]

EXPORT_CHECKSUM_KEY = "sha256"
# Largest img_size an export may declare: a ViT's position embedding and any evaluation batch
# grow with (img_size / patch)^2; beyond this the config is damaged or absurd.
MAX_EXPORT_IMG_SIZE = 4096


class ExportError(ValueError):
    """An export folder that is incomplete, damaged or declares impossible sizes (names the file)."""


def _leaves(obj: Any, prefix: str = "") -> Iterator[tuple[str, Any]]:
    """(dotted path, leaf) pairs in a fixed order: dict keys sorted, sequences in order."""
    if isinstance(obj, dict):
        for key in sorted(obj, key=str):
            yield from _leaves(obj[key], f"{prefix}{key}/")
    elif isinstance(obj, (list, tuple)):
        for i, item in enumerate(obj):
            yield from _leaves(item, f"{prefix}{i}/")
    else:
        yield prefix.rstrip("/"), obj


def payload_digest(obj: Any) -> str:
    """sha256 (hex) over every leaf of a nested dict/list: each tensor's path, dtype, shape and
    raw bytes, each other leaf's path and repr. Equal payloads give equal digests on any machine."""
    digest = hashlib.sha256()
    for path, leaf in _leaves(obj):
        digest.update(path.encode())
        if isinstance(leaf, torch.Tensor):
            t = leaf.detach().cpu().contiguous()
            digest.update(f"{t.dtype}{tuple(t.shape)}".encode())
            if t.numel():
                digest.update(t.reshape(-1).view(torch.uint8).numpy().data)
        else:
            digest.update(repr(leaf).encode())
    return digest.hexdigest()


def first_non_finite(obj: Any) -> str | None:
    """Path of the first floating tensor holding NaN or inf (e.g. ``teacher/blocks.0.norm1.weight``),
    or None when every tensor is finite."""
    for path, leaf in _leaves(obj):
        if isinstance(leaf, torch.Tensor) and leaf.is_floating_point() and leaf.numel():
            if not bool(torch.isfinite(leaf).all()):
                return path
    return None


def payload_problem(payload: Any, expected_digest: str | None) -> str | None:
    """What is wrong with a loaded payload, or None: its digest differs from the one written
    with it (None: written before checksums existed, not checked), or a tensor is not finite."""
    if expected_digest is not None and payload_digest(payload) != expected_digest:
        return "is damaged: its contents do not match the checksum written with it"
    bad = first_non_finite(payload)
    return None if bad is None else f"holds NaN or inf values in tensor {bad!r}"


def _positive_int(config: dict, key: str, file: Path, high: int) -> int:
    value = config.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= high:
        raise ExportError(f"{file}: {key!r} must be an integer in [1, {high}], got {value!r}")
    return value


def read_export_config(folder: str | Path) -> dict[str, Any]:
    """The export's ``config.json``, checked before anything is allocated.

    Raises:
        FileNotFoundError: no config.json. ExportError: not JSON, missing keys, or sizes out of
        range (img_size in [1, MAX_EXPORT_IMG_SIZE], patch_size in [1, img_size], embed_dim,
        mean/std three finite numbers, std > 0); the message names the file and the key.
    """
    file = Path(folder) / "config.json"
    if not file.is_file():
        raise FileNotFoundError(f"{str(file)!r} does not exist (not a train.export folder)")
    try:
        config = json.loads(file.read_text())
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ExportError(f"{file} is not valid JSON: {error}") from None
    if not isinstance(config, dict):
        raise ExportError(f"{file} must hold a JSON object, got {type(config).__name__}")
    absent = [k for k in ("arch", "patch_size", "img_size") if k not in config]
    if absent:
        raise ExportError(f"{file} lacks keys {absent}")
    if not isinstance(config["arch"], str):
        raise ExportError(f"{file}: 'arch' must be a timm model name, got {config['arch']!r}")
    img_size = _positive_int(config, "img_size", file, MAX_EXPORT_IMG_SIZE)
    if config["patch_size"] is not None:  # null for convnets (train.export: no patches)
        _positive_int(config, "patch_size", file, img_size)
    if "embed_dim" in config:
        _positive_int(config, "embed_dim", file, 65536)
    for key in ("mean", "std"):
        value = config.get(key)
        if value is None:
            continue
        if (not isinstance(value, list) or len(value) != 3
                or not all(isinstance(v, (int, float)) and math.isfinite(v) for v in value)
                or (key == "std" and min(value) <= 0)):
            raise ExportError(f"{file}: {key!r} must be 3 finite numbers"
                              f"{' > 0' if key == 'std' else ''}, got {value!r}")
    return config


def read_export_weights(folder: str | Path) -> dict[str, torch.Tensor]:
    """The tensors of the export's ``model.safetensors``, verified.

    Raises:
        FileNotFoundError: no model.safetensors. ExportError: truncated or unreadable file, a
        checksum that does not match the tensors (damaged bytes), or a non-finite tensor
        (named). Exports written before checksums existed are read without that check.
    """
    from safetensors import safe_open

    file = Path(folder) / "model.safetensors"
    if not file.is_file():
        raise FileNotFoundError(f"{str(file)!r} does not exist")
    try:
        with safe_open(str(file), framework="pt", device="cpu") as handle:
            metadata = handle.metadata() or {}
            weights = {key: handle.get_tensor(key) for key in handle.keys()}
    except Exception as error:  # safetensors raises its own error types for damaged headers
        raise ExportError(f"{file} is truncated or not a safetensors file: {error}") from None
    problem = payload_problem(weights, metadata.get(EXPORT_CHECKSUM_KEY))
    if problem is not None:
        raise ExportError(f"{file} {problem}")
    return weights
