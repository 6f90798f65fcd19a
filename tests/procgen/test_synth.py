"""The program synthesizer: deterministic text, the iSeed/iTime contract, every block reachable, and the
library writer with the real `procgen.check` (rejections discarded and counted, versions refused)."""
from __future__ import annotations

import hashlib
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest

from procgen.library import has_main_image, load_shader, strip_comments
from procgen.manifest import ManifestError, read_manifest, read_program_source, write_manifest
from procgen.synth import SYNTH_VERSION, SynthVersionError, normalised_hash, program_source, skeleton, synthesize
from procgen.synth import library as synth_library
from procgen.synth.codegen import Gen
from procgen.synth.compose import BUDGET, LEAVES, NEUTRAL_BLENDS, POSTS, blend_modes
from procgen.synth.coords import TRANSFORMS

REPO = Path(__file__).resolve().parents[2]
SAMPLE = [synthesize(1, 7, i) for i in range(400)]
SAMPLE2 = [synthesize(2, 7, i) for i in range(400)]
SAMPLE3 = [synthesize(3, 7, i) for i in range(400)]
# sha256 of program_source(v, 7, i) for i < 50, joined: versions 1 and 2 as released (2026-12-02, 2026-12-03)
LAYER_BODY = re.compile(r"vec3 L\d+\(vec2 p\) \{\n(.*?)\n\}", re.S)  # a layer function's body
VERSION1_TEXT = "ae1d498258eee1bba9cd0085deb4658f687e3c43afc2719b33fbd09c3ff604f7"
VERSION2_TEXT = "6c693264ca6c27d75697f9f21be245b23daebf4a82e7e9b2b5b5e876ea54d620"


def test_program_n_is_always_the_same_text_even_in_another_process():
    assert program_source(1, 7, 5) == SAMPLE[5].source
    code = "from procgen.synth import program_source; print(program_source(1, 7, 5), end='')"
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={"PYTHONPATH": str(REPO), "PYTHONHASHSEED": "123", "PATH": "/usr/bin:/bin"})
    assert other.stdout == SAMPLE[5].source


def test_versions_1_and_2_still_generate_the_text_they_were_released_with():
    """A new version must never change an old one: libraries and recorded experiments name it."""
    assert hashlib.sha256("".join(p.source for p in SAMPLE[:50]).encode()).hexdigest() == VERSION1_TEXT
    assert hashlib.sha256("".join(p.source for p in SAMPLE2[:50]).encode()).hexdigest() == VERSION2_TEXT
    assert SYNTH_VERSION == 1  # the demo and recorded experiments use it; no later version trains better (RESULTS.md)


def test_version_2_frames_each_image_and_shades_with_coarse_noise():
    for old, new in zip(SAMPLE[:100], SAMPLE2[:100]):
        assert new.name == old.name.replace("-v1-", "-v2-") and new.source != old.source
        code = strip_comments(new.source)
        assert new.recipe.startswith("frame>") and "p = pv_rot2(" in code.split("mainImage")[1]
        layers = LAYER_BODY.findall(code)
        assert layers and all("pv_vnoise(p * " in body and "* dot(p, vec2(" not in body for body in layers)
        assert all("* dot(p, vec2(" in body for body in LAYER_BODY.findall(strip_comments(old.source)))


def test_version_3_is_version_1_with_blends_neutral_at_mid_grey():
    neutral = {name for name, _ in NEUTRAL_BLENDS.values()}
    seen = set()
    for v1, v3 in zip(SAMPLE[:200], SAMPLE3[:200]):
        assert v3.name == v1.name.replace("-v1-", "-v3-") and not v3.recipe.startswith("frame>")
        code = strip_comments(v3.source)
        assert all("* dot(p, vec2(" in body for body in LAYER_BODY.findall(code))  # version 1's shading
        assert not re.search(r"\b(multiply|add)\(", v3.recipe), v3.recipe
        seen |= {name for name in neutral if f"{name}(" in v3.recipe}
        assert "return a * b;" not in code and "return min(a + b, 1.0);" not in code
    assert seen == neutral
    assert "return clamp(2.0 * a * b, 0.0, 1.0);" in "".join(p.source for p in SAMPLE3)


def test_programs_differ_across_index_and_seed():
    hashes = {normalised_hash(p.source) for p in SAMPLE}
    assert len(hashes) == len(SAMPLE)
    assert program_source(1, 8, 5) != SAMPLE[5].source


