"""Headless OpenGL through EGL: device discovery, per-process contexts, iChannel textures, read-back.

llvmpipe on CPU, the matching NVIDIA GPU on CUDA. Submodules: `egl` (devices), `context`
(the per-process context cache), `channels` (iChannel textures), `objects` (framebuffer and
uniform helpers), `readback` (framebuffer -> tensor).
"""

from procgen.gl.channels import CHANNEL_COUNT, channel_images, channel_textures
from procgen.gl.context import (_CONTEXTS, GL_VERSION_REQUIRED, configure_mesa_shader_cache, context_lock, device_key,
                                get_context, gl_info)
from procgen.gl.egl import EGLDevice, egl_devices, select_egl_device
from procgen.gl.objects import release_framebuffer, set_uniform
from procgen.gl.readback import GL_PACK_INVERT_MESA, HostReadback, Readback, make_readback

__all__ = [
    "CHANNEL_COUNT", "GL_PACK_INVERT_MESA", "GL_VERSION_REQUIRED", "EGLDevice", "HostReadback", "Readback", "channel_images",
    "channel_textures", "configure_mesa_shader_cache", "context_lock", "device_key", "egl_devices", "get_context",
    "gl_info", "make_readback", "release_framebuffer", "select_egl_device", "set_uniform",
]
