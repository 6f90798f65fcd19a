"""A bounded LRU cache of compiled GL programs, one per GL context.

Compiling is the expensive part of drawing from a large library (~150 ms per program on a cold
llvmpipe, a few ms with Mesa's disk cache), and every linked program holds driver memory, so a
library of 10,000+ programs keeps only the most recently used ones linked. The bound is
`set_program_cache_size(n)` (default `DEFAULT_PROGRAM_CACHE_SIZE`, or $PROCVISION_PROGRAM_CACHE).
Callers hold a `CachedProgram` and check `.alive` before drawing: an evicted program is
released and must be fetched (recompiled) again. Use only under the context's lock, bound.
"""
from __future__ import annotations

import os
from collections import OrderedDict
from dataclasses import dataclass
from typing import Callable

import moderngl

DEFAULT_PROGRAM_CACHE_SIZE = 384  # a whole small library (<= 256) + 2 windows of 64; ~1.4-2.6 MB each (llvmpipe)


@dataclass
class CachedProgram:
    """A linked program and whether the cache still holds it (False once evicted and released)."""

    program: moderngl.Program
    key: str
    alive: bool = True


@dataclass
class CacheStats:
    """Counters of one context's cache."""

    size: int = 0
    capacity: int = 0
    hits: int = 0
    misses: int = 0
    evictions: int = 0


def _initial_capacity() -> int:
    value = os.environ.get("PROCVISION_PROGRAM_CACHE", "")
    try:
        return max(1, int(value)) if value else DEFAULT_PROGRAM_CACHE_SIZE
    except ValueError:
        raise ValueError(f"PROCVISION_PROGRAM_CACHE must be a positive int, got {value!r}") from None


_capacity = _initial_capacity()
_CACHES: dict[int, "OrderedDict[str, CachedProgram]"] = {}  # id(ctx) -> key -> program (LRU last)
_STATS: dict[int, CacheStats] = {}


def set_program_cache_size(capacity: int) -> None:
    """Bound every context's cache to `capacity` programs (applied at the next use of a program)."""
    if isinstance(capacity, bool) or not isinstance(capacity, int) or capacity < 1:
        raise ValueError(f"program cache size must be an int >= 1, got {capacity!r}")
    global _capacity
    _capacity = capacity


def program_cache_size() -> int:
    """The current bound (programs per context)."""
    return _capacity


def cache_stats(ctx: moderngl.Context) -> CacheStats:
    """Size, capacity, hits, misses and evictions of `ctx`'s cache."""
    stats = _STATS.setdefault(id(ctx), CacheStats())
    stats.size, stats.capacity = len(_CACHES.get(id(ctx), ())), _capacity
    return stats


def get_program(ctx: moderngl.Context, key: str, build: Callable[[], moderngl.Program]) -> CachedProgram:
    """The cached program under `key`, or `build()` it, insert it and evict the least recently
    used beyond the bound (releasing them). `ctx` must be bound by the caller."""
    cache = _CACHES.setdefault(id(ctx), OrderedDict())
    stats = _STATS.setdefault(id(ctx), CacheStats())
    entry = cache.get(key)
    if entry is not None:
        cache.move_to_end(key)
        stats.hits += 1
        return entry
    stats.misses += 1
    entry = CachedProgram(build(), key)
    cache[key] = entry
    _trim(cache, stats)
    return entry


def _trim(cache: "OrderedDict[str, CachedProgram]", stats: CacheStats) -> None:
    """Release the least recently used programs beyond the bound (the context is bound)."""
    while len(cache) > _capacity:
        _, old = cache.popitem(last=False)
        old.alive = False
        old.program.release()
        stats.evictions += 1


def touch(ctx: moderngl.Context, entry: CachedProgram) -> None:
    """Mark `entry` as just used (an LRU hit without a lookup by key); applies a lowered bound."""
    cache = _CACHES.get(id(ctx))
    if cache is not None and entry.alive:
        cache.move_to_end(entry.key)
        _STATS.setdefault(id(ctx), CacheStats()).hits += 1
        _trim(cache, _STATS[id(ctx)])
