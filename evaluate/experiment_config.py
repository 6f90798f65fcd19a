"""Experiment configs: the grid of sources x backbones x budgets x benchmarks, checked before any work.

YAML keys (unknown keys are errors)::

    output_dir: out/experiments/NAME   # results.json, results.md, results.png, runs/, cache/
    seeds: [0, 1, 2]                   # training seeds: every run once per seed (or ``seed: 0``, one)
    train: {preset: cpu-tiny, ...}     # train.config overrides shared by every run
    sources: [kml-mixup, shaders, real:fashion-mnist, random-init]
    backbones: {NAME: {model.arch: resnet18, ...}}   # train.config overrides per backbone
    budgets: [300, 1000]               # training steps (with train.schedule_steps: points of one schedule,
                                       # one training per seed/backbone/source, exported at each budget)
    benchmarks:                        # each: kind (evaluate.benchmarks) + the kind's params
      - {kind: knn, dataset: mnist, limit_train: 5000, limit_test: 1000, k: [10, 20]}
    pixel_baseline: true               # the raw-pixel baseline on every knn benchmark
    pixel_resolution: 28               # side of the pixel baseline's images
    control: {limit: null, scale: [0.35, 1.0]}   # real: sources (evaluate.control)

Seeds: each seed sets a run's initial weights, stream and crops; every (backbone, source, budget)
is trained once per seed and each seed's random init is measured, so a gain is read per seed
(trained minus the same seed's random init) and then averaged. The benchmarks' subsets are drawn
with the first seed for every run (a knn benchmark's own ``seed`` param overrides it): all seeds
are measured on the same images, so their gains are paired.

Sources: a procgen dataset name (trained on the procedural stream), ``real:<memory dataset
spec>`` (the same recipe trained on real images: the control), ``random-init`` (each backbone's
own untrained weights, exactly the runs' starting point).
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from evaluate.benchmarks import get_benchmark
from evaluate.control import REAL_PREFIX

__all__ = ["ExperimentConfig", "ExperimentConfigError", "Benchmark", "load_experiment", "check_experiment",
           "RANDOM_INIT", "train_overrides", "run_fingerprint", "as_override_text"]

RANDOM_INIT = "random-init"
TOP_KEYS = {"output_dir", "seed", "seeds", "train", "sources", "backbones", "budgets", "benchmarks", "pixel_baseline",
            "pixel_resolution", "control", "name", "description"}


class ExperimentConfigError(ValueError):
    """The experiment config names something unknown or malformed (the message names the key)."""


@dataclass(frozen=True)
class Benchmark:
    """One benchmark of the grid: ``kind`` (registered in evaluate.benchmarks) and its params."""
    name: str
    kind: str
    params: dict[str, Any]


@dataclass
class ExperimentConfig:
    """A parsed experiment config (see the module docstring)."""
    output_dir: Path
    sources: list[str]
    backbones: dict[str, dict[str, Any]]
    budgets: list[int]
    benchmarks: list[Benchmark]
    seeds: list[int] = field(default_factory=lambda: [0])
    train: dict[str, Any] = field(default_factory=dict)
    pixel_baseline: bool = True
    pixel_resolution: int = 28
    control: dict[str, Any] = field(default_factory=lambda: {"limit": None, "scale": [0.35, 1.0]})
    name: str = ""
    raw: dict[str, Any] = field(default_factory=dict)

    @property
    def benchmark_seed(self) -> int:
        """The seed of the benchmarks' subsets: the first training seed, the same for every run."""
        return self.seeds[0]


def train_overrides(exp: ExperimentConfig, backbone: str, source: str, budget: int, seed: int) -> dict[str, Any]:
    """The train.config overrides of one run: shared, then the backbone's, then source/budget/seed."""
    dataset = source if source != RANDOM_INIT else exp.train.get("data.dataset", "kml-mixup")
    return {**exp.train, **exp.backbones[backbone], "data.dataset": dataset, "steps": max(budget, 1),
            "seed": seed}


