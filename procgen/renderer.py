"""Batched rendering of Shadertoy-style shaders into torch tensors.

A batch is laid out as a column of R x R tiles in one framebuffer. Each distinct program in
the batch is drawn with ONE instanced draw (instance = image; per-instance attributes carry
tile origin, time, frame and seed), then each colour plane is read back once.
The framebuffer holds the colour as three single-channel planes (red, green, blue: three
colour attachments the fragment shader writes at once), so that, with the tiles in one
column, a plane reads back as (B, R, R) contiguous memory: the host only scales it to float,
there is no RGBA de-interleave. `render` uses 8-bit planes, exactly what a Shadertoy canvas
holds (GL's normalised conversion clamps to [0, 1] and rounds to one of the two nearest
levels; llvmpipe writes NaN as 0, which a test checks, the spec leaves NaN to the driver);
`render_raw` uses float planes to keep the shader's unclamped values, NaN and inf included
(for `procgen.check`).
Per-image values reach the shader as flat varyings; `procgen.wrapper` turns them into the
Shadertoy inputs (and the seed-derived view of programs without iSeed), so the shader code
stays plain Shadertoy. Compiled programs live in a bounded LRU cache per GL context
(`set_program_cache_size`), so a library of 10,000+ programs can be drawn from online.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from time import perf_counter
from typing import Sequence

import moderngl
import numpy as np
import torch

from procgen.cuda_readback import open_render_context
from procgen.errors import GLForkError, RenderError, ShaderCompileError
from procgen.gl import (CHANNEL_COUNT, channel_textures, context_lock, device_key, make_readback,
                        release_framebuffer, set_uniform)
from procgen.host_memory import empty_host
from procgen.library import Shader, ShaderLibrary, compile_error_from_log, default_library
from procgen.program_cache import CachedProgram, get_program, program_cache_size, touch
from procgen.tiles import (INSTANCE_ATTRIBUTES, INSTANCE_FLOATS, INSTANCE_FORMAT, MAX_PASS_PIXELS,
                           VERTEX_SHADER, TileLayout, plan_layout, set_layout_uniforms)
from procgen.wrapper import WrapError, wrap_fragment
from procvision.checks import is_int

# WebGL zero-initialises every variable, Mesa does not: Mesa's driconf option does (read when a
# context is created; MESA_DEBUG=silent drops its "overridden by environment" notice).
os.environ.setdefault("glsl_zero_init", "true")
os.environ.setdefault("MESA_DEBUG", "silent")

FRAME_RATE = 60.0
SAMPLE_RATE = 44100.0
DEFAULT_MAX_FRAMEBUFFER_SIDE = 16384  # the column's height (GL limits cap it too)
CANVAS_DTYPE = "f1"  # moderngl dtype of `render`'s colour planes: R8, normalised
RAW_DTYPE = "f4"  # `render_raw`'s: R32F
COLOUR_PLANES = 3  # red, green, blue attachments (a Shadertoy canvas shows no alpha)

# The tile geometry lives in procgen.tiles; its public names stay importable from here.
__all__ = ["BatchRenderer", "FRAME_RATE", "SAMPLE_RATE", "DEFAULT_MAX_FRAMEBUFFER_SIDE",
           "CANVAS_DTYPE", "RAW_DTYPE", "COLOUR_PLANES", "MAX_PASS_PIXELS", "TileLayout",
           "plan_layout"]


@dataclass
class _DrawState:
    """GL objects one program needs to draw: its VAO over a growable instance buffer."""

    cached: CachedProgram  # from the context's LRU cache; not `alive` once evicted
    instance_buffer: moderngl.Buffer
    vao: moderngl.VertexArray
    capacity: int


class BatchRenderer:
    """Render batches of (program, seed, time) into float tensors on `device`.

    Args:
        library: shader library (default: `default_library()`).
        device: torch device of the output; also selects the GL device (llvmpipe on CPU).
        max_framebuffer_side: cap on the height of the column of tiles in px (also capped by
            the GL limits); larger batches, or more than `MAX_PASS_PIXELS` pixels, are drawn in
            several passes.
    """

    def __init__(self, library: ShaderLibrary | None = None, device: str | torch.device = "cpu",
                 max_framebuffer_side: int = DEFAULT_MAX_FRAMEBUFFER_SIDE) -> None:
        self.library = library if library is not None else default_library()
        self.device = torch.device(device_key(device))
        self.ctx = open_render_context(self.device)  # CUDA without an EGL device: llvmpipe + warning
        self._pid = os.getpid()
        self._released = False
        info = self.ctx.info  # cached by moderngl at context creation
        self.max_resolution = int(min(info["GL_MAX_TEXTURE_SIZE"], info["GL_MAX_RENDERBUFFER_SIZE"],
                                      *info["GL_MAX_VIEWPORT_DIMS"]))
        self.max_framebuffer_side = min(int(max_framebuffer_side), self.max_resolution)
        self._lock = context_lock(self.ctx)  # shared by every renderer of this context
        self._draw_states: dict[int, _DrawState] = {}
        self._framebuffers: dict[tuple[int, int, str], moderngl.Framebuffer] = {}
        self._readback = make_readback(self.ctx, self.device)
        with self.ctx:
            self._textures = channel_textures(self.ctx)
            self._quad = self.ctx.buffer(np.array([0, 0, 1, 0, 0, 1, 1, 1], dtype=np.float32).tobytes())

    # ----------------------------------------------------------------- public API
    def render(self, program_ids: Sequence[int] | torch.Tensor, seeds: torch.Tensor, times: torch.Tensor,
               resolution: int, frames: torch.Tensor | None = None) -> torch.Tensor:
        """Render a batch, as an 8-bit Shadertoy canvas would show it (NaN -> 0, clamped).

        Args:
            program_ids: int (B,) shader ids in the library; may repeat and mix programs.
            seeds: float32 (B, 4) in [0, 1), the shaders' `iSeed`.
            times: float32 (B,), the shaders' `iTime`.
            resolution: R, output images are R x R.
            frames: optional int (B,) `iFrame`; default floor(time * 60).

        Returns:
            float32 (B, 3, R, R) in [0, 1] on `self.device`, row 0 = top of the image.
        """
        return self._render(program_ids, seeds, times, resolution, frames, CANVAS_DTYPE)

    def render_raw(self, program_ids: Sequence[int] | torch.Tensor, seeds: torch.Tensor, times: torch.Tensor,
                   resolution: int, frames: torch.Tensor | None = None) -> torch.Tensor:
        """Same as `render` but the shader's float32 output: unclamped, NaN/inf kept, not
        quantised to 8 bits (for `procgen.check`)."""
        return self._render(program_ids, seeds, times, resolution, frames, RAW_DTYPE)

    def _render(self, program_ids, seeds, times, resolution, frames, dtype: str) -> torch.Tensor:
        """Validate, draw in passes of at most `layout.capacity` images, read each pass once
        into its slice of the output."""
        ids, instances = self._validate(program_ids, seeds, times, resolution, frames)
        count = len(ids)
        layout = plan_layout(count, resolution, self.max_framebuffer_side)
        shape = (count, COLOUR_PLANES, resolution, resolution)
        out = empty_host(shape) if self.device.type == "cpu" else torch.empty(shape, device=self.device)
        with self._lock, self.ctx:
            for start in range(0, count, layout.capacity):
                stop = min(count, start + layout.capacity)
                fbo = self._draw_pass(ids[start:stop], instances[start:stop], layout, dtype)
                self._read_tiles(fbo, layout, out[start:stop])
        return out

    def render_one(self, program_id: int, seed: Sequence[float] | torch.Tensor, time: float,
                   resolution: int) -> torch.Tensor:
        """One draw of one image into its own R x R framebuffer, then an immediate read-back,
        as Shaders21k rendered. The per-image baseline's renderer; equals `render` of a batch of one.

        Returns:
            float32 (3, R, R) in [0, 1] on `self.device`.
        """
        seeds = torch.as_tensor(seed, dtype=torch.float32).reshape(1, -1)
        times = torch.tensor([float(time)], dtype=torch.float32)
        return self.render([int(program_id)], seeds, times, resolution)[0]

    def time_raw_draw(self, program_id: int, n_images: int, resolution: int) -> float:
        """Time one large instanced draw of `n_images` tiles + glFinish, no read-back.

        Measures the raw shader rate (no Python per image), into the framebuffer `render`
        uses. Compiles first, outside the clock.

        Returns:
            Seconds spent drawing (and finishing) all images.
        """
        ids = np.full(int(n_images), int(program_id), dtype=np.int64)
        seeds = torch.from_numpy(_golden_sequence(len(ids) * 4).reshape(-1, 4))
        times = torch.from_numpy(_golden_sequence(len(ids), offset=0.5) * 10.0)
        ids, instances = self._validate(ids, seeds, times, resolution, None)
        layout = plan_layout(len(ids), resolution, self.max_framebuffer_side)
        self.compile(program_id)
        with self._lock, self.ctx:
            start_time = perf_counter()
            for start in range(0, len(ids), layout.capacity):
                stop = min(len(ids), start + layout.capacity)
                self._draw_pass(ids[start:stop], instances[start:stop], layout, CANVAS_DTYPE)
            self.ctx.finish()
            return perf_counter() - start_time

    def compile(self, program_id: int, raw: bool = False) -> None:
        """Make `program_id` ready to draw now instead of at first use; raises on failure.

        Links the program, then issues one draw whose quad is entirely clipped: drivers such
        as llvmpipe JIT-compile the fragment shader at the first draw, and a clipped draw
        triggers that without running the shader (so an endless loop cannot hang here).
        llvmpipe JITs one variant per framebuffer format: `raw=True` also warms the float32
        variant `render_raw` draws with (so `procgen.check` times drawing, not compiling).
        """
        program_id = self._check_id(program_id)
        with self._lock, self.ctx:
            state = self._draw_state(program_id)
            offscreen = np.zeros((1, INSTANCE_FLOATS), dtype=np.float32)
            offscreen[0, 0:2] = -1.0e6
            state.instance_buffer.write(offscreen.tobytes())
            set_layout_uniforms(state.cached.program, TileLayout(1, 1))
            for dtype in (CANVAS_DTYPE, RAW_DTYPE) if raw else (CANVAS_DTYPE,):
                self._framebuffer((1, 1), dtype).use()
                state.vao.render(moderngl.TRIANGLE_STRIP, vertices=4, instances=1)
            self.ctx.finish()
            self._raise_on_gl_error("compile")

    def forget(self, program_id: int) -> None:
        """Drop `program_id`'s draw state (VAO, instance buffer), so the id may name another program
        next time (the probe of `synth:` libraries reuses ids); the compiled program stays cached by source."""
        self._check_process()
        state = self._draw_states.pop(int(program_id), None)
        if state is not None:
            with self._lock, self.ctx:
                self._release_state(state)

    def is_compiled(self, program_id: int) -> bool:
        """True when `program_id` is compiled for this renderer and still in the LRU cache."""
        state = self._draw_states.get(int(program_id))
        return state is not None and state.cached.alive

    def release(self) -> None:
        """Free this renderer's framebuffers, VAOs and buffers (compiled programs stay cached).
        The renderer cannot be used afterwards."""
        self._check_process()
        self._released = True
        with self._lock, self.ctx:
            for state in self._draw_states.values():
                self._release_state(state)
            for fbo in self._framebuffers.values():
                self._readback.discard(fbo)
                release_framebuffer(self.ctx, fbo)
            self._quad.release()
        self._draw_states.clear()
        self._framebuffers.clear()

    # ---------------------------------------------------------------- internals
    def _check_process(self) -> None:
        if self._released:
            raise RenderError("this BatchRenderer was released; create a new one")
        if os.getpid() != self._pid:
            raise GLForkError(f"this BatchRenderer was created in process {self._pid} and used in forked "
                              f"process {os.getpid()}; create one renderer per process")

    def _check_id(self, program_id: int) -> int:
        self._check_process()
        if not 0 <= int(program_id) < len(self.library):
            raise IndexError(f"program id {int(program_id)} out of range [0, {len(self.library)}) "
                             f"for a library of {len(self.library)} shaders")
        return int(program_id)

    def _validate(self, program_ids, seeds, times, resolution, frames) -> tuple[np.ndarray, np.ndarray]:
        """Check shapes/ranges; return ids int64 (B,) and per-instance rows float32 (B, 8)."""
        self._check_process()
        if not is_int(resolution):
            raise ValueError(f"resolution must be an int, got {resolution!r}")
        if not 0 < resolution <= self.max_resolution:
            raise ValueError(f"resolution {resolution} must be in [1, {self.max_resolution}] "
                             f"(GL max texture/renderbuffer/viewport size of {self.ctx.info['GL_RENDERER']})")
        # Small host copies of the inputs (a sync if they live on the GPU); images never do this.
        ids_np = np.asarray(program_ids.detach().cpu() if torch.is_tensor(program_ids) else program_ids).reshape(-1)
        if ids_np.size == 0:
            raise ValueError("batch size is 0: pass at least one program id")
        if not np.issubdtype(ids_np.dtype, np.integer):
            raise ValueError(f"program ids must be integers, got dtype {ids_np.dtype}")
        ids_np = ids_np.astype(np.int64)
        for bad in ids_np[(ids_np < 0) | (ids_np >= len(self.library))][:1]:
            self._check_id(bad)  # raises IndexError naming the id
        count = len(ids_np)
        seeds_np = _host_float(seeds, "seeds", (count, 4))
        times_np = _host_float(times, "times", (count,))
        frames_np = np.floor(times_np * FRAME_RATE) if frames is None else _host_float(frames, "frames", (count,))
        instances = np.empty((count, INSTANCE_FLOATS), dtype=np.float32)
        instances[:, 2] = times_np
        instances[:, 3] = frames_np
        instances[:, 4:] = seeds_np
        return ids_np, instances

    def _draw_pass(self, ids: np.ndarray, instances: np.ndarray, layout: TileLayout,
                   dtype: str) -> moderngl.Framebuffer:
        """Draw one pass (<= layout.capacity images), one instanced draw per distinct program,
        into the framebuffer of `layout.size` holding moderngl `dtype` ("f1" or "f4")."""
        fbo = self._framebuffer(layout.size, dtype)
        fbo.use()
        fbo.viewport = (0, 0, *layout.size)
        for unit, texture in enumerate(self._textures):
            texture.use(location=unit)
        order = np.argsort(ids, kind="stable")  # group each program's rows: one slice per draw
        grouped = instances[order]  # a copy: the caller's rows stay as they are
        grouped[:, 0:2] = layout.origins(len(ids), self._readback.top_row_first)[order]
        sorted_ids = ids[order]
        bounds = (np.flatnonzero(sorted_ids[1:] != sorted_ids[:-1]) + 1).tolist()  # np.unique is slower
        for first, stop in zip([0, *bounds], [*bounds, len(ids)]):
            state = self._draw_state(int(sorted_ids[first]))
            self._ensure_capacity(state, stop - first)
            state.instance_buffer.write(grouped[first:stop])
            set_layout_uniforms(state.cached.program, layout)
            state.vao.render(moderngl.TRIANGLE_STRIP, vertices=4, instances=stop - first)
        self._raise_on_gl_error("draw")
        return fbo

    def _read_tiles(self, fbo: moderngl.Framebuffer, layout: TileLayout, out: torch.Tensor) -> None:
        """ONE read-back per colour plane of the used tiles into `out`, float32 (count, 3, R, R)
        on `self.device`: top row first, 8-bit canvases scaled to [0, 1]."""
        count, r = len(out), layout.resolution
        planes = self._readback.read(fbo, (0, 0, r, count * r))  # (3, count*R, R)
        self._raise_on_gl_error("read-back")
        # The one copy: planes -> (count, 3, R, R), each row contiguous; GL's bottom row came
        # first where the driver has no GL_MESA_pack_invert, so flip then.
        flip = not self._readback.top_row_first
        if out.device.type == "cpu":  # numpy: one single-threaded pass, and a flip without a copy
            source = planes.numpy().reshape(COLOUR_PLANES, count, r, r).transpose(1, 0, 2, 3)
            source = source[:, :, ::-1] if flip else source
            if source.dtype == np.uint8:
                np.multiply(source, np.float32(1.0 / 255.0), out=out.numpy())
            else:
                np.copyto(out.numpy(), source)
            return
        images = planes.view(COLOUR_PLANES, count, r, r).permute(1, 0, 2, 3)
        out.copy_(images.flip(2) if flip else images)
        if images.dtype == torch.uint8:
            out.mul_(1.0 / 255.0)

    def _framebuffer(self, size: tuple[int, int], dtype: str) -> moderngl.Framebuffer:
        key = (*size, dtype)
        fbo = self._framebuffers.get(key)
        if fbo is None:
            if len(self._framebuffers) >= 4:  # keep a few sizes; release the oldest
                oldest = self._framebuffers.pop(next(iter(self._framebuffers)))
                self._readback.discard(oldest)  # CUDA: unregister before GL deletes the planes
                release_framebuffer(self.ctx, oldest)
            planes = [self.ctx.texture(size, 1, dtype=dtype) for _ in range(COLOUR_PLANES)]
            fbo = self.ctx.framebuffer(color_attachments=planes)
            self._framebuffers[key] = fbo
        return fbo

    def _draw_state(self, program_id: int) -> _DrawState:
        """The program's VAO and buffer; (re)compiles a program the LRU cache evicted."""
        state = self._draw_states.get(program_id)
        if state is not None and state.cached.alive:
            touch(self.ctx, state.cached)
            return state
        if state is not None:  # evicted: its VAO names a released program
            self._release_state(self._draw_states.pop(program_id))
        cached = self._program(self.library[program_id])
        state = _DrawState(cached, self.ctx.buffer(reserve=64 * INSTANCE_FLOATS * 4), None, 64)
        state.vao = self._make_vao(state)
        self._draw_states[program_id] = state
        if len(self._draw_states) > 2 * program_cache_size():  # drop the VAOs of evicted programs
            for stale in [pid for pid, st in self._draw_states.items() if not st.cached.alive]:
                self._release_state(self._draw_states.pop(stale))
        return state

    @staticmethod
    def _release_state(state: _DrawState) -> None:
        state.vao.release()
        state.instance_buffer.release()

    def _make_vao(self, state: _DrawState) -> moderngl.VertexArray:
        return self.ctx.vertex_array(state.cached.program, [
            (self._quad, "2f", "procgen_corner"),
            (state.instance_buffer, INSTANCE_FORMAT, *INSTANCE_ATTRIBUTES),
        ], skip_errors=True)

    def _ensure_capacity(self, state: _DrawState, count: int) -> None:
        if count <= state.capacity:
            return
        state.vao.release()
        state.instance_buffer.release()
        state.capacity = 1 << (count - 1).bit_length()
        state.instance_buffer = self.ctx.buffer(reserve=state.capacity * INSTANCE_FLOATS * 4)
        state.vao = self._make_vao(state)

    def _program(self, shader: Shader) -> CachedProgram:
        """Compile (or fetch from the context's LRU cache) the wrapped program of `shader`."""
        try:
            source = wrap_fragment(shader.expanded_source)
        except WrapError as err:
            raise ShaderCompileError(shader.path, None, f"{err}: every shader must define Shadertoy's entry point") from None

        def build() -> moderngl.Program:
            try:
                program = self.ctx.program(vertex_shader=VERTEX_SHADER, fragment_shader=source)
            except moderngl.Error as err:
                raise compile_error_from_log(shader, str(err), 0) from None  # `#line 1`: no offset
            self._init_uniforms(program)
            return program

        return get_program(self.ctx, hashlib.sha256(source.encode()).hexdigest(), build)

    def _init_uniforms(self, program: moderngl.Program) -> None:
        """Set the uniforms that never change (Shadertoy defaults, texture units)."""
        set_uniform(program, "iTimeDelta", 1.0 / FRAME_RATE)
        set_uniform(program, "iFrameRate", FRAME_RATE)
        set_uniform(program, "iSampleRate", SAMPLE_RATE)
        set_uniform(program, "iChannelTime", [0.0] * CHANNEL_COUNT)
        set_uniform(program, "iChannelResolution", [(float(t.width), float(t.height), 1.0) for t in self._textures])
        for unit in range(CHANNEL_COUNT):
            set_uniform(program, f"iChannel{unit}", unit)

    def _raise_on_gl_error(self, stage: str) -> None:
        error = self.ctx.error
        if error != "GL_NO_ERROR":
            raise RenderError(f"OpenGL reported {error} during {stage}")


def _host_float(values, name: str, shape: tuple[int, ...]) -> np.ndarray:
    array = torch.as_tensor(values).detach().to("cpu", torch.float32).numpy()
    if array.shape != shape:
        raise ValueError(f"{name} must have shape {shape}, got {tuple(array.shape)}")
    if not np.isfinite(array).all():
        raise ValueError(f"{name} must be finite, got NaN/inf")
    return array


def _golden_sequence(count: int, offset: float = 0.0) -> np.ndarray:
    """Deterministic, well-spread numbers in [0, 1) (additive recurrence with the golden ratio)."""
    return np.mod(offset + np.arange(1, count + 1) * 0.6180339887498949, 1.0).astype(np.float32)
