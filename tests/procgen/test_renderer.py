"""The batched renderer on real llvmpipe.

Layout, orientation, equality with one-per-draw, Shadertoy compatibility, errors that point
at the shader's own file and line."""

from __future__ import annotations

import threading

import pytest
import torch

import procgen.renderer
from procgen.errors import RenderError, ShaderCompileError
from procgen.gl import HostReadback, context_lock, release_framebuffer
from procgen.library import ShaderLibrary
from procgen.renderer import BatchRenderer, plan_layout

R = 16


def _inputs(count: int, salt: int = 0) -> tuple[torch.Tensor, torch.Tensor]:
    generator = torch.Generator().manual_seed(1000 + salt)
    return torch.rand(count, 4, generator=generator), torch.rand(count, generator=generator) * 10.0


def test_output_shape_range_and_no_gl_errors(toy_renderer, gl_error):
    assert gl_error(toy_renderer.ctx) == "GL_NO_ERROR"
    seeds, times = _inputs(5)
    images = toy_renderer.render([0, 1, 2, 0, 1], seeds, times, R)
    assert images.shape == (5, 3, R, R) and images.dtype == torch.float32
    assert images.device == torch.device("cpu")
    assert images.min() >= 0.0 and images.max() <= 1.0
    assert gl_error(toy_renderer.ctx) == "GL_NO_ERROR"


def test_top_rows_land_at_row_zero(toy_renderer):
    image = toy_renderer.render([1], *_inputs(1), R)[0]
    red, blue = torch.tensor([1.0, 0.0, 0.0]), torch.tensor([0.0, 0.0, 1.0])
    assert torch.equal(image[:, :4].permute(1, 2, 0), red.expand(4, R, 3))
    assert torch.equal(image[:, 4:].permute(1, 2, 0), blue.expand(R - 4, R, 3))


def test_frag_coord_is_per_tile_and_shadertoy_oriented(toy_renderer):
    images = toy_renderer.render_raw([0] * 7, *_inputs(7), R)  # float: exact coordinates
    centres = (torch.arange(R) + 0.5) / R
    for image in images:  # every tile sees fragCoord in [0, R)^2, y up
        assert torch.allclose(image[0, 3], centres, atol=1e-6)  # red = x / R along a row
        assert torch.allclose(image[1, :, 3], centres.flip(0), atol=1e-6)  # green = y / R, top row first


def test_reading_bottom_row_first_gives_the_same_images(toy_library, egl_context, monkeypatch):
    """Without GL_MESA_pack_invert (NVIDIA's driver has none) GL's bottom row comes first and
    the renderer flips: the images must be those of the top-row-first read llvmpipe takes."""
    top_first = BatchRenderer(toy_library)
    assert top_first._readback.top_row_first  # Mesa has the extension: the other path is the default here
    monkeypatch.setattr(procgen.renderer, "make_readback",
                        lambda ctx, device: HostReadback(device, top_row_first=False))
    bottom_first = BatchRenderer(toy_library)
    assert not bottom_first._readback.top_row_first
    seeds, times = _inputs(7, salt=7)
    ids = [0, 1, 2, 2, 1, 0, 1]
    assert torch.equal(bottom_first.render(ids, seeds, times, R), top_first.render(ids, seeds, times, R))
    assert torch.equal(bottom_first.render_raw(ids, seeds, times, R), top_first.render_raw(ids, seeds, times, R))


def test_a_render_leaves_the_pack_state_as_gl_default(toy_renderer):
    """The top-row-first read must not leak into other reads of the shared context."""
    toy_renderer.render([1], *_inputs(1), R)
    ctx = toy_renderer.ctx
    with context_lock(ctx), ctx:
        fbo = ctx.framebuffer([ctx.texture((1, 2), 1, data=bytes([10, 20]))])  # bottom row holds 10
        try:
            assert fbo.read(components=1) == bytes([10, 20])  # GL's bottom row first
        finally:
            release_framebuffer(ctx, fbo)


def test_each_image_gets_its_own_seed_and_time(toy_renderer):
    seeds, times = _inputs(9, salt=1)
    ids = [2, 0, 2, 1, 2, 2, 0, 1, 2]
    images = toy_renderer.render_raw(ids, seeds, times, 8)
    for slot, program in enumerate(ids):
        if program == 2:  # colour = (iSeed.x, iSeed.y, fract(iTime / 4))
            expected = torch.tensor([seeds[slot, 0], seeds[slot, 1], torch.frac(times[slot] * 0.25)])
            assert torch.allclose(images[slot, :, 4, 4], expected, atol=1e-5), slot


