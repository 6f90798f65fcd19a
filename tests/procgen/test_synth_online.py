"""The online synthesizer library `synth:SEED:N`: spec parsing, probing, the replacement rule, determinism."""
from __future__ import annotations

import pytest
import torch

from procgen.catalog import LibrarySet, open_library, parse_spec
from procgen.datasets import get_dataset
from procgen.renderer import BatchRenderer
from procgen.stream import stream
from procgen.synth import synthesize
from procgen.synth.online import SynthLibrary

LAST_LINE = "fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);"
BAD = {  # candidate -> what replaces the last line: each is a real way a program goes wrong
    1: "fragColor = vec4(no_such_variable, 1.0);",  # does not compile
    3: "fragColor = vec4(0.25, 0.5, 0.75, 1.0);",  # a constant colour
    4: "fragColor = vec4(log(-1.0 - abs(col)), 1.0);",  # NaN everywhere
}


class BadCandidates(SynthLibrary):
    """Synthesized programs, except that candidates in BAD are broken versions of themselves."""

    def source_of(self, candidate: int) -> str:
        text = synthesize(self.version, self.seed, candidate).source
        return text.replace(LAST_LINE, BAD[candidate]) if candidate in BAD else text


def test_spec_parsing() -> None:
    assert parse_spec("shaders,synth:7:10000:0.5") == [("shaders", None), ("synth:7:10000", 0.5)]
    assert parse_spec("synth:7:10") == [("synth:7:10", None)]
    for bad in ("synth:7", "synth:x:10", "synth:7:0", "synth:7:10:2", "synth:7:10:a", "synth:1:2:0.5:3"):
        with pytest.raises(ValueError, match="synth"):
            open_library(bad)
    library = open_library("shaders,synth:7:300:0.5")
    assert isinstance(library, LibrarySet) and isinstance(library.libraries[1], SynthLibrary)
    assert len(library.libraries[1]) == 300 and library.weights == [0.5, 0.5]


def test_a_spec_names_its_version_and_without_one_means_version_1() -> None:
    assert parse_spec("synth:7:10:v2:0.25,shaders") == [("synth:7:10:v2", 0.25), ("shaders", None)]
    old, new = open_library("synth:7:10"), open_library("synth:7:10:v2")
    assert (old.version, new.version) == (1, 2) and (old.spec, new.spec) == ("synth:7:10", "synth:7:10:v2")
    assert new.names[3] == "synth-v2-s7-000003" and new.index_of("synth-v2-s7-000003") == 3
    with pytest.raises(KeyError):
        new.index_of("synth-v1-s7-000003")
    assert new.source_of(3) == synthesize(2, 7, 3).source != old.source_of(3)
    for bad, message in (("synth:7:10:v9", "version 9 is not available"), ("synth:7:10:vx", "vVERSION"),
                         ("synth:7:10:v2:a", "must be a number"), ("synth:7:10:v2:0.5:1", "optional :WEIGHT")):
        with pytest.raises(ValueError, match=message):
            open_library(bad)


def test_bad_programs_never_reach_a_batch() -> None:
    n = 6
    library = BadCandidates(seed=7, n=n)
    renderer = BatchRenderer(library)
    dataset = get_dataset("shaders")
    indices = torch.arange(48, dtype=torch.int64)
    images = dataset.render(renderer, indices, 3, 32)
    # the broken candidates were probed, logged and replaced by k + N
    assert set(library.rejected) == set(BAD)
    assert "compile" in library.rejected[1] and "constant" in library.rejected[3]
    assert "not finite" in library.rejected[4]
    assert {k: library.candidate_of(k) for k in range(n)} == {0: 0, 1: 7, 2: 2, 3: 9, 4: 10, 5: 5}
    for k in BAD:
        assert library[k].metadata["candidate"] == str(k + n)
    assert torch.isfinite(images).all()
    per_image = images.flatten(1)
    assert (per_image.max(1).values - per_image.min(1).values > 0.01).all()  # no constant image
    # what a replaced id draws is exactly the replacement program, rendered on its own
    from procgen.datasets import draw_shader_inputs
    ids, seeds, times = draw_shader_inputs(3, indices, "shaders", 1, library)
    j = int(torch.nonzero(ids == 3)[0])
    alone = SynthLibrary(seed=7, n=16)  # id 9 of a 16-program library is candidate 9: the replacement of 3
    expected = BatchRenderer(alone).render([9], seeds[j:j + 1], times[j:j + 1], 32)[0]
    assert torch.equal(images[j], expected)


def test_a_verdict_is_about_its_own_program_whatever_was_probed_before() -> None:
    """The probe draws candidate k under id k for every library: another library's candidate k,
    probed earlier in the process, must not stand in for this one's (in either direction)."""
    good_first = SynthLibrary(seed=7, n=6)
    good_first.prepare(torch.arange(6))
    assert not good_first.rejected  # candidates 0-5 of seed 7 are good programs
    bad = BadCandidates(seed=7, n=6)
    bad.prepare(torch.arange(6))
    assert set(bad.rejected) == set(BAD)  # 1 does not compile, 3 is constant, 4 is NaN
    good_after = SynthLibrary(seed=7, n=6)
    good_after.prepare(torch.arange(6))
    assert not good_after.rejected


def test_probe_during_a_draw_pass_leaves_the_pass_intact() -> None:
    """Unprobed ids met inside a draw pass (no `prepare` first) are probed in the middle of it."""
    seeds, times = torch.rand(4, 4), torch.rand(4) * 5
    cold = BatchRenderer(SynthLibrary(seed=13, n=8)).render([2, 6, 2, 4], seeds, times, 16)
    warm_library = SynthLibrary(seed=13, n=8)
    warm_library.prepare(torch.tensor([2, 4, 6]))
    warm = BatchRenderer(warm_library).render([2, 6, 2, 4], seeds, times, 16)
    assert torch.equal(cold, warm)


def test_batch_size_and_first_use_order_do_not_change_images() -> None:
    dataset = get_dataset("shaders")
    indices = torch.arange(24, dtype=torch.int64)
    whole = dataset.render(BatchRenderer(BadCandidates(seed=7, n=6)), indices, 5, 16)
    library = BadCandidates(seed=7, n=6)  # fresh: probes happen in another order, in smaller batches
    renderer = BatchRenderer(library)
    parts = [dataset.render(renderer, chunk, 5, 16) for chunk in reversed(indices.split(5))]
    assert torch.equal(whole, torch.cat(parts[::-1]))


def test_streams_with_different_batch_sizes_agree() -> None:
    spec = "shaders,synth:11:40:0.5"
    a = stream("shaders", 16, 12, seed=2, library=spec, prefetch=0)
    b = stream("shaders", 16, 4, seed=2, library=spec, prefetch=0)
    first = next(a)
    assert torch.equal(first, torch.cat([next(b) for _ in range(3)]))
    members = open_library(spec)
    assert members.libraries[1]._chosen  # the synthesized member was drawn from
