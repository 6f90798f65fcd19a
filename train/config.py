"""Resolving a typed training config: presets, YAML, then ``key=value`` overrides.

The sections and presets are defined in ``train.config_schema``.

Resolution order (later wins): dataclass defaults -> preset (``preset=...``, chosen first) ->
YAML file (``--config``) -> command-line ``key=value`` overrides. Keys are dotted paths into
the nested sections (``optim.lr=1e-3``); a bare leaf name (``lr=1e-3``) is accepted when it
names exactly one field. Unknown keys and wrong types raise :class:`ConfigError` naming the
key and suggesting close matches. The resolved config is written as YAML next to the
checkpoints (``output_dir/config.yaml``).
"""
from __future__ import annotations

import dataclasses
import difflib
import math
import re
import types
import typing
from pathlib import Path
from typing import Any, Union

import yaml

from procvision.checks import is_int
# The sections and presets live in train.config_schema; importable from here as before.
from train.config_schema import (DATASET_OPTION_KEYS, PRESETS, AugmentConfig, ConfigError,
                                 CropConfig, DataConfig, DinoConfig, ModelConfig, OptimConfig,
                                 TrainConfig)

__all__ = [
    "ConfigError", "TrainConfig", "PRESETS", "resolve_config", "config_to_dict",
    "config_from_dict", "apply_overrides", "save_config", "leaf_keys", "DATASET_OPTION_KEYS",
    "DataConfig", "CropConfig", "AugmentConfig", "ModelConfig", "OptimConfig", "DinoConfig",
]


def _field_map(cls: type, prefix: str = "") -> dict[str, Any]:
    """Dotted key -> annotated type for every leaf field of a (nested) config dataclass."""
    hints = typing.get_type_hints(cls)
    out: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        tp = hints[f.name]
        if dataclasses.is_dataclass(tp):
            out.update(_field_map(tp, prefix + f.name + "."))
        else:
            out[prefix + f.name] = tp
    return out


_FIELDS = _field_map(TrainConfig)
_FLOAT_TEXT = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")


def leaf_keys() -> list[str]:
    """All dotted config keys (``optim.lr``, ``steps``, ...)."""
    return list(_FIELDS)


def _canonical_key(key: str) -> str:
    """Map a dotted key or an unambiguous bare leaf name to its dotted key, or raise."""
    if key in _FIELDS:
        return key
    matches = [k for k in _FIELDS if k.rsplit(".", 1)[-1] == key]
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        raise ConfigError(f"config key {key!r} is ambiguous: use one of {matches}")
    names = list(_FIELDS) + sorted({k.rsplit(".", 1)[-1] for k in _FIELDS})
    close = difflib.get_close_matches(key, names, n=3, cutoff=0.6)
    hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
    raise ConfigError(f"unknown config key {key!r}{hint}")


def _coerce(key: str, value: Any, tp: Any) -> Any:
    """Check ``value`` against the annotated type ``tp``; return it in canonical form."""
    origin = typing.get_origin(tp)
    if origin in (Union, types.UnionType):
        for option in typing.get_args(tp):
            try:
                return _coerce(key, value, option)
            except ConfigError:
                continue
        raise ConfigError(f"config key {key!r} expects {tp}, got {value!r} ({type(value).__name__})")
    if origin is tuple:
        args = typing.get_args(tp)
        if not isinstance(value, (list, tuple)) or len(value) != len(args):
            raise ConfigError(f"config key {key!r} expects a list of {len(args)} values, got {value!r}")
        return tuple(_coerce(key, v, a) for v, a in zip(value, args))
    if tp is bool:
        if isinstance(value, bool):
            return value
    elif tp is int:
        if is_int(value):
            return value
    elif tp is float:
        if is_int(value) or isinstance(value, float):
            return float(value)
        if isinstance(value, str) and _FLOAT_TEXT.match(value.strip()):
            return float(value)  # YAML 1.1 reads "1e-3" (no dot) as a string
    elif tp is str:
        if isinstance(value, str):
            return value
    elif tp is type(None):
        if value is None:
            return None
    else:  # pragma: no cover - a new annotation type was added without support here
        raise ConfigError(f"config key {key!r} has unsupported type {tp}")
    raise ConfigError(
        f"config key {key!r} expects {getattr(tp, '__name__', tp)}, got {value!r} ({type(value).__name__})"
    )