def test_mixed_batch_equals_one_draw_per_image(toy_renderer):
    seeds, times = _inputs(6, salt=2)
    ids = [0, 2, 1, 0, 2, 1]
    batch = toy_renderer.render(ids, seeds, times, R)
    single = torch.stack([toy_renderer.render_one(ids[i], seeds[i], float(times[i]), R) for i in range(6)])
    assert torch.allclose(batch, single, atol=1e-6)


def test_real_shader_batch_equals_render_one(renderer, shader_library):
    program = shader_library.index_of("fbm_domainwarp") if "fbm_domainwarp" in shader_library else 0
    seeds, times = _inputs(5, salt=3)
    batch = renderer.render([program] * 5, seeds, times, 24)
    single = torch.stack([renderer.render_one(program, seeds[i], float(times[i]), 24) for i in range(5)])
    assert torch.allclose(batch, single, atol=1e-5)
    assert not torch.allclose(batch[0], batch[1])  # the seed changed the picture


def test_whole_real_library_renders_finite(renderer, shader_library):
    count = len(shader_library)
    seeds, times = _inputs(count, salt=4)
    raw = renderer.render_raw(list(range(count)), seeds, times, 16)
    assert raw.shape == (count, 3, 16, 16)
    assert torch.isfinite(raw).all()


def test_several_passes_match_a_single_pass(toy_library, egl_context):
    small = BatchRenderer(toy_library, max_framebuffer_side=4 * R)  # 4 tiles per pass
    big = BatchRenderer(toy_library)
    seeds, times = _inputs(11, salt=5)
    ids = [i % 3 for i in range(11)]
    assert plan_layout(11, R, 4 * R).capacity == 4
    assert torch.equal(small.render(ids, seeds, times, R), big.render(ids, seeds, times, R))


def test_layout_uniforms_follow_every_change_of_layout(toy_library, egl_context):
    """Programs keep their layout uniforms between draws; every new layout (another batch
    size, resolution, renderer, or a compile) must still reach them."""
    first, second = BatchRenderer(toy_library), BatchRenderer(toy_library, max_framebuffer_side=4 * R)
    seeds, times = _inputs(7, salt=6)
    ids = [0, 1, 2, 0, 1, 2, 0]
    reference = first.render(ids, seeds, times, R)
    first.render(ids[:2], seeds[:2], times[:2], 8)  # another layout and resolution
    first.compile(0)
    assert torch.equal(second.render(ids, seeds, times, R), reference)  # another renderer, 2 passes
    assert torch.equal(first.render(ids, seeds, times, R), reference)
    singles = torch.stack([first.render_one(ids[i], seeds[i], float(times[i]), R) for i in range(7)])
    assert torch.equal(singles, reference)


def test_layout_is_one_column_within_limits():
    layout = plan_layout(10, 64, 4096)
    assert (layout.rows, layout.size) == (10, (64, 640))
    assert layout.origins(3).tolist() == [[0, 0], [0, 64], [0, 128]]
    assert plan_layout(10_000, 64, 512).capacity == 8
    assert plan_layout(3, 300, 200).capacity == 1  # a tile larger than the cap still fits one
    assert plan_layout(64, 256, 16384).capacity == 64  # 4 Mpx: a 224/256 px batch of 64 in one pass
    assert plan_layout(64, 1024, 16384).capacity == 4  # memory stays bounded at large resolutions
    assert plan_layout(2, 4096, 16384).capacity == 1


SHADERTOY_CLASSIC = """// A classic single-pass Shadertoy shader, unchanged.
void mainImage( out vec4 fragColor, in vec2 fragCoord )
{
    vec2 uv = fragCoord/iResolution.xy;
    vec2 m = iMouse.xy/iResolution.xy;
    vec3 col = 0.5 + 0.5*cos(iTime+uv.xyx+vec3(0,2,4)) + 0.1*m.x;
    col *= texture(iChannel0, uv*0.125).rgb;
    fragColor = vec4(col,1.0);
}
"""


