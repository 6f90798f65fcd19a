"""Cold start of a large library: block 0 opens its window gradually, so the first batch
compiles a few programs instead of the whole window, and elements stay deterministic."""
from __future__ import annotations

import torch

from benchmarks.variant_library import write_variant_library
from procgen import program_cache
from procgen.catalog import open_library
from procgen.gl import get_context
from procgen.schedule import (BLOCK_SAMPLES, RAMP_FIRST_SLOTS, RAMP_SAMPLES_PER_SLOT, UNIFORM_UP_TO,
                              WINDOW_PROGRAMS, pick_programs, window_programs)
from procgen.stream import stream


def test_block_zero_ramps_its_window_and_later_blocks_use_all_of_it():
    library = range(10_000)
    first = pick_programs(library, 3, torch.arange(64), "kml-mixup", 6)  # a first batch: 384 sub-images
    assert len(set(first.tolist())) <= RAMP_FIRST_SLOTS + 64 // RAMP_SAMPLES_PER_SLOT
    window0 = set(window_programs(library, 3, 0))
    ramp_end = (WINDOW_PROGRAMS - RAMP_FIRST_SLOTS) * RAMP_SAMPLES_PER_SLOT
    late = pick_programs(library, 3, torch.arange(ramp_end, BLOCK_SAMPLES), "kml-mixup", 6)
    assert set(late.tolist()) == window0  # past the ramp, the whole window is drawn
    block1 = pick_programs(library, 3, torch.arange(BLOCK_SAMPLES, BLOCK_SAMPLES + 64), "kml-mixup", 6)
    assert len(set(block1.tolist())) > 40  # no ramp after block 0 (its window was compiled ahead)
    assert set(block1.tolist()) <= set(window_programs(library, 3, 1))


def test_ramp_picks_do_not_depend_on_how_indices_are_split():
    library = range(5_000)
    whole = pick_programs(library, 9, torch.arange(256), "shaders", 2)
    parts = torch.cat([pick_programs(library, 9, torch.arange(s, s + 32), "shaders", 2) for s in range(0, 256, 32)])
    assert torch.equal(whole, parts)
    one = pick_programs(library, 9, torch.tensor([200]), "shaders", 2)
    assert torch.equal(one, whole[400:402])


def test_first_batch_of_a_large_library_compiles_only_the_ramp(tmp_path, egl_context):
    """Regression: the first batch compiled (nearly) its whole window of 64 cold programs."""
    root = str(write_variant_library(tmp_path / "lib", UNIFORM_UP_TO + 44, progress=False))
    assert len(open_library(root)) > UNIFORM_UP_TO  # drawn in windows
    stats = program_cache.cache_stats(get_context("cpu"))
    before = stats.misses
    with stream("shaders", 16, 64, seed=5, library=root, prefetch=0) as s:
        first = next(s)
    compiled = program_cache.cache_stats(get_context("cpu")).misses - before
    # the ramp's programs plus the 2 of block 1 compiled ahead in this step
    assert 1 <= compiled <= RAMP_FIRST_SLOTS + 64 // RAMP_SAMPLES_PER_SLOT + 2
    assert first.shape == (64, 3, 16, 16) and torch.isfinite(first).all()
