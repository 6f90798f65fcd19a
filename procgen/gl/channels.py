"""The four procedural iChannel textures Shadertoy programs sample, one set per GL context."""

from __future__ import annotations

import os

import moderngl
import numpy as np

CHANNEL_COUNT = 4
_TEXTURE_SEED = 0x5EED  # fixed: every process and device gets the same channel textures
_CHANNEL_TEXTURES: dict[tuple[int, int], list[moderngl.Texture]] = {}


def channel_images() -> list[np.ndarray]:
    """The four procedural iChannel images, uint8 (H, W, 4), generated deterministically.

    0: 256x256 grey noise (r = g = b); 1: 256x256 RGBA noise whose G/A are R/B shifted by
    (37, 17) texels, the layout Shadertoy's "RGBA Noise Medium" has and 3-D value-noise code
    relies on; 2: 64x64 RGBA noise; 3: 256x256 smooth RGB noise (wrapped box blur).
    """
    rng = np.random.default_rng(_TEXTURE_SEED)
    opaque = np.full((256, 256, 1), 255, dtype=np.uint8)
    grey = rng.integers(0, 256, (256, 256, 1), dtype=np.uint8)
    grey_rgba = np.concatenate([grey, grey, grey, opaque], axis=2)
    rgba = rng.integers(0, 256, (256, 256, 4), dtype=np.uint8)
    rgba[..., 1] = np.roll(rgba[..., 0], shift=(17, 37), axis=(0, 1))
    rgba[..., 3] = np.roll(rgba[..., 2], shift=(17, 37), axis=(0, 1))
    small = rng.integers(0, 256, (64, 64, 4), dtype=np.uint8)
    smooth = rng.random((256, 256, 3))
    for _ in range(3):  # three wrapped 9x9 box blurs ~ a Gaussian of sigma ~4.5 texels
        for axis in (0, 1):
            smooth = sum(np.roll(smooth, k, axis=axis) for k in range(-4, 5)) / 9.0
    low, high = smooth.min(axis=(0, 1)), smooth.max(axis=(0, 1))
    smooth = np.round((smooth - low) / (high - low) * 255.0).astype(np.uint8)
    return [grey_rgba, rgba, small, np.concatenate([smooth, opaque], axis=2)]


def channel_textures(ctx: moderngl.Context) -> list[moderngl.Texture]:
    """The iChannel0..3 textures of `ctx` (created once per context): REPEAT wrap, trilinear
    filtering with mipmaps, as Shadertoy users expect."""
    key = (os.getpid(), id(ctx))
    textures = _CHANNEL_TEXTURES.get(key)
    if textures is None:
        textures = []
        for image in channel_images():
            texture = ctx.texture((image.shape[1], image.shape[0]), 4, image.tobytes())
            texture.repeat_x = texture.repeat_y = True
            texture.build_mipmaps()
            texture.filter = (moderngl.LINEAR_MIPMAP_LINEAR, moderngl.LINEAR)
            textures.append(texture)
        _CHANNEL_TEXTURES[key] = textures
    return textures
