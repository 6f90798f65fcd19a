"""Tile geometry of a batched pass: the tile column, its vertex stage and layout uniforms.

A pass draws R x R tiles stacked in one column of a framebuffer; the instanced vertex stage
places each image's tile from per-instance attributes and the layout uniforms set here."""

from __future__ import annotations

from dataclasses import dataclass

import moderngl
import numpy as np

from procgen.gl import set_uniform

__all__ = ["MAX_PASS_PIXELS", "VERTEX_SHADER", "INSTANCE_FLOATS", "INSTANCE_FORMAT",
           "INSTANCE_ATTRIBUTES", "TileLayout", "plan_layout", "set_layout_uniforms"]

# A pass holds at most this many pixels (or one tile, if a tile is larger), whatever R: framebuffer
# memory stays <= 12 MiB of 8-bit planes (48 MiB for `render_raw`); 64 images of 256 px fit in one pass.
MAX_PASS_PIXELS = 1 << 22

VERTEX_SHADER = """#version 330
uniform vec2 procgen_framebuffer_size;
uniform float procgen_tile_size;
in vec2 procgen_corner;  // per vertex: the unit quad
in vec2 procgen_tile_origin; in float procgen_image_time; in float procgen_image_frame; in vec4 procgen_image_seed;
flat out vec2 procgen_origin; flat out float procgen_time; flat out int procgen_frame; flat out vec4 procgen_seed;
void main() {
    vec2 pixel = procgen_tile_origin + procgen_corner * procgen_tile_size;
    gl_Position = vec4(pixel / procgen_framebuffer_size * 2.0 - 1.0, 0.0, 1.0);
    procgen_origin = procgen_tile_origin;
    procgen_time = procgen_image_time;
    procgen_frame = int(procgen_image_frame);
    procgen_seed = procgen_image_seed;
}
"""

INSTANCE_FLOATS = 8  # origin.xy, time, frame, seed.xyzw
INSTANCE_FORMAT = "2f 1f 1f 4f/i"
INSTANCE_ATTRIBUTES = ("procgen_tile_origin", "procgen_image_time", "procgen_image_frame",
                       "procgen_image_seed")


@dataclass(frozen=True)
class TileLayout:
    """A column of `rows` tiles of `resolution` px; tile i sits at row i, row 0 at the bottom
    of the GL framebuffer. One column makes each tile's rows consecutive in memory, and with
    the images in top-down order a top-row-first read returns them in order, upright."""

    resolution: int
    rows: int

    @property
    def capacity(self) -> int:
        return self.rows

    @property
    def size(self) -> tuple[int, int]:
        return self.resolution, self.rows * self.resolution

    def origins(self, count: int, top_down: bool = False) -> np.ndarray:
        """Lower-left pixel of the tiles of images 0..count-1, float32 (count, 2): image i at
        tile i, or at tile count-1-i when `top_down` (image 0 in the highest used tile)."""
        tiles = np.arange(count)[::-1] if top_down else np.arange(count)
        origins = np.zeros((count, 2), dtype=np.float32)
        origins[:, 1] = tiles * self.resolution
        return origins


def plan_layout(count: int, resolution: int, max_side: int, max_pixels: int = MAX_PASS_PIXELS) -> TileLayout:
    """A column for `count` tiles, at most `max_side` px high and `max_pixels` in all (more
    passes beyond; one tile always fits)."""
    return TileLayout(resolution, max(1, min(count, max_side // resolution, max_pixels // resolution**2)))


def set_layout_uniforms(program: moderngl.Program, layout: TileLayout) -> None:
    """Point `program` at `layout`'s framebuffer and tile size (a no-op when it already is).

    Uniforms persist in a GL program, and a cached program is shared by every renderer of its
    context, so the layout its uniforms hold is kept on the program itself (moderngl's
    `extra`, None when new).
    """
    key = (*layout.size, layout.resolution)
    if program.extra == key:
        return
    program["procgen_framebuffer_size"].value = tuple(float(v) for v in layout.size)
    program["procgen_tile_size"].value = float(layout.resolution)
    set_uniform(program, "iResolution", (float(layout.resolution), float(layout.resolution), 1.0))
    program.extra = key