# Keys that change how a run executes, not what it computes: left out of the run's fingerprint, so
# that e.g. a resumed grid with another thread count reuses its finished runs.
EXECUTION_KEYS = frozenset({"threads", "progress", "tensorboard", "log_every", "checkpoint_every", "keep_checkpoints"})


def run_fingerprint(overrides: dict[str, Any], extra: Any = None) -> str:
    """A short hash of a run's overrides (run folders and cells change when the recipe does)."""
    recipe = {k: v for k, v in overrides.items() if k not in EXECUTION_KEYS}
    return hashlib.sha256(json.dumps([recipe, extra], sort_keys=True, default=str).encode()).hexdigest()[:8]


def _flat(mapping: Any, key: str) -> dict[str, Any]:
    if mapping is None:
        return {}
    if not isinstance(mapping, dict):
        raise ExperimentConfigError(f"experiment key {key!r} must be a mapping of train.config keys, got {mapping!r}")
    out: dict[str, Any] = {}
    for k, v in mapping.items():
        if isinstance(v, dict):
            out.update({f"{k}.{kk}": vv for kk, vv in _flat(v, f"{key}.{k}").items()})
        else:
            out[str(k)] = v
    return out


def load_experiment(path: str | Path) -> ExperimentConfig:
    """Read and check an experiment YAML (every name resolved; no training, no dataset decoded)."""
    file = Path(path)
    if not file.is_file():
        raise ExperimentConfigError(f"experiment config {str(file)!r} does not exist")
    try:
        raw = yaml.safe_load(file.read_text()) or {}
    except yaml.YAMLError as err:
        raise ExperimentConfigError(f"{file}: not valid YAML: {err}") from None
    if not isinstance(raw, dict):
        raise ExperimentConfigError(f"{file}: must hold a mapping, got {type(raw).__name__}")
    unknown = sorted(set(raw) - TOP_KEYS)
    if unknown:
        raise ExperimentConfigError(f"{file}: unknown keys {unknown}; known: {sorted(TOP_KEYS)}")
    for key in ("output_dir", "sources", "backbones", "budgets", "benchmarks"):
        if key not in raw:
            raise ExperimentConfigError(f"{file}: key {key!r} is required")
    exp = ExperimentConfig(
        output_dir=Path(raw["output_dir"]), sources=_str_list(raw["sources"], "sources"),
        backbones={str(k): _flat(v, f"backbones.{k}") for k, v in (raw["backbones"] or {}).items()}
        if isinstance(raw["backbones"], dict) else _bad("backbones", raw["backbones"], "a mapping NAME -> overrides"),
        budgets=_budgets(raw["budgets"]), benchmarks=_benchmarks(raw["benchmarks"]),
        seeds=_seeds(raw), train=_flat(raw.get("train"), "train"),
        pixel_baseline=bool(raw.get("pixel_baseline", True)),
        pixel_resolution=_int(raw.get("pixel_resolution", 28), "pixel_resolution", 1),
        control={"limit": None, "scale": [0.35, 1.0], **(raw.get("control") or {})},
        name=str(raw.get("name", file.stem)), raw=raw)
    check_experiment(exp)
    return exp


def _bad(key: str, value: Any, expected: str) -> Any:
    raise ExperimentConfigError(f"experiment key {key!r} must be {expected}, got {value!r}")