def test_classic_shadertoy_shader_samples_its_channel(make_shader, tmp_path, egl_context):
    make_shader("a_with_texture", SHADERTOY_CLASSIC)
    make_shader("b_without_texture", SHADERTOY_CLASSIC.replace("    col *= texture(iChannel0, uv*0.125).rgb;\n", ""))
    library = ShaderLibrary.from_dir(tmp_path)
    images = BatchRenderer(library).render_raw([0, 1], torch.zeros(2, 4), torch.full((2,), 1.5), 32)
    textured, plain = images  # float output: the ratio below is not swamped by 8-bit steps
    assert not torch.allclose(textured, plain, atol=0.05)
    # The ratio is the sampled grey noise: same in all channels, spread over [0, 1], mean ~0.5.
    noise = textured / plain.clamp_min(1e-3)
    assert torch.allclose(noise[0], noise[1], atol=0.02) and torch.allclose(noise[0], noise[2], atol=0.02)
    assert 0.35 < noise.mean() < 0.65 and noise.std() > 0.1


def test_all_shadertoy_inputs_are_declared(make_shader, tmp_path, egl_context):
    body = """void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    float s = iTime + iTimeDelta + iFrameRate + float(iFrame) + iMouse.x + iDate.w + iSampleRate
            + iChannelTime[1] + iChannelResolution[2].x + iSeed.w;
    vec4 t = texture(iChannel0, vec2(0.1)) + texture(iChannel1, vec2(0.2))
           + texture(iChannel2, vec2(0.3)) + texture(iChannel3, vec2(0.4));
    fragColor = vec4(iChannelResolution[2].x / 64.0, iFrameRate / 60.0, float(iFrame) / 120.0, s + t.x);
}
"""
    make_shader("inputs", body)
    library = ShaderLibrary.from_dir(tmp_path)
    image = BatchRenderer(library).render_raw([0], torch.zeros(1, 4), torch.tensor([2.0]), 4)[0]
    assert torch.allclose(image[:, 0, 0], torch.tensor([1.0, 1.0, 1.0]), atol=1e-5)  # 64 px, 60 fps, frame 120


def test_partly_used_uniform_arrays_are_set(make_shader, tmp_path, egl_context):
    # GLSL trims iChannelTime / iChannelResolution to the last element the shader reads.
    make_shader("arrays", "void mainImage(out vec4 c, in vec2 f) "
                "{ c = vec4(iChannelTime[0], iChannelResolution[0].x / 256.0, iChannelResolution[0].z, 1.0); }\n")
    image = BatchRenderer(ShaderLibrary.from_dir(tmp_path)).render_raw([0], torch.zeros(1, 4), torch.ones(1), 2)[0]
    assert torch.equal(image[:, 0, 0], torch.tensor([0.0, 1.0, 1.0]))


def test_compile_error_points_at_original_file_and_line(make_shader, tmp_path, egl_context):
    (tmp_path / "include" / "helpers.glsl").write_text("float helper(float x) {\n    return x * 2.0;\n}\n")
    body = '#include "helpers.glsl"\nvoid mainImage(out vec4 fragColor, in vec2 fragCoord) {\n' \
           "    float v = helper(fragCoord.x);\n    fragColor = vec4(v + undefined_thing);\n}\n"
    path = make_shader("broken", body)
    renderer = BatchRenderer(ShaderLibrary.from_dir(tmp_path))
    with pytest.raises(ShaderCompileError, match="undefined_thing") as info:
        renderer.render([0], torch.zeros(1, 4), torch.zeros(1), 8)
    assert (info.value.path, info.value.line) == (path, 9)  # 5 header lines, include, 3 more lines
    assert f"{path}:9" in str(info.value)


def test_compile_error_inside_an_include_names_the_include(make_shader, tmp_path, egl_context):
    (tmp_path / "include" / "bad.glsl").write_text("float ok_fn() { return 1.0; }\nfloat bad_fn() { return nope; }\n")
    make_shader("user", '#include "bad.glsl"\nvoid mainImage(out vec4 c, in vec2 f) { c = vec4(bad_fn()); }\n')
    with pytest.raises(ShaderCompileError) as info:
        BatchRenderer(ShaderLibrary.from_dir(tmp_path)).compile(0)
    assert (info.value.path, info.value.line) == (tmp_path / "include" / "bad.glsl", 2)


def test_missing_main_image_is_a_clear_error(make_shader, tmp_path, egl_context):
    make_shader("no_entry", "void main() { }\n")
    with pytest.raises(ShaderCompileError, match="mainImage"):
        BatchRenderer(ShaderLibrary.from_dir(tmp_path)).compile(0)


