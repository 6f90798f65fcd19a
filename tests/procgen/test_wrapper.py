"""Regression tests of the Shadertoy wrapper (issue 12), each on a program written for the test,
rendered for real on llvmpipe; and the seed-derived view of programs that do not read iSeed."""
from __future__ import annotations

import time
import uuid

import pytest
import torch

from procgen.errors import ShaderHeaderError
from procgen.library import ShaderLibrary, load_shader, parse_header
from procgen.renderer import BatchRenderer
from procgen.wrapper import adapt_program, uses_iseed, wrap_fragment

R = 16
SEEDS = torch.tensor([[0.1, 0.2, 0.3, 0.4], [0.9, 0.8, 0.7, 0.6], [0.5, 0.5, 0.5, 0.5]])
TIMES = torch.tensor([1.0, 2.0, 3.0])


def _renderer(make_shader, body: str, stem: str = "prog", header: bool = True) -> BatchRenderer:
    path = make_shader(stem, body, header=header)
    return BatchRenderer(ShaderLibrary([load_shader(path, require_header=header)]))


def test_gl_frag_coord_is_tile_relative(make_shader, egl_context):
    """A program reading gl_FragCoord draws what it draws through fragCoord, in every tile."""
    via_builtin = _renderer(make_shader, "void mainImage(out vec4 c, in vec2 f) {\n"
                            "  c = vec4(gl_FragCoord.xy / iResolution.xy, iSeed.x * 0.0, 1.0); }\n", "a")
    via_argument = _renderer(make_shader, "void mainImage(out vec4 c, in vec2 f) {\n"
                             "  c = vec4(f / iResolution.xy, iSeed.x * 0.0, 1.0); }\n", "b")
    ours = via_builtin.render_raw([0, 0, 0], SEEDS, TIMES, R)
    assert torch.equal(ours, via_argument.render_raw([0, 0, 0], SEEDS, TIMES, R))
    assert torch.equal(ours[0], ours[2])  # the third tile sits 2R px up the framebuffer


def test_global_initializers_see_the_images_time_frame_and_date(make_shader, egl_context):
    renderer = _renderer(make_shader, "float t0 = iTime; int f0 = iFrame; float d0 = iDate.w;\n"
                         "void mainImage(out vec4 c, in vec2 f) { c = vec4(t0, float(f0), d0, iSeed.x); }\n")
    images = renderer.render_raw([0, 0, 0], SEEDS, TIMES, R)
    for image, t in zip(images, TIMES.tolist()):
        assert image[0].unique().tolist() == [t]
        assert image[1].unique().tolist() == [float(int(t * 60))]
        assert image[2].unique().tolist() == [t]


def test_program_macros_cannot_break_the_wrapper(make_shader, egl_context):
    renderer = _renderer(make_shader, "#define r 0.25\n#define g 0.5\n#define b 0.75\n#define main mainX\n"
                         "void mainImage(out vec4 c, in vec2 f) { c = vec4(r, g, b, 1.0) + 0.0 * iSeed; }\n")
    image = renderer.render_raw([0], SEEDS[:1], TIMES[:1], R)[0]
    assert [image[i].unique().tolist() for i in range(3)] == [[0.25], [0.5], [0.75]]


def test_locals_and_the_out_colour_start_at_zero(make_shader, egl_context):
    """WebGL zero-initialises; `vec3 col; col += ...` and `c += ...` must not read garbage."""
    renderer = _renderer(make_shader, "void mainImage(out vec4 c, in vec2 f) {\n"
                         "  vec3 col; float acc; for (int i = 0; i < 3; i++) { acc += 0.125; }\n"
                         "  col += vec3(0.25); c += vec4(col.r, acc, iSeed.x * 0.0, 0.0); }\n")
    image = renderer.render_raw([0], SEEDS[:1], TIMES[:1], R)[0]
    assert [image[i].unique().tolist() for i in range(3)] == [[0.25], [0.375], [0.0]]


def test_hw_performance_is_defined_as_on_desktop_shadertoy(make_shader, egl_context):
    renderer = _renderer(make_shader, "#if HW_PERFORMANCE == 0\n#define LEVEL 0.0\n#else\n#define LEVEL 1.0\n#endif\n"
                         "void mainImage(out vec4 c, in vec2 f) { c = vec4(LEVEL, iSeed.x * 0.0, 0.0, 1.0); }\n")
    assert renderer.render_raw([0], SEEDS[:1], TIMES[:1], R)[0, 0].unique().tolist() == [1.0]


