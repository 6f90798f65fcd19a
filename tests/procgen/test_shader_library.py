"""Golden checks over every shader of the library, rendered for real on llvmpipe.

The whole library is rendered once (module fixture, one batched call at 48 px) with four
(seed, time) settings per shader; the parametrised tests then only inspect the arrays.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
import torch

from procgen.library import REQUIRED_KEYS, default_library
from procgen.renderer import BatchRenderer

RESOLUTION = 48
MIN_PROGRAMS = 40
MIN_FAMILIES = 12
MIN_COLOUR_RANGE = 0.05  # an image whose every channel spans less than this is "flat"
MIN_SEED_CHANGE = 0.02  # mean |difference| two seeds must produce (5 grey levels of 255)
MIN_TIME_CHANGE = 1.0 / 255.0
MIN_TIME_ANIMATED_FRACTION = 0.8  # "most" shaders must also move with iTime

# Per shader: images 0/1 differ only in seed, 0/2 only in time, 3 is a third setting.
SEEDS = torch.tensor([[0.13, 0.57, 0.29, 0.71], [0.83, 0.21, 0.66, 0.38],
                      [0.13, 0.57, 0.29, 0.71], [0.47, 0.92, 0.05, 0.55]], dtype=torch.float32)
TIMES = torch.tensor([1.3, 1.3, 6.1, 8.7], dtype=torch.float32)
SETTINGS = len(TIMES)

LIBRARY = default_library()
NAMES = LIBRARY.names
SHADER_DIR = LIBRARY.root
INCLUDE_DIR = SHADER_DIR / "include"
UNIFORMS = ("iResolution", "iTime", "iTimeDelta", "iFrame", "iFrameRate", "iMouse", "iDate",
            "iSampleRate", "iChannelTime", "iChannelResolution", "iChannel0", "iChannel1",
            "iChannel2", "iChannel3", "iSeed")
_FUNCTION_DEF = re.compile(r"^\s*(?:float|int|uint|bool|[iu]?vec[234]|mat[234])\s+(\w+)\s*\(", re.M)


@pytest.fixture(scope="module")
def renders() -> np.ndarray:
    """float32 (N, SETTINGS, 3, R, R) raw output of every shader under every setting."""
    renderer = BatchRenderer(LIBRARY)
    n = len(LIBRARY)
    ids = torch.arange(n).repeat_interleave(SETTINGS)
    images = renderer.render_raw(ids, SEEDS.repeat(n, 1), TIMES.repeat(n), RESOLUTION)
    assert images.shape == (n * SETTINGS, 3, RESOLUTION, RESOLUTION)
    return images.numpy().reshape(n, SETTINGS, 3, RESOLUTION, RESOLUTION)


def _canvas(images: np.ndarray) -> np.ndarray:
    """What an 8-bit canvas shows: NaN -> 0, clamped to [0, 1]."""
    return np.clip(np.nan_to_num(images, nan=0.0, posinf=1.0, neginf=0.0), 0.0, 1.0)


def test_library_size_and_family_spread():
    families = LIBRARY.ids_by_family()
    assert len(LIBRARY) >= MIN_PROGRAMS, f"only {len(LIBRARY)} shader programs"
    assert len(families) >= MIN_FAMILIES, f"only {len(families)} families: {sorted(families)}"
    largest = max(len(ids) for ids in families.values())
    assert largest <= len(LIBRARY) // 4, "one family dominates the library"


def test_names_are_unique_and_match_files():
    assert len(set(NAMES)) == len(NAMES)
    for shader in LIBRARY:
        assert shader.path.stem == shader.name
        assert shader.name.startswith(shader.family + "_"), f"{shader.name}: file prefix is not the family"


@pytest.mark.parametrize("name", NAMES)
def test_header_has_all_keys_in_order(name):
    shader = LIBRARY[name]
    head = shader.source.splitlines()[:len(REQUIRED_KEYS)]
    keys = [re.match(r"^//\s*(\w+):", line).group(1) if re.match(r"^//\s*(\w+):", line) else None
            for line in head]
    assert keys == list(REQUIRED_KEYS), f"{name}: header starts with {keys}"
    assert shader.author == "procvision" and shader.licence == "MIT"
    assert len(shader.description) > 20
    assert "iSeed" in shader.params, f"{name}: params line should say what iSeed drives"


@pytest.mark.parametrize("name", NAMES)
def test_source_follows_the_contract(name):
    code = re.sub(r"//[^\n]*", "", LIBRARY[name].source)
    assert "#version" not in code
    for uniform in UNIFORMS:
        assert not re.search(rf"\b(?:uniform\s+\w+|vec[34]|float|int)\s+{uniform}\b", code), \
            f"{name} redeclares {uniform}"
    components = set(re.findall(r"iSeed\.([xyzw])", code))
    assert len(components) >= 2, f"{name} draws fewer than two parameters from iSeed: {components}"


@pytest.mark.parametrize("include", sorted(p.name for p in INCLUDE_DIR.glob("*.glsl")))
def test_include_is_guarded_and_prefixed(include):
    text = (INCLUDE_DIR / include).read_text()
    guard = re.search(r"#ifndef\s+(\w+)\s*\n\s*#define\s+(\w+)", text)
    assert guard and guard.group(1) == guard.group(2), f"{include} lacks an include guard"
    assert text.rstrip().endswith("#endif")
    names = _FUNCTION_DEF.findall(text)
    assert names, f"{include} defines no functions"
    assert all(n.startswith("pv_") for n in names), f"unprefixed helpers in {include}: " \
        f"{[n for n in names if not n.startswith('pv_')]}"


@pytest.mark.parametrize("name", NAMES)
def test_output_is_finite_and_in_range(renders, name):
    images = renders[NAMES.index(name)]
    assert np.isfinite(images).all(), f"{name} produced NaN/inf"
    assert images.min() >= -1e-3 and images.max() <= 1.0 + 1e-3, \
        f"{name} output outside [0, 1]: [{images.min():.3f}, {images.max():.3f}]"


@pytest.mark.parametrize("name", NAMES)
def test_output_is_not_constant(renders, name):
    images = _canvas(renders[NAMES.index(name)])
    spans = images.reshape(SETTINGS, 3, -1).max(axis=2) - images.reshape(SETTINGS, 3, -1).min(axis=2)
    assert (spans.max(axis=1) > MIN_COLOUR_RANGE).all(), f"{name} renders a flat image: {spans.max(axis=1)}"


@pytest.mark.parametrize("name", NAMES)
def test_changes_with_seed(renders, name):
    images = _canvas(renders[NAMES.index(name)])
    for other in (1, 3):
        change = np.abs(images[0] - images[other]).mean()
        assert change > MIN_SEED_CHANGE, f"{name}: seeds 0 and {other} differ by only {change:.4f}"


def test_most_shaders_change_with_time(renders):
    images = _canvas(renders)
    change = np.abs(images[:, 0] - images[:, 2]).mean(axis=(1, 2, 3))
    static = [n for n, c in zip(NAMES, change) if c <= MIN_TIME_CHANGE]
    assert (change > MIN_TIME_CHANGE).mean() >= MIN_TIME_ANIMATED_FRACTION, f"static in time: {static}"
