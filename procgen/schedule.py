"""Which program each sub-image uses: deterministic windows of a large library, compiled ahead.

Samples are grouped in blocks of `BLOCK_SAMPLES` consecutive global indices. Block b draws only
from a window of about `WINDOW_PROGRAMS` programs: for each library of the set,
`round(WINDOW_PROGRAMS * weight)` programs (at least 1) taken in turn from a fixed permutation
of that library (a member of at most `UNIFORM_UP_TO` programs is in every window whole), so consecutive blocks walk through every program of a run. A sample first
picks a library by weight, then a program of that library's part of the window. The stream
compiles block b+1's window while it renders block b (`window_programs`), so compiling does not
stall training, and the renderer's LRU cache (384) keeps the small members and two windows compiled.

Cold start: block 0 has no block before it to compile its window ahead, so its first batch would
compile the whole window (64 cold compiles, 5-13 s on llvmpipe). Block 0 therefore opens its
window gradually: sample i draws from the first `RAMP_FIRST_SLOTS + i // RAMP_SAMPLES_PER_SLOT`
slots of each part's window (capped at the window), so a first batch of 64 samples needs about
11 programs, and each later batch of 64 adds about 4. Later blocks draw from the whole window.

Everything is a pure function of (seed, index, salt, library sizes and weights): element
`index` does not depend on the batch size or the number of ranks. A single library of at
most `WINDOW_PROGRAMS` programs (the project's own 55) draws uniformly from all of them, with
exactly the numbers `seeding.randint` gives.
"""
from __future__ import annotations

import functools

import torch

from procgen import seeding

WINDOW_PROGRAMS = 64
BLOCK_SAMPLES = 4096
UNIFORM_UP_TO = 256  # a library (or member) this small is drawn whole: all of it stays compiled
RAMP_FIRST_SLOTS = 8  # block 0: slots of a window open to sample 0
RAMP_SAMPLES_PER_SLOT = 16  # block 0: one more slot every this many samples
_SCHEDULE_SALT = "schedule/permutation"


def library_parts(library) -> list[tuple[int, int, float]]:
    """(first id, size, weight) per member library; one part for a plain library."""
    parts = getattr(library, "parts", None)
    return list(parts) if parts is not None else [(0, len(library), 1.0)]


def _window_sizes(parts: list[tuple[int, int, float]]) -> list[int]:
    return [size if size <= UNIFORM_UP_TO else min(size, max(1, round(WINDOW_PROGRAMS * weight)))
            for _, size, weight in parts]


def is_uniform(library) -> bool:
    """True for one library of at most `UNIFORM_UP_TO` programs: uniform draws, no windows."""
    parts = library_parts(library)
    return len(parts) == 1 and parts[0][1] <= UNIFORM_UP_TO


@functools.lru_cache(maxsize=16)
def _permutation(seed: int, part: int, size: int) -> torch.Tensor:
    """A fixed permutation of one library's ids, int64 (size,)."""
    keys = seeding.uniform(seed, torch.arange(size, dtype=torch.int64), f"{_SCHEDULE_SALT}/{part}")[:, 0]
    return torch.argsort(keys, stable=True)


def _window_ids(seed: int, part: int, size: int, window: int, blocks: torch.Tensor, slots: torch.Tensor) -> torch.Tensor:
    """Local ids at `slots` of the windows of `blocks` (same shapes)."""
    if window >= size:
        return slots
    return _permutation(seed, part, size)[(blocks * window + slots) % size]


def open_slots(indices: torch.Tensor, window: int) -> torch.Tensor:
    """How many slots of its window each sample may draw from: int64, shape of `indices`
    (the whole window, except early in block 0: the cold-start ramp)."""
    ramp = RAMP_FIRST_SLOTS + indices // RAMP_SAMPLES_PER_SLOT
    return torch.where(indices < BLOCK_SAMPLES, torch.clamp(ramp, max=window), torch.full_like(indices, window))


def pick_programs(library, seed: int, indices: torch.Tensor, salt: str, per_sample: int) -> torch.Tensor:
    """Program ids of every sub-image, sample-major: int64 (B * per_sample,).

    Args:
        library: a library or `LibrarySet` (anything with len(), optionally `.parts`).
        seed: global seed. indices: int64 (B,) global sample indices (CPU).
        salt: the dataset's name; draws use "<salt>/program" (and "<salt>/library").
        per_sample: sub-images per sample.
    """
    parts = library_parts(library)
    if sum(size for _, size, _ in parts) <= 0:
        raise ValueError("the shader library is empty: add programs to it")
    u = seeding.uniform(seed, indices, f"{salt}/program", per_sample)  # (B, m)
    if is_uniform(library):
        size = parts[0][1]
        return torch.clamp((u * size).floor().to(torch.int64), max=size - 1).reshape(-1)
    sizes = _window_sizes(parts)
    weights = torch.tensor([w for _, _, w in parts], dtype=torch.float64)
    cumulative = torch.cumsum(weights / weights.sum(), 0)
    choice = seeding.uniform(seed, indices, f"{salt}/library", per_sample)
    which = torch.clamp(torch.searchsorted(cumulative, choice, right=True), max=len(parts) - 1)
    blocks = (indices // BLOCK_SAMPLES)[:, None].expand_as(u)
    expanded = indices[:, None].expand_as(u)
    ids = torch.empty_like(which)
    for part, ((first, size, _), window) in enumerate(zip(parts, sizes)):
        mask = which == part
        if mask.any():
            limit = open_slots(expanded[mask], window)
            slots = torch.minimum((u[mask] * limit).floor().to(torch.int64), limit - 1)
            ids[mask] = first + _window_ids(seed, part, size, window, blocks[mask], slots)
    return ids.reshape(-1)


def window_programs(library, seed: int, block: int) -> list[int]:
    """Every program id block `block` may draw (what to compile before it starts)."""
    parts = library_parts(library)
    if is_uniform(library):
        return list(range(parts[0][1]))
    ids: list[int] = []
    for part, ((first, size, _), window) in enumerate(zip(parts, _window_sizes(parts))):
        slots = torch.arange(window, dtype=torch.int64)
        blocks = torch.full_like(slots, int(block))
        ids.extend((first + _window_ids(seed, part, size, window, blocks, slots)).tolist())
    return ids