def _int(value: Any, key: str, low: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        _bad(key, value, f"an int >= {low}")
    return value


def _seeds(raw: dict[str, Any]) -> list[int]:
    if "seed" in raw and "seeds" in raw:
        _bad("seeds", raw["seeds"], "given without 'seed' (one of them: seed: N, or seeds: [N, ...])")
    if "seeds" not in raw:
        return [_int(raw.get("seed", 0), "seed", 0)]
    value = raw["seeds"]
    if not isinstance(value, list) or not value:
        _bad("seeds", value, "a non-empty list of ints >= 0")
    seeds = [_int(v, "seeds", 0) for v in value]
    if len(set(seeds)) != len(seeds):
        _bad("seeds", value, "a list without repeats")
    return seeds


def _str_list(value: Any, key: str) -> list[str]:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        _bad(key, value, "a non-empty list of names")
    if len(set(value)) != len(value):
        _bad(key, value, "a list without repeats")
    return list(value)


def _budgets(value: Any) -> list[int]:
    if not isinstance(value, list) or not value:
        _bad("budgets", value, "a non-empty list of step counts")
    return [_int(v, "budgets", 1) for v in value]


def _benchmarks(value: Any) -> list[Benchmark]:
    if not isinstance(value, list) or not value:
        _bad("benchmarks", value, "a non-empty list of {kind: ..., ...}")
    out: list[Benchmark] = []
    for i, item in enumerate(value):
        if not isinstance(item, dict) or "kind" not in item:
            _bad(f"benchmarks[{i}]", item, "a mapping with a 'kind'")
        params = {k: v for k, v in item.items() if k not in ("kind", "name")}
        name = str(item.get("name") or f"{item['kind']}:{params.get('dataset', i)}")
        out.append(Benchmark(name, str(item["kind"]), params))
    names = [b.name for b in out]
    if len(set(names)) != len(names):
        _bad("benchmarks", names, "benchmarks with distinct names (add name: ...)")
    return out


def check_experiment(exp: ExperimentConfig) -> None:
    """Every source, backbone, benchmark kind and dataset resolves, else ExperimentConfigError.

    Runs before any training: the train configs are resolved (unknown keys, wrong types,
    unknown timm architectures fail), dataset specs parsed and their files looked up.
    """
    import timm

    from memory.data import load_dataset, parse_dataset_spec
    from procgen.datasets import DATASETS
    from train.config import ConfigError, resolve_config

    datasets: set[str] = set()
    for source in exp.sources:
        if source == RANDOM_INIT or source in DATASETS:
            continue
        if source.startswith(REAL_PREFIX):
            spec = source[len(REAL_PREFIX):]
            try:
                parse_dataset_spec(spec)
            except ValueError as err:
                raise ExperimentConfigError(f"source {source!r}: {err}") from None
            datasets.add(spec)
            continue
        raise ExperimentConfigError(f"unknown source {source!r}; known: {RANDOM_INIT}, {', '.join(sorted(DATASETS))}, "
                                    f"{REAL_PREFIX}<dataset spec>")
    if not exp.backbones:
        _bad("backbones", exp.backbones, "a non-empty mapping NAME -> train.config overrides")
    for name in exp.backbones:
        # The longest budget: a schedule_steps shorter than it is refused here, not after training.
        overrides = train_overrides(exp, name, next(s for s in exp.sources), max(exp.budgets), exp.seeds[0])
        overrides.pop("data.dataset")
        try:
            cfg = resolve_config(None, [f"{k}={as_override_text(v)}" for k, v in overrides.items()])
        except ConfigError as err:
            raise ExperimentConfigError(f"backbone {name!r}: {err}") from None
        if not timm.is_model(cfg.model.arch):
            raise ExperimentConfigError(f"backbone {name!r}: unknown timm architecture {cfg.model.arch!r}")
    for bench in exp.benchmarks:
        try:
            get_benchmark(bench.kind)
        except KeyError as err:
            raise ExperimentConfigError(f"benchmark {bench.name!r}: {err.args[0]}") from None
        if bench.kind == "knn":
            from evaluate.experiment_knn import check_knn_params

            try:
                datasets.add(check_knn_params(bench.params)["dataset"])
            except ValueError as err:
                raise ExperimentConfigError(f"benchmark {bench.name!r}: {err}") from None
    for spec in sorted(datasets):  # files exist and decode (loads the split's index, not the model)
        try:
            load_dataset(spec, "train", limit=1)
        except (FileNotFoundError, ValueError, OSError) as err:
            raise ExperimentConfigError(f"dataset {spec!r}: {err}") from None


def as_override_text(value: Any) -> str:
    """A value as text that train.config's key=value parser reads back unchanged."""
    return json.dumps(value) if not isinstance(value, str) else value
