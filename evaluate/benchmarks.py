"""Registry of benchmark kinds: what the experiment runner can measure on a backbone.

A benchmark kind is a function ``fn(backbone: str, params: dict, out_dir: Path) -> dict``
where ``backbone`` is a `memory.embed` backbone spec (an export folder, ``random:ARCH[@RES]``,
``pixels``), ``params`` are the kind's options from the experiment config, and the result maps
metric names to numbers (plus any extra JSON-able detail). Modules register their kinds with
``@register_benchmark("name")``; the built-in modules are imported on first lookup.
"""
from __future__ import annotations

import importlib
import logging
from pathlib import Path
from typing import Any, Callable

logger = logging.getLogger(__name__)

BenchmarkFn = Callable[[str, dict, Path], dict[str, Any]]

# Modules whose import registers the built-in kinds (imported lazily: some need optional packages).
BUILTIN_MODULES: tuple[str, ...] = (
    "evaluate.pca_seg", "evaluate.knn_seg", "evaluate.twoafc", "evaluate.medmnist",
    "evaluate.linear", "evaluate.experiment_knn",
)

_REGISTRY: dict[str, BenchmarkFn] = {}
_builtins_loaded = False


def register_benchmark(kind: str) -> Callable[[BenchmarkFn], BenchmarkFn]:
    """Decorator registering ``fn`` as benchmark ``kind`` (a later registration wins, with a
    warning)."""
    def decorate(fn: BenchmarkFn) -> BenchmarkFn:
        if kind in _REGISTRY and _REGISTRY[kind] is not fn:
            logger.warning("benchmark kind %r registered again; the later one wins", kind)
        _REGISTRY[kind] = fn
        return fn
    return decorate


def _load_builtins() -> None:
    global _builtins_loaded
    if not _builtins_loaded:
        _builtins_loaded = True
        for module in BUILTIN_MODULES:
            importlib.import_module(module)


def list_benchmarks() -> list[str]:
    """Names of every registered benchmark kind, sorted."""
    _load_builtins()
    return sorted(_REGISTRY)


def get_benchmark(kind: str) -> BenchmarkFn:
    """The function of benchmark ``kind``; KeyError naming the known kinds otherwise."""
    _load_builtins()
    if kind not in _REGISTRY:
        known = ", ".join(sorted(_REGISTRY)) or "none"
        raise KeyError(f"unknown benchmark kind {kind!r}; known: {known}")
    return _REGISTRY[kind]
