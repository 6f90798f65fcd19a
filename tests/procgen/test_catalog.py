"""Libraries from manifests (lazy, hash-checked), weighted library sets, program windows, the
bounded compile cache, and streams drawing from a library spec; real files, real llvmpipe."""
from __future__ import annotations

from pathlib import Path

import pytest
import torch

from procgen import program_cache
from procgen.catalog import LibrarySet, ManifestLibrary, open_library, parse_spec
from procgen.manifest import ManifestError, ProgramEntry, source_sha256, write_manifest
from procgen.renderer import BatchRenderer
from procgen.schedule import BLOCK_SAMPLES, UNIFORM_UP_TO, WINDOW_PROGRAMS, pick_programs, window_programs
from procgen.stream import sample, stream


def program(i: int) -> str:
    """A distinct program per i (no iSeed: it gets the seed-derived view)."""
    return (f"void mainImage(out vec4 c, in vec2 f) {{\n  vec2 uv = f / iResolution.xy;\n"
            f"  c = vec4(0.5 + 0.5 * sin(uv.x * {i % 17 + 2}.0 + iTime), uv.y, fract({i}.0 * 0.618), 1.0);\n}}\n")


def make_library(folder: Path, count: int, write_files: bool = True) -> Path:
    entries = []
    for i in range(count):
        text = program(i)
        if write_files:
            (folder / "programs").mkdir(parents=True, exist_ok=True)
            (folder / "programs" / f"p{i:05d}.glsl").write_text(text)
        entries.append(ProgramEntry(f"p{i:05d}", f"programs/p{i:05d}.glsl", source_sha256(text),
                                    {"family": "waves", "licence": "CC0", "author": "tests"}))
    write_manifest(folder, {"name": "tests"}, entries)
    return folder


def test_manifest_library_is_lazy_and_checks_each_source(tmp_path):
    root = make_library(tmp_path / "lib", 5)
    (root / "programs" / "p00003.glsl").write_text(program(99))  # edited after the manifest
    (root / "programs" / "p00004.glsl").unlink()
    library = ManifestLibrary(root)  # opening reads only the manifest: no error yet
    assert len(library) == 5 and library.names[2] == "p00002" and library.families == ["waves"] * 5
    shader = library[1]
    assert shader.name == "p00001" and shader.licence == "CC0" and "sin(uv.x * 3.0" in shader.expanded_source
    assert library["p00001"] is shader  # cached
    with pytest.raises(ManifestError, match="p00003.glsl: content differs"):
        library[3]
    with pytest.raises(ManifestError, match="p00004.glsl: listed in the manifest"):
        library[4]


def test_twenty_thousand_programs_open_without_reading_a_program(tmp_path):
    # The program files are never written: opening (and indexing names) must not need them.
    # How fast it opens is a benchmark (benchmarks/bench_corpus.py, RESULTS.md), not a timed test.
    root = make_library(tmp_path / "big", 20000, write_files=False)
    library = open_library(str(root))
    assert len(library) == 20000


def test_specs_and_weights(tmp_path):
    root = make_library(tmp_path / "lib", 3)
    assert parse_spec(f"shaders,{root}:0.9") == [("shaders", None), (str(root), 0.9)]
    both = open_library(f"shaders,{root}:0.9")
    assert isinstance(both, LibrarySet) and len(both) == len(open_library("shaders")) + 3
    assert both.weights == pytest.approx([0.1, 0.9])
    assert both[len(both) - 1].name == "p00002" and both.index_of("p00000") == len(both) - 3
    union = open_library(f"shaders,{root}")
    assert union.weights[1] == pytest.approx(3 / len(union))  # uniform over every program
    for bad in (f"shaders:0.5,{root}:0.6", f"{root}:1.5", f"{root},", str(tmp_path / "absent")):
        with pytest.raises((ValueError, FileNotFoundError)):
            open_library(bad)