@pytest.mark.parametrize("program", SAMPLE[:60] + SAMPLE2[:30] + SAMPLE3[:30], ids=lambda p: p.name)
def test_contract_iseed_itime_header(program, tmp_path):
    code = strip_comments(program.source)
    seeds = set(re.findall(r"pv_seed\((\d+)\)", code)) | set(re.findall(r"pv_(?:seedpal|stylepal|duotone)\(", code))
    assert len(seeds) >= 2, "at least two continuous iSeed parameters"
    assert "iTime" in code and has_main_image(code)
    path = tmp_path / "p.glsl"
    path.write_text(program.source)
    shader = load_shader(path, REPO / "shaders" / "include")  # header parses, includes resolve
    assert shader.name == program.name and shader.family == program.family
    assert shader.metadata["recipe"] == program.recipe and shader.description == program.description
    assert program.cost <= 2 * BUDGET


@pytest.mark.parametrize("sample", [SAMPLE, SAMPLE2, SAMPLE3], ids=["v1", "v2", "v3"])
def test_every_block_kind_is_reachable(sample):
    recipes = " ".join(p.recipe for p in sample)
    leaf_words = {"noise": "noise.", "cells": "cells.", "sdf": "sdf.", "waves": "waves.", "lines": "lines.",
                  "truchet": "truchet.", "julia": "fractal.julia", "mandelbrot": "fractal.mandelbrot",
                  "kifs": "fractal.kifs", "inversion": "fractal.inversion", "raymarch": "raymarch."}
    assert set(leaf_words) == set(LEAVES)
    missing = [k for k, w in leaf_words.items() if w not in recipes]
    missing += [k for k in TRANSFORMS if k.split(".")[0] not in recipes]
    modes = blend_modes(Gen(random.Random(0), sample[0].version))
    missing += [k for k in list(modes) + ["mask["] if k not in recipes]
    missing += [k for k in POSTS if f"+{k}" not in recipes]
    assert not missing, f"blocks never drawn in 400 programs: {missing}"
    assert len({skeleton(p.recipe) for p in sample}) > 0.9 * len(sample)


def test_unknown_version_and_bad_index_are_refused():
    with pytest.raises(SynthVersionError, match="version 99"):
        program_source(99, 0, 0)
    with pytest.raises(ValueError, match="index"):
        synthesize(1, 0, -1)


@pytest.fixture(scope="module")
def small_library(tmp_path_factory):
    out = tmp_path_factory.mktemp("synth") / "lib"
    report = synth_library.build_library(out, 3, seed=11, version=1, progress=False)
    return out, report


def test_library_has_manifest_files_and_private_includes(small_library):
    out, report = small_library
    manifest = read_manifest(out)
    assert report.programs == 3 and len(manifest.programs) == 3
    assert manifest.generator["name"] == "synth" and manifest.generator["version"] == 1
    assert manifest.generator["seed"] == 11
    assert (out / "include" / "noise.glsl").read_text() == (REPO / "shaders/include/noise.glsl").read_text()
    for entry in manifest.programs:
        text = read_program_source(out, entry)  # hash checked
        assert text == program_source(1, 11, entry.meta["index"])
        assert entry.meta["check"]["ms_per_image"] and entry.meta["recipe"] in text
    assert len(list(out.glob("*.glsl"))) == 3


def test_other_version_or_seed_is_refused_and_nothing_changes(small_library, tmp_path):
    out, _ = small_library
    copy = tmp_path / "copy"
    subprocess.run(["cp", "-r", str(out), str(copy)], check=True)
    manifest = read_manifest(copy)
    before = {p.name: p.read_bytes() for p in copy.iterdir() if p.is_file()}
    with pytest.raises(ManifestError, match="seed 11"):
        synth_library.build_library(copy, 5, seed=12, version=1, progress=False)
    write_manifest(copy, {**manifest.generator, "version": 2}, list(manifest.programs))
    edited = (copy / "manifest.json").read_bytes()
    with pytest.raises(SynthVersionError, match="version 2, this run is version 1.*version 2 to extend"):
        synth_library.build_library(copy, 5, seed=11, version=1, progress=False)
    after = {p.name: p.read_bytes() for p in copy.iterdir() if p.is_file()}
    assert after == {**before, "manifest.json": edited}