def test_shadertoy_only_lines_and_redeclared_inputs_are_accepted(make_shader, egl_context):
    body = ("#version 300 es\n#extension GL_OES_standard_derivatives : enable\nprecision highp float;\n"
            "uniform vec3 iResolution;\nuniform float iTime;\nuniform sampler2D iChannel0;\n"
            "void mainImage(out vec4 c, in vec2 f) { c = texture(iChannel0, f / iResolution.xy) + 0.0 * iSeed; }\n")
    assert adapt_program(body)[0].count("\n") == body.count("\n")  # line numbers kept for errors
    image = _renderer(make_shader, body).render_raw([0], SEEDS[:1], TIMES[:1], R)[0]
    assert image.std() > 0  # the noise channel, sampled


def test_compile_with_raw_warms_the_variant_check_times(make_shader, egl_context):
    """llvmpipe JITs per framebuffer format: after compile(raw=True) the first float render is
    a draw, not a compile (each program is unique, so Mesa's disk cache cannot help)."""
    heavy = "".join(f"  v = sin(v * {i + 1}.37 + {uuid.uuid4().int % 1000}.0) + cos(v.yx * 1.{i});\n" for i in range(60))
    firsts = {}
    for raw in (False, True):
        body = f"void mainImage(out vec4 c, in vec2 f) {{\n  vec2 v = f + iSeed.xy;\n{heavy}  c = vec4(v, 0.0, 1.0); }}\n"
        renderer = _renderer(make_shader, body, f"heavy_{raw}")
        renderer.compile(0, raw=raw)
        start = time.perf_counter()
        renderer.render_raw([0], SEEDS[:1], TIMES[:1], 4)
        firsts[raw] = time.perf_counter() - start
    assert firsts[True] < 0.5 * firsts[False], firsts


def test_plain_leading_comments_are_not_a_broken_header(make_shader):
    text = "// Author: someone\n// From: https://example.org/x\nvoid mainImage(out vec4 c, in vec2 f) { c = vec4(1.0); }\n"
    path = make_shader("plain", text, header=False)
    assert parse_header(path, text, required=False) is None
    shader = load_shader(path, require_header=False)
    assert (shader.name, shader.family, shader.licence) == ("plain", "imported", "unknown")
    with pytest.raises(ShaderHeaderError, match="lacks required key"):  # our library still demands one
        load_shader(path)
    broken = "// name: x\n// family: y\nvoid mainImage(out vec4 c, in vec2 f) { c = vec4(1.0); }\n"
    with pytest.raises(ShaderHeaderError, match="author"):  # a header of ours with keys missing
        load_shader(make_shader("broken", broken, header=False), require_header=False)


def test_non_utf8_and_binary_files_are_named_errors(tmp_path):
    latin = tmp_path / "latin.glsl"
    latin.write_bytes("// caf\u00e9\nvoid mainImage(out vec4 c, in vec2 f) { c = vec4(1.0); }\n".encode("latin-1"))
    with pytest.raises(ShaderHeaderError, match="latin.glsl: not UTF-8"):
        load_shader(latin, require_header=False)
    binary = tmp_path / "blob.glsl"
    binary.write_bytes(b"\x00\x01\x02void mainImage")
    with pytest.raises(ShaderHeaderError, match="blob.glsl: binary"):
        load_shader(binary, require_header=False)


# ------------------------------------------------------------------ seed without iSeed
UV_PROGRAM = "void mainImage(out vec4 c, in vec2 f) { c = vec4(f / iResolution.xy, iMouse.x / iResolution.x, 1.0); }\n"


def test_programs_without_iseed_vary_with_the_seed_and_stay_full(make_shader, egl_context):
    renderer = _renderer(make_shader, UV_PROGRAM, header=False)
    seeds = torch.rand(24, 4, generator=torch.Generator().manual_seed(3))
    images = renderer.render_raw([0] * 24, seeds, torch.full((24,), 1.0), 32)
    uv = images[:, :2]
    assert uv.min() >= 0.0 and uv.max() <= 1.0  # the view samples inside the canvas: the image is full
    spans = uv.amax(dim=(2, 3)) - uv.amin(dim=(2, 3))
    assert (spans > 0.5 * 0.9).all()  # zoomed in at most 1 / 0.6 (x 1.41 for the rotation fit)
    distinct = {tuple(img.flatten()[:64].tolist()) for img in images}
    assert len(distinct) == 24  # every seed its own view
    assert torch.equal(images, renderer.render_raw([0] * 24, seeds, torch.full((24,), 1.0), 32))
    mouse = images[:, 2]
    assert mouse.max() <= 1.0 and len(mouse.unique()) > 1  # iMouse inside the canvas, per seed