def test_renderer_stays_usable_after_errors(make_shader, tmp_path, egl_context, gl_error):
    make_shader("a_broken", "void mainImage(out vec4 c, in vec2 f) { c = vec4(1.0) +; }\n")
    make_shader("b_good", "void mainImage(out vec4 c, in vec2 f) { c = vec4(0.25, 0.5, 0.75, 1.0); }\n")
    renderer = BatchRenderer(ShaderLibrary.from_dir(tmp_path))
    for _ in range(2):
        with pytest.raises(ShaderCompileError):
            renderer.render([1, 0], torch.zeros(2, 4), torch.zeros(2), 8)
        with pytest.raises(ValueError):
            renderer.render([1], torch.zeros(1, 4), torch.zeros(1), 0)
        image = renderer.render([1], torch.zeros(1, 4), torch.zeros(1), 8)[0]
        assert torch.allclose(image[:, 2, 2], torch.tensor([0.25, 0.5, 0.75]), atol=0.5 / 255)
        assert gl_error(renderer.ctx) == "GL_NO_ERROR"


def test_nan_is_kept_raw_and_zeroed_on_the_canvas(make_shader, tmp_path, egl_context):
    make_shader("nan", "void mainImage(out vec4 c, in vec2 f) { c = vec4(sqrt(-1.0 - f.x), 2.0, -1.0, 1.0); }\n")
    renderer = BatchRenderer(ShaderLibrary.from_dir(tmp_path))
    raw = renderer.render_raw([0], torch.zeros(1, 4), torch.zeros(1), 4)[0]
    assert torch.isnan(raw[0]).all() and (raw[1] == 2.0).all() and (raw[2] == -1.0).all()
    canvas = renderer.render([0], torch.zeros(1, 4), torch.zeros(1), 4)[0]
    assert (canvas[0] == 0.0).all() and (canvas[1] == 1.0).all() and (canvas[2] == 0.0).all()


def test_canvas_is_the_8_bit_quantisation_of_the_raw_output(renderer, shader_library):
    """`render` = what an 8-bit canvas holds: round(255 * clamp(raw, 0, 1)) / 255, NaN -> 0."""
    count = len(shader_library)
    seeds, times = _inputs(count, salt=5)
    raw = renderer.render_raw(list(range(count)), seeds, times, 16)
    canvas = renderer.render(list(range(count)), seeds, times, 16)
    expected = torch.round(torch.nan_to_num(raw, nan=0.0).clamp(0.0, 1.0) * 255.0) / 255.0
    # GL may round a value lying within float error of a half-step either way: one step at most.
    steps = torch.round((canvas - expected).abs() * 255.0)
    assert steps.max() <= 1 and (steps > 0).float().mean() < 1e-3
    levels = canvas * 255.0
    assert torch.allclose(levels, torch.round(levels), atol=1e-4)  # nothing between 8-bit levels


@pytest.mark.parametrize("resolution", [0, -8, 10**6, 3.5, True])
def test_bad_resolution_is_rejected(toy_renderer, resolution):
    with pytest.raises(ValueError, match="resolution"):
        toy_renderer.render([0], torch.zeros(1, 4), torch.zeros(1), resolution)


def test_resolution_error_names_the_gl_limit(toy_renderer):
    with pytest.raises(ValueError, match=str(toy_renderer.max_resolution)):
        toy_renderer.render([0], torch.zeros(1, 4), torch.zeros(1), toy_renderer.max_resolution + 1)


def test_bad_batches_are_rejected(toy_renderer):
    with pytest.raises(ValueError, match="batch size is 0"):
        toy_renderer.render([], torch.zeros(0, 4), torch.zeros(0), R)
    with pytest.raises(IndexError, match="program id 3 out of range"):
        toy_renderer.render([0, 3], torch.zeros(2, 4), torch.zeros(2), R)
    with pytest.raises(IndexError, match="program id -1"):
        toy_renderer.render([-1], torch.zeros(1, 4), torch.zeros(1), R)
    with pytest.raises(ValueError, match="integers"):
        toy_renderer.render(torch.tensor([0.0]), torch.zeros(1, 4), torch.zeros(1), R)
    with pytest.raises(ValueError, match=r"seeds must have shape \(2, 4\)"):
        toy_renderer.render([0, 1], torch.zeros(2, 3), torch.zeros(2), R)
    with pytest.raises(ValueError, match=r"times must have shape \(2,\)"):
        toy_renderer.render([0, 1], torch.zeros(2, 4), torch.zeros(3), R)
    with pytest.raises(ValueError, match="times must be finite"):
        toy_renderer.render([0], torch.zeros(1, 4), torch.tensor([float("nan")]), R)
    with pytest.raises(IndexError, match="out of range"):
        toy_renderer.render_one(7, torch.zeros(4), 0.0, R)


