"""Small GL object helpers: releasing a framebuffer safely, setting a uniform if it exists."""

from __future__ import annotations

import os

import moderngl
import numpy as np

# A 1x1 framebuffer per (process, context) to bind before deleting one: moderngl would
# otherwise re-bind the deleted name when it next creates a framebuffer (GL_INVALID_OPERATION).
_PARKING: dict[tuple[int, int], moderngl.Framebuffer] = {}


def release_framebuffer(ctx: moderngl.Context, fbo: moderngl.Framebuffer) -> None:
    """Delete `fbo` and its colour attachments (call with `ctx` bound)."""
    key = (os.getpid(), id(ctx))
    if key not in _PARKING:
        _PARKING[key] = ctx.framebuffer(color_attachments=[ctx.renderbuffer((1, 1))])
    _PARKING[key].use()
    for attachment in fbo.color_attachments:
        attachment.release()
    fbo.release()


def set_uniform(program: moderngl.Program, name: str, value) -> None:
    """Set a uniform if the program uses it (GLSL optimises unused uniforms away).

    A list value is a float array; drivers may trim an array to its last used element.
    """
    uniform = program.get(name, None)
    if uniform is None:
        return
    if isinstance(value, list):
        uniform.write(np.asarray(value[:uniform.array_length], dtype=np.float32).tobytes())
    else:
        uniform.value = value