def test_weighted_picks_follow_the_weights_and_windows(tmp_path):
    big = make_library(tmp_path / "big", 300, write_files=False)
    library = open_library(f"shaders,{big}:0.9")
    indices = torch.arange(20000, dtype=torch.int64)
    ids = pick_programs(library, 7, indices, "shaders", 1)
    from_big = (ids >= library.offsets[1]).double().mean().item()
    assert abs(from_big - 0.9) < 0.02
    for block in (0, 1, 4):  # every id of a block lies in that block's window
        in_block = ids[(indices // BLOCK_SAMPLES) == block]
        assert set(in_block.tolist()) <= set(window_programs(library, 7, block))
    windows = [set(window_programs(library, 7, b)) for b in range(6)]
    small = len(open_library("shaders"))  # <= UNIFORM_UP_TO: in every window whole
    assert all(len(w) == small + round(0.9 * WINDOW_PROGRAMS) for w in windows)
    covered = set().union(*windows) & set(range(library.offsets[1], len(library)))
    assert len(covered) == 300  # ceil(300 / 58) blocks walk through every program of the big library
    # element index depends only on (seed, index, salt, library): any split gives the same ids
    assert torch.equal(ids[5000:5100], pick_programs(library, 7, indices[5000:5100], "shaders", 1))


def test_small_library_picks_match_plain_randint():
    from procgen import seeding

    indices = torch.arange(1000, dtype=torch.int64)
    for size in (55, UNIFORM_UP_TO):
        assert torch.equal(pick_programs(range(size), 3, indices, "kml", 3),
                           seeding.randint(3, indices, "kml/program", size, 3).reshape(-1))
    assert set(window_programs(range(UNIFORM_UP_TO + 1), 3, 0)) != set(range(UNIFORM_UP_TO + 1))


def test_lru_compile_cache_is_bounded_and_recompiles_evicted_programs(tmp_path, egl_context):
    library = ManifestLibrary(make_library(tmp_path / "lib", 6))
    renderer = BatchRenderer(library)
    seeds, times = torch.rand(6, 4, generator=torch.Generator().manual_seed(0)), torch.full((6,), 1.0)
    first = renderer.render(list(range(6)), seeds, times, 8)
    before = program_cache.program_cache_size()
    try:
        program_cache.set_program_cache_size(2)
        evictions = program_cache.cache_stats(renderer.ctx).evictions
        again = torch.cat([renderer.render([i], seeds[i:i + 1], times[i:i + 1], 8) for i in range(6)])
        stats = program_cache.cache_stats(renderer.ctx)
        assert stats.size <= 2 and stats.evictions > evictions
        assert sum(renderer.is_compiled(i) for i in range(6)) <= 2
        assert torch.equal(first, again)  # evicted programs come back identical
    finally:
        program_cache.set_program_cache_size(before)
    with pytest.raises(ValueError):
        program_cache.set_program_cache_size(0)


def test_stream_and_sample_draw_from_a_library_spec(tmp_path, egl_context):
    root = str(make_library(tmp_path / "lib", 4))
    with stream("shaders", 16, 4, seed=2, library=root, prefetch=0) as s:
        batch = next(s)
        assert s.position["library"] == root
    assert torch.equal(batch[3], sample("shaders", 3, seed=2, resolution=16, library=root))
    with pytest.raises(FileNotFoundError):
        stream("shaders", 16, 4, library=str(tmp_path / "absent"))


def test_library_option_on_preview_and_check(tmp_path, egl_context, capsys):
    from procgen import check, preview

    root = str(make_library(tmp_path / "lib", 2))
    written = preview.main(["--dataset", "shaders", "--n", "4", "--resolution", "16", "--library", root,
                            "--out", str(tmp_path / "grid.png"), "--strip-samples", "2"])
    assert (tmp_path / "grid.png").stat().st_size > 0 and written
    assert check.main(["--library", root, "--resolutions", "32"]) == 0
    assert "2/2 shaders passed" in capsys.readouterr().out


def test_large_library_elements_do_not_depend_on_batch_or_ranks(tmp_path, egl_context):
    """A library above the window size is drawn in windows: element `index` is still the same
    image whatever the batch size or the number of ranks (and the stream compiles ahead)."""
    root = str(make_library(tmp_path / "lib", UNIFORM_UP_TO + 20))
    with stream("shaders", 16, 8, seed=1, library=root, prefetch=0) as whole:
        one = torch.cat([next(whole) for _ in range(2)])
    halves = []
    for rank in (0, 1):
        with stream("shaders", 16, 4, seed=1, library=root, prefetch=0, rank=rank, world_size=2) as part:
            halves.append([next(part) for _ in range(2)])
    two = torch.cat([torch.cat([halves[0][s], halves[1][s]]) for s in range(2)])
    assert torch.equal(one, two)
    assert torch.equal(one[13], sample("shaders", 13, seed=1, resolution=16, library=root))
