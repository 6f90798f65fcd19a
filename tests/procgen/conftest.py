"""Shared fixtures for procgen tests: a real EGL/llvmpipe context, toy libraries, renderers.

Toy shader libraries are written into tmp folders; renderers are session-scoped (one GL
context per test process)."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import pytest
import torch

from procgen.errors import EGLUnavailableError

HEADER_KEYS = ("name", "family", "author", "licence", "description")

# Toy shaders with known output, used by several tests (ids follow filename order).
TOY_SHADERS = {
    "a_gradient": (
        "gradient",
        """#include "util.glsl"
void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = fragCoord / iResolution.xy;
    fragColor = vec4(uv.x, uv.y, toy_wave(iTime + 6.2831 * iSeed.x), 1.0);
}
""",
    ),
    "b_top_red": (
        "top_red",
        """void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    // Shadertoy's fragCoord origin is bottom-left: the top 4 rows have the largest y.
    // It names iSeed (times 0), so it gets fragCoord untransformed: the seed-view contract.
    fragColor = fragCoord.y > iResolution.y - 4.0 ? vec4(1.0, 0.0, 0.0, 1.0) : vec4(0.0, 0.0, 1.0, 1.0);
    fragColor.a += 0.0 * iSeed.x;
}
""",
    ),
    "c_seed_colour": (
        "seed_colour",
        """void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    fragColor = vec4(iSeed.x, iSeed.y, fract(iTime * 0.25), 1.0);
}
""",
    ),
}
TOY_INCLUDES = {"util.glsl": "float toy_wave(float t) { return 0.5 + 0.5 * sin(t); }\n"}


def shader_header(name: str, family: str = "test", **extra: str) -> str:
    """A complete `// key: value` header for a test shader."""
    fields = {"name": name, "family": family, "author": "tests", "licence": "MIT",
              "description": f"test shader {name}", **extra}
    return "".join(f"// {key}: {value}\n" for key, value in fields.items())


def write_library(folder: Path, shaders: dict[str, tuple[str, str]], includes: dict[str, str]) -> Path:
    """Write shaders {stem: (name, body)} with headers and include files into `folder`."""
    (folder / "include").mkdir(parents=True, exist_ok=True)
    for stem, (name, body) in shaders.items():
        (folder / f"{stem}.glsl").write_text(shader_header(name) + body)
    for file_name, text in includes.items():
        (folder / "include" / file_name).write_text(text)
    return folder


@pytest.fixture(scope="session")
def header_text() -> Callable[..., str]:
    """`shader_header` as a fixture: header_text(name, family="test", **extra) -> str."""
    return shader_header


@pytest.fixture(scope="session")
def toy_shader_specs() -> dict[str, tuple[str, str]]:
    """The toy library's files: {stem: (name, body)}; ids follow sorted stems."""
    return TOY_SHADERS


def read_gl_error(ctx) -> str:
    """The context's GL error flag, read while the context is bound (unbound reads say nothing)."""
    from procgen.gl import context_lock

    with context_lock(ctx), ctx:
        return ctx.error


@pytest.fixture(scope="session")
def gl_error() -> Callable[[object], str]:
    """gl_error(ctx) -> 'GL_NO_ERROR' or the pending GL error (reading clears it)."""
    return read_gl_error


@pytest.fixture(scope="session")
def egl_context():
    """This process's llvmpipe context; skips only when EGL itself is unavailable."""
    from procgen.gl import get_context

    try:
        return get_context("cpu")
    except EGLUnavailableError as err:
        pytest.skip(f"EGL unavailable: {err}")


@pytest.fixture
def make_shader(tmp_path: Path) -> Callable[..., Path]:
    """Factory: make_shader(stem, body, header=True, name=stem) -> path of a .glsl in tmp_path.

    `header` may be False (no header) or a string to use verbatim."""
    (tmp_path / "include").mkdir(exist_ok=True)

    def make(stem: str, body: str, header: bool | str = True, name: str | None = None) -> Path:
        text = body
        if header is True:
            text = shader_header(name or stem) + body
        elif isinstance(header, str):
            text = header + body
        path = tmp_path / f"{stem}.glsl"
        path.write_text(text)
        return path

    return make


@pytest.fixture(scope="session")
def toy_library_dir(tmp_path_factory) -> Path:
    return write_library(tmp_path_factory.mktemp("toy_shaders"), TOY_SHADERS, TOY_INCLUDES)


@pytest.fixture(scope="session")
def toy_library(toy_library_dir):
    from procgen.library import ShaderLibrary

    return ShaderLibrary.from_dir(toy_library_dir)


@pytest.fixture(scope="session")
def toy_renderer(egl_context, toy_library):
    """A CPU BatchRenderer over the toy library (shares the session's GL context)."""
    from procgen.renderer import BatchRenderer

    torch.set_num_threads(2)
    return BatchRenderer(toy_library, device="cpu")


@pytest.fixture(scope="session")
def shader_library():
    """The repository's real shader library (shaders/)."""
    from procgen.library import default_library

    return default_library()


@pytest.fixture(scope="session")
def renderer(egl_context, shader_library):
    """A CPU BatchRenderer over the real shader library."""
    from procgen.renderer import BatchRenderer

    return BatchRenderer(shader_library, device="cpu")