def test_failing_program_is_discarded_logged_and_counted(tmp_path, monkeypatch, caplog):
    real = synth_library.synthesize

    def with_a_broken_one(version, seed, index):
        program = real(version, seed, index)
        if index == 1:  # a real program whose output is one flat colour: the real check must reject it
            body = "void mainImage(out vec4 fragColor, in vec2 fragCoord) {\n"
            source = program.source[: program.source.index(body)] + body + "    fragColor = vec4(0.5);\n}\n"
            program = type(program)(**{**program.__dict__, "source": source})
        return program

    monkeypatch.setattr(synth_library, "synthesize", with_a_broken_one)
    report = synth_library.build_library(tmp_path / "lib", 2, seed=3, progress=False)
    manifest = read_manifest(tmp_path / "lib")
    assert [p.meta["index"] for p in manifest.programs] == [0, 2]
    assert [r["index"] for r in manifest.generator["rejected"]] == [1]
    assert "constant colour" in manifest.generator["rejected"][0]["reason"]
    assert not (tmp_path / "lib" / "synth_000001.glsl").exists()
    assert "discarded synthesized program 1" in caplog.text
    assert report.pass_rate == pytest.approx(2 / 3)


def test_extending_keeps_existing_programs(small_library, tmp_path):
    out, _ = small_library
    copy = tmp_path / "copy"
    subprocess.run(["cp", "-r", str(out), str(copy)], check=True)
    first = {p.name: p.read_text() for p in copy.glob("synth_*.glsl")}
    report = synth_library.build_library(copy, 4, seed=11, version=1, progress=False)
    assert report.added == 1 and report.programs == 4
    assert all((copy / name).read_text() == text for name, text in first.items())


def test_cli_print_and_bad_folder(tmp_path):
    env = {"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"}
    shown = subprocess.run([sys.executable, "-m", "procgen.synth", "--n", "1", "--seed", "7", "--print", "3"],
                           capture_output=True, text=True, env=env, check=True)
    assert shown.stdout == SAMPLE[3].source
    shown = subprocess.run([sys.executable, "-m", "procgen.synth", "--n", "1", "--seed", "7", "--print", "3",
                            "--version", "2"], capture_output=True, text=True, env=env, check=True)
    assert shown.stdout == SAMPLE2[3].source
    (tmp_path / "stray.glsl").write_text("// not a library\n")
    refused = subprocess.run([sys.executable, "-m", "procgen.synth", "--n", "1", "--seed", "7", "--out", str(tmp_path)],
                             capture_output=True, text=True, env=env)
    assert refused.returncode == 2 and "no manifest.json" in refused.stderr
    assert not (tmp_path / "manifest.json").exists()


def test_duplicate_stats_count_what_they_claim():
    stats = synth_library.duplicate_stats(50, seed=7)
    assert stats["programs"] == 50 and sum(stats["families"].values()) == 50
    assert stats["exact_duplicates"] == 50 - len({normalised_hash(p.source) for p in SAMPLE[:50]}) == 0
    assert stats["distinct_skeletons"] == len({skeleton(p.recipe) for p in SAMPLE[:50]})
    assert stats["iseed_params_min"] >= 2


def test_a_program_that_times_out_twice_is_rejected_after_one_retry(tmp_path):
    path = tmp_path / "synth_000000.glsl"
    path.write_text(SAMPLE[0].source)
    # 1 us: no render of the check batch (and its reply through a pipe) can finish that fast, even
    # for a program that draws 64 px in well under a millisecond.
    (ok, reason, facts), = synth_library.procgen_checker(budget_ms=0.001)([path], REPO / "shaders" / "include")
    assert not ok and re.match(r"(timed out|did not finish within)", reason) and facts["retried"] is True


def test_an_extension_continues_after_the_last_decided_candidate(small_library, tmp_path):
    out, _ = small_library
    copy = tmp_path / "copy"
    subprocess.run(["cp", "-r", str(out), str(copy)], check=True)
    generator = read_manifest(copy).generator
    decided = {p.meta["index"] for p in read_manifest(copy).programs} | {r["index"] for r in generator["rejected"]}
    assert generator["next_index"] == max(decided) + 1
    synth_library.build_library(copy, 4, seed=11, version=1, progress=False)
    extended = read_manifest(copy)
    indices = [p.meta["index"] for p in extended.programs] + [r["index"] for r in extended.generator["rejected"]]
    assert len(indices) == len(set(indices)), "no candidate is decided twice"