def test_time_raw_draw_times_a_large_instanced_draw(toy_renderer, gl_error):
    seconds = toy_renderer.time_raw_draw(0, 64, R)
    assert 0.0 < seconds < 30.0
    assert gl_error(toy_renderer.ctx) == "GL_NO_ERROR"


def test_concurrent_threads_and_renderers_share_the_context_safely(toy_renderer, toy_library):
    other = BatchRenderer(toy_library)  # same process and device: the same GL context
    assert other.ctx is toy_renderer.ctx
    seeds, times = _inputs(6, salt=6)
    ids = [0, 1, 2, 0, 1, 2]
    expected = toy_renderer.render(ids, seeds, times, R)
    results, errors = [], []

    def work(renderer):
        try:
            for _ in range(5):
                results.append(renderer.render(ids, seeds, times, R))
        except Exception as err:  # surfaced below with the thread's error
            errors.append(err)

    threads = [threading.Thread(target=work, args=(r,)) for r in (toy_renderer, other, toy_renderer)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    assert len(results) == 15 and all(torch.equal(images, expected) for images in results)


def test_gl_errors_raise_render_error_and_clear(toy_renderer, gl_error):
    with toy_renderer.ctx:  # a real driver error: SSBO binding index beyond the GL limit
        buffer = toy_renderer.ctx.buffer(reserve=16)
        buffer.bind_to_storage_buffer(binding=10**6)
    with pytest.raises(RenderError, match="GL_INVALID_VALUE"):
        toy_renderer.render([0], torch.zeros(1, 4), torch.zeros(1), R)
    image = toy_renderer.render([1], torch.zeros(1, 4), torch.zeros(1), R)
    assert image[0, 0, 0, 0] == 1.0  # usable again: the top row is red
    assert gl_error(toy_renderer.ctx) == "GL_NO_ERROR"


def test_release_frees_gl_objects_and_other_renderers_keep_working(toy_library, toy_renderer, gl_error):
    temporary = BatchRenderer(toy_library)
    first = temporary.render([0, 1], torch.zeros(2, 4), torch.zeros(2), R)
    temporary.release()
    assert gl_error(toy_renderer.ctx) == "GL_NO_ERROR"
    with pytest.raises(RenderError, match="released"):
        temporary.render([0], torch.zeros(1, 4), torch.zeros(1), R)
    assert torch.equal(toy_renderer.render([0, 1], torch.zeros(2, 4), torch.zeros(2), R), first)


def test_framebuffer_cache_evicts_old_sizes_cleanly(toy_library, egl_context, gl_error):
    renderer = BatchRenderer(toy_library)
    sizes = [5, 6, 7, 8, 9, 10, 5]  # more sizes than the cache keeps, then an evicted one again
    for size in sizes:
        image = renderer.render([1], torch.zeros(1, 4), torch.zeros(1), size)[0]
        assert image[0, 0, 0] == 1.0 and image[2, -1, 0] == 1.0  # red top row, blue bottom row
    assert len(renderer._framebuffers) <= 4
    assert gl_error(renderer.ctx) == "GL_NO_ERROR"


def test_images_are_identical_in_a_fresh_process(toy_renderer, toy_library_dir, tmp_path):
    import subprocess
    import sys

    seeds, times = _inputs(4, salt=7)
    ids = [0, 2, 1, 0]
    here = toy_renderer.render(ids, seeds, times, R)
    torch.save({"seeds": seeds, "times": times}, tmp_path / "inputs.pt")
    code = (
        "import sys, torch\n"
        "from procgen.library import ShaderLibrary\nfrom procgen.renderer import BatchRenderer\n"
        "inputs = torch.load(sys.argv[2])\n"
        "renderer = BatchRenderer(ShaderLibrary.from_dir(sys.argv[1]))\n"
        f"images = renderer.render({ids}, inputs['seeds'], inputs['times'], {R})\n"
        "torch.save(images, sys.argv[3])\n"
    )
    result = subprocess.run([sys.executable, "-c", code, str(toy_library_dir), str(tmp_path / "inputs.pt"),
                             str(tmp_path / "images.pt")], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert torch.equal(torch.load(tmp_path / "images.pt"), here)