def _set(cfg: TrainConfig, key: str, value: Any) -> None:
    key = _canonical_key(key)
    value = _coerce(key, value, _FIELDS[key])
    *parents, leaf = key.split(".")
    obj: Any = cfg
    for p in parents:
        obj = getattr(obj, p)
    setattr(obj, leaf, value)


def _flatten(d: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Nested mapping (from YAML) -> dotted keys; sections are dicts whose key is a section."""
    out: dict[str, Any] = {}
    for k, v in d.items():
        if not isinstance(k, str):
            raise ConfigError(f"config key {k!r} must be a string")
        if isinstance(v, dict):
            out.update(_flatten(v, prefix + k + "."))
        else:
            out[prefix + k] = v
    return out


def apply_overrides(cfg: TrainConfig, overrides: dict[str, Any]) -> TrainConfig:
    """Set dotted keys on ``cfg`` in place (type-checked) and return it."""
    for k, v in _flatten(overrides).items():
        _set(cfg, k, v)
    return cfg


def parse_cli_overrides(items: list[str]) -> dict[str, Any]:
    """``["optim.lr=1e-3", "steps=10"]`` -> ``{"optim.lr": 0.001, "steps": 10}`` (YAML scalars)."""
    out: dict[str, Any] = {}
    for item in items:
        if "=" not in item:
            raise ConfigError(f"override {item!r} is not of the form key=value")
        key, raw = item.split("=", 1)
        key = _canonical_key(key.strip())
        # A str-typed field keeps the raw text ("seed-like" names stay strings).
        if _FIELDS[key] is str:
            out[key] = raw
        else:
            try:
                out[key] = yaml.safe_load(raw) if raw != "" else ""
            except yaml.YAMLError as err:
                raise ConfigError(f"override {item!r}: cannot parse value: {err}") from None
    return out


def resolve_config(config_file: str | Path | None = None, overrides: list[str] | None = None) -> TrainConfig:
    """Build the final config: defaults -> preset -> YAML file -> ``key=value`` overrides.

    The preset is taken from the overrides if given there, else from the YAML file, else the
    default; it is applied first so that the file and the overrides win over it.
    """
    cli = parse_cli_overrides(overrides or [])
    file_values: dict[str, Any] = {}
    if config_file is not None:
        path = Path(config_file)
        if not path.is_file():
            raise ConfigError(f"config file {str(path)!r} does not exist")
        loaded = yaml.safe_load(path.read_text()) or {}
        if not isinstance(loaded, dict):
            raise ConfigError(f"config file {str(path)!r} must hold a mapping, got {type(loaded).__name__}")
        file_values = {_canonical_key(k): v for k, v in _flatten(loaded).items()}
    preset = cli.get("preset", file_values.get("preset", TrainConfig.preset))
    if preset not in PRESETS:
        raise ConfigError(f"unknown preset {preset!r}; known presets: {sorted(PRESETS)}")
    cfg = TrainConfig()
    apply_overrides(cfg, PRESETS[preset])
    apply_overrides(cfg, file_values)
    apply_overrides(cfg, cli)
    cfg.preset = preset
    validate_config(cfg)
    return cfg


# Largest stream resolution: llvmpipe's GL texture limit (the renderer checks the device's own
# limit when it starts; beyond this no device we target renders, and memory is absurd).
MAX_RESOLUTION = 16384


def _check_ranges(cfg: TrainConfig) -> None:
    """Every float finite; counts and rates in their ranges (before any model or file)."""
    for key, tp in _FIELDS.items():
        value = _get_key(cfg, key)
        floats = value if isinstance(value, tuple) else (value,)
        if any(isinstance(v, float) and not math.isfinite(v) for v in floats):
            raise ConfigError(f"config key {key!r} must be finite, got {value!r}")
    at_least = {"data.prefetch": 0, "threads": 0, "schedule_steps": 0, "optim.warmup_steps": 0,
                "optim.freeze_last_layer_steps": 0, "dino.warmup_teacher_temp_steps": 0,
                "optim.min_lr": 0.0, "optim.weight_decay": 0.0, "optim.weight_decay_end": 0.0,
                "optim.clip_grad": 0.0, "model.hidden_dim": 1, "model.bottleneck_dim": 1}
    for key, low in at_least.items():
        if _get_key(cfg, key) < low:
            raise ConfigError(f"config key {key!r} must be >= {low}, got {_get_key(cfg, key)}")
    if cfg.optim.lr <= 0:
        raise ConfigError(f"config key 'optim.lr' must be > 0, got {cfg.optim.lr}")
    if cfg.data.resolution > MAX_RESOLUTION:
        raise ConfigError(f"config key 'data.resolution' must be <= {MAX_RESOLUTION} (the GL "
                          f"texture limit), got {cfg.data.resolution}")
    if not 0.0 <= cfg.dino.center_momentum <= 1.0:
        raise ConfigError(f"config key 'dino.center_momentum' must be in [0, 1], got "
                          f"{cfg.dino.center_momentum}")


def _get_key(cfg: TrainConfig, key: str) -> Any:
    obj: Any = cfg
    for part in key.split("."):
        obj = getattr(obj, part)
    return obj


def validate_config(cfg: TrainConfig) -> None:
    """Value checks that types cannot express; each error names the key."""
    _check_ranges(cfg)
    positive = {"steps": cfg.steps, "batch_size": cfg.batch_size, "data.resolution": cfg.data.resolution,
                "crops.global_size": cfg.crops.global_size, "crops.local_size": cfg.crops.local_size,
                "model.patch_size": cfg.model.patch_size, "model.out_dim": cfg.model.out_dim,
                "checkpoint_every": cfg.checkpoint_every, "log_every": cfg.log_every}
    for key, value in positive.items():
        if value <= 0:
            raise ConfigError(f"config key {key!r} must be > 0, got {value}")
    if 0 < cfg.schedule_steps < cfg.steps:
        raise ConfigError(f"config key 'schedule_steps' ({cfg.schedule_steps}) must be 0 (= steps) or at "
                          f"least 'steps' ({cfg.steps}): a run cannot train past the end of its schedule")
    c, p = cfg.crops, cfg.model.patch_size
    from train.model import is_vit  # late: train.model imports this module

    vit = is_vit(cfg.model.arch)  # convnets take any crop size; patch_size applies to ViTs only
    for key, size in (("crops.global_size", c.global_size), ("crops.local_size", c.local_size)):
        if vit and size % p:
            raise ConfigError(f"config key {key!r} = {size} is not a multiple of model.patch_size = {p}")
    if c.local_size > c.global_size:
        raise ConfigError(f"crops.local_size ({c.local_size}) must not exceed crops.global_size ({c.global_size})")
    if c.n_local < 0:
        raise ConfigError(f"config key 'crops.n_local' must be >= 0, got {c.n_local}")
    for key, (lo, hi) in (("crops.global_scale", c.global_scale), ("crops.local_scale", c.local_scale)):
        if not 0.0 < lo <= hi <= 1.0:
            raise ConfigError(f"config key {key!r} must satisfy 0 < min <= max <= 1, got {(lo, hi)}")
    if cfg.amp not in ("auto", "bf16", "off"):
        raise ConfigError(f"config key 'amp' must be auto, bf16 or off, got {cfg.amp!r}")
    if not 0.0 <= cfg.model.drop_path < 1.0:
        raise ConfigError(f"config key 'model.drop_path' must be in [0, 1), got {cfg.model.drop_path}")
    if not 0.0 <= cfg.dino.momentum_teacher <= 1.0:
        raise ConfigError(f"config key 'dino.momentum_teacher' must be in [0, 1], got {cfg.dino.momentum_teacher}")
    for key in ("teacher_temp", "warmup_teacher_temp", "student_temp"):
        if getattr(cfg.dino, key) <= 0:
            raise ConfigError(f"config key 'dino.{key}' must be > 0")


def config_to_dict(cfg: TrainConfig) -> dict[str, Any]:
    """Nested plain dict (tuples become lists) suitable for YAML and checkpoints."""
    def plain(v: Any) -> Any:
        if isinstance(v, dict):
            return {k: plain(x) for k, x in v.items()}
        if isinstance(v, (list, tuple)):
            return [plain(x) for x in v]
        return v
    return plain(dataclasses.asdict(cfg))


_RETIRED_KEYS = ("data.num_workers",)  # removed keys that older checkpoints still hold


def config_from_dict(d: dict[str, Any]) -> TrainConfig:
    """Inverse of :func:`config_to_dict` (type-checked; retired keys of older runs are ignored)."""
    return apply_overrides(TrainConfig(), {k: v for k, v in _flatten(d).items() if k not in _RETIRED_KEYS})


def save_config(cfg: TrainConfig, path: str | Path) -> None:
    """Write the resolved config as YAML (sorted sections, readable)."""
    Path(path).write_text(yaml.safe_dump(config_to_dict(cfg), sort_keys=False))