def test_programs_reading_iseed_keep_the_plain_contract(make_shader, egl_context):
    body = UV_PROGRAM.replace("1.0); }", "1.0 + 0.0 * iSeed.x); }")
    assert uses_iseed(body) and not uses_iseed(UV_PROGRAM) and not uses_iseed("// iSeed\n" + UV_PROGRAM)
    images = _renderer(make_shader, body).render_raw([0, 0], SEEDS[:2], TIMES[:2], R)
    centres = (torch.arange(R) + 0.5) / R
    assert torch.allclose(images[0, 0, 0], centres) and torch.equal(images[0], images[1])
    assert images[:, 2].abs().max() == 0  # iMouse = 0


def test_time_offset_without_iseed(make_shader, egl_context):
    renderer = _renderer(make_shader, "void mainImage(out vec4 c, in vec2 f) { c = vec4(iTime, iDate.w, 0.0, 1.0); }\n",
                         header=False)
    images = renderer.render_raw([0, 0], SEEDS[:2], torch.tensor([1.0, 1.0]), 4)
    offsets = images[:, 0, 0, 0] - 1.0
    assert ((offsets >= 0) & (offsets < 10)).all() and offsets[0] != offsets[1]
    assert torch.equal(images[:, 0], images[:, 1])  # iDate.w follows the same iTime


def test_wrapped_source_puts_engine_code_before_the_program():
    wrapped = wrap_fragment("#define void int\nvoid mainImage(out vec4 c, in vec2 f) { c = vec4(1.0); }\n")
    assert wrapped.index("void main()") < wrapped.index("#line 1") < wrapped.index("#define void")


def test_program_macros_on_shadertoy_inputs_work_as_on_shadertoy(make_shader, egl_context):
    """`#define iTime (iTime * 2.0)` collides with nothing: the inputs are variables, not macros."""
    renderer = _renderer(make_shader, "#define iTime (iTime * 2.0)\n#define iResolution vec3(8.0)\n"
                         "void mainImage(out vec4 c, in vec2 f) { c = vec4(iTime, iResolution.x, iSeed.x * 0.0, 1.0); }\n")
    image = renderer.render_raw([0], SEEDS[:1], TIMES[:1], R)[0]
    assert image[0].unique().tolist() == [2.0] and image[1].unique().tolist() == [8.0]


def test_a_signature_built_by_macros_still_compiles(make_shader, egl_context):
    """Code golf writes `void mainImage F { ... }` with `#define F (out vec4 O, vec2 U)`: the
    engine's main then follows the program (the one case where macros can reach it)."""
    renderer = _renderer(make_shader, "#define F (out vec4 O, vec2 U)\n"
                         "void mainImage F { O = vec4(U / iResolution.xy, 0.5 + 0.0 * iSeed.x, 1.0); }\n")
    image = renderer.render_raw([0], SEEDS[:1], TIMES[:1], R)[0]
    assert torch.allclose(image[0, 0], (torch.arange(R) + 0.5) / R) and image[2].unique().tolist() == [0.5]


def test_es3_packing_builtins_are_available(make_shader, egl_context):
    """packHalf2x16 & co. are GLSL ES 3.00 built-ins (Shadertoy has them); desktop 3.30 does not."""
    renderer = _renderer(make_shader, "void mainImage(out vec4 c, in vec2 f) {\n"
                         "  vec2 v = unpackHalf2x16(packHalf2x16(vec2(0.25, 0.5)));\n"
                         "  c = vec4(v, unpackUnorm2x16(packUnorm2x16(vec2(1.0, 0.0))).x, iSeed.x * 0.0); }\n")
    image = renderer.render_raw([0], SEEDS[:1], TIMES[:1], R)[0]
    assert [image[i].unique().tolist() for i in range(3)] == [[0.25], [0.5], [1.0]]
