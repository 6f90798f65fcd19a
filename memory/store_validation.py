"""Input checks of the memory store: a clear error for every bad input before anything is written.

Shapes, dtypes, NaN/inf, zero vectors, label counts, ids, metadata, k."""
from __future__ import annotations

import json
import math
from typing import Any

import numpy as np
import torch

from procvision.checks import check_int

__all__ = ["unit_rows", "int_vector", "metadata_rows", "check_k", "METADATA_COLUMNS"]

METADATA_COLUMNS = ("source", "subject", "dataset", "added_at")


def _as_tensor(x: Any, name: str) -> torch.Tensor:
    if isinstance(x, torch.Tensor):
        return x.detach()
    array = np.asarray(x)
    if array.dtype == object:
        raise TypeError(f"{name} must be a numeric array, got an object array")
    return torch.from_numpy(np.ascontiguousarray(array))


def unit_rows(x: Any, name: str, dim: int | None) -> torch.Tensor:
    """Check a float matrix and L2-normalise its rows.

    Args:
        x: numpy array or tensor, float (N, D). name: used in messages. dim: expected D or None.
    Returns:
        float32 (N, D) tensor with unit rows, on x's device (CPU for numpy).
    """
    t = _as_tensor(x, name)
    if not t.dtype.is_floating_point:
        raise TypeError(f"{name} must be floating point (float32 preferred), got dtype {t.dtype}")
    if t.ndim != 2:
        raise ValueError(f"{name} must be 2-D (N, D), got shape {tuple(t.shape)}")
    if dim is not None and t.shape[1] != dim:
        raise ValueError(f"{name} have dimension {t.shape[1]}, but the memory's dimension is "
                         f"{dim} (expected {dim}, got {t.shape[1]})")
    if t.shape[1] == 0:
        raise ValueError(f"{name} have dimension 0")
    t = t.to(torch.float32)
    bad = ~torch.isfinite(t).all(dim=1)
    if bad.any():
        rows = bad.nonzero().flatten()[:10].tolist()
        raise ValueError(f"{name} contain NaN or inf values (rows {rows})")
    norms = torch.linalg.vector_norm(t, dim=1, keepdim=True)
    if (norms == 0).any():
        rows = (norms.flatten() == 0).nonzero().flatten()[:10].tolist()
        raise ValueError(f"{name} rows {rows} are all zero: a zero vector has no direction")
    return t / norms


def int_vector(x: Any, name: str, n: int | None, allow_negative: bool = False) -> torch.Tensor:
    """Check an integer vector (labels or ids) and return it as int64 (n,) on the CPU."""
    t = _as_tensor(x, name)
    if t.dtype == torch.bool or t.dtype.is_floating_point or t.dtype.is_complex:
        raise TypeError(f"{name} must be integers, got dtype {t.dtype}")
    if t.ndim == 0 and n is None:
        t = t.reshape(1)
    if t.ndim != 1:
        raise ValueError(f"{name} must be 1-D, got shape {tuple(t.shape)}")
    if n is not None and len(t) != n:
        raise ValueError(f"{name} has length {len(t)}, expected {n} (one per embedding)")
    t = t.to("cpu", torch.int64).contiguous()
    if not allow_negative and len(t) and int(t.min()) < 0:
        raise ValueError(f"{name} must be >= 0 (-1 marks padding), got {int(t.min())}")
    return t


def metadata_rows(metadata: Any, n: int, default_time: float) -> list[tuple]:
    """Normalise metadata to n tuples (source, subject, dataset, added_at, extras_json).

    Args:
        metadata: None, a list of n dicts, or a dict of n-long lists.
    """
    if metadata is None:
        columns: dict[str, list] = {}
    elif isinstance(metadata, dict):
        columns = {str(k): list(v) if not isinstance(v, (str, bytes)) else v
                   for k, v in metadata.items()}
        for key, values in columns.items():
            if isinstance(values, (str, bytes)) or len(values) != n:
                raise ValueError(f"metadata[{key!r}] must be a list of {n} values (one per "
                                 f"embedding), got {values!r:.60}")
    elif isinstance(metadata, (list, tuple)):
        if len(metadata) != n or not all(isinstance(m, dict) for m in metadata):
            raise ValueError(f"metadata must be a list of {n} dicts (one per embedding)")
        keys = sorted({str(k) for m in metadata for k in m})
        columns = {k: [m.get(k) for m in metadata] for k in keys}
    else:
        raise TypeError(f"metadata must be None, a list of dicts or a dict of lists, "
                        f"got {type(metadata).__name__}")
    text = [[None if v is None else str(v) for v in columns[key]] if key in columns
            else [None] * n for key in ("source", "subject", "dataset")]
    times = [default_time if v is None else float(v) for v in columns.get("added_at", [None] * n)]
    bad = [i for i, t in enumerate(times) if not math.isfinite(t)]
    if bad:
        raise ValueError(f"metadata added_at is not finite in rows {bad[:10]}")
    extra_keys = [k for k in columns if k not in METADATA_COLUMNS]
    extras: list[str | None] = [None] * n
    for i in range(n) if extra_keys else ():
        row = {k: columns[k][i] for k in extra_keys if columns[k][i] is not None}
        try:
            extras[i] = json.dumps(row, sort_keys=True) if row else None
        except (TypeError, ValueError) as error:
            raise ValueError(f"metadata extras of row {i} are not JSON-serialisable: {error}") from None
    return list(zip(*text, times, extras))


def check_k(k: Any) -> int:
    """k must be a positive integer (bools are refused)."""
    return check_int("k", k, 1, error=TypeError)
