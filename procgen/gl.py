"""Headless OpenGL contexts through EGL: llvmpipe on CPU, the matching NVIDIA GPU on CUDA.

A context is created lazily, inside the process that renders, and cached per (pid, device):
a context made in a parent process hangs forked children (moderngl issue #414), so nothing
here runs at import time and a forked child never reuses its parent's context.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

import moderngl
import numpy as np
import torch

from procgen.errors import EGLUnavailableError, GLForkError

GL_VERSION_REQUIRED = 330
_EGL_EXTENSIONS = 0x3055
_EGL_CUDA_DEVICE_NV = 0x323A
_MAX_EGL_DEVICES = 32

_CONTEXTS: dict[tuple[int, str], moderngl.Context] = {}
_CONTEXT_EGL_INDEX: dict[tuple[int, str], int | None] = {}
_CONTEXT_LOCKS: dict[int, threading.RLock] = {}  # id(ctx) -> lock held while it is bound
_LOCK = threading.Lock()


@dataclass(frozen=True)
class EGLDevice:
    """One EGL device as enumerated by `eglQueryDevicesEXT`.

    Attributes:
        index: position in the enumeration (what glcontext's `device_index=` selects).
        extensions: the device's extension string.
        cuda_index: the CUDA ordinal of an NVIDIA device (EGL_CUDA_DEVICE_NV), else None.
    """

    index: int
    extensions: str
    cuda_index: int | None

    @property
    def is_software(self) -> bool:
        return "EGL_MESA_device_software" in self.extensions


def device_key(device: str | torch.device = "cpu") -> str:
    """Normalise a torch device to the key contexts are cached under: 'cpu' or 'cuda:N'."""
    dev = torch.device(device)
    if dev.type == "cpu":
        return "cpu"
    if dev.type == "cuda":
        index = dev.index if dev.index is not None else torch.cuda.current_device()
        return f"cuda:{index}"
    raise ValueError(f"unsupported render device {str(device)!r}: use 'cpu' or 'cuda[:N]'")


def configure_mesa_shader_cache() -> Path:
    """Point Mesa's on-disk shader cache at ~/.cache/procvision/mesa (unless the user set one).

    Mesa 22.3 reads MESA_SHADER_CACHE_DIR / MESA_SHADER_CACHE_DISABLE when a context is
    created (the MESA_GLSL_CACHE_* names are deprecated aliases). A warm cache turns a cold
    llvmpipe compile (~150 ms per program) into a few ms. Must run before context creation.

    Returns:
        The cache directory in effect.
    """
    base = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    os.environ.setdefault("MESA_SHADER_CACHE_DIR", str(base / "procvision" / "mesa"))
    os.environ.setdefault("MESA_SHADER_CACHE_DISABLE", "false")
    cache_dir = Path(os.environ["MESA_SHADER_CACHE_DIR"])
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
    except OSError:
        pass  # a read-only home only costs compile time; Mesa then runs without the cache
    return cache_dir


def _load_egl() -> ctypes.CDLL:
    # The library glcontext is pointed at (offline GPU machines unpack their own), else the system's.
    name = os.environ.get("GLCONTEXT_LINUX_LIBEGL") or ctypes.util.find_library("EGL")
    if name is None:
        raise EGLUnavailableError("libEGL was not found on this machine")
    try:
        return ctypes.CDLL(name)
    except OSError as err:
        raise EGLUnavailableError(f"libEGL could not be loaded: {err}") from err


def egl_devices() -> list[EGLDevice]:
    """Enumerate EGL devices (EGL_EXT_device_enumeration), in glcontext's `device_index` order.

    Returns:
        The devices; empty when the EGL implementation cannot enumerate devices.
    """
    egl = _load_egl()
    get_proc = egl.eglGetProcAddress
    get_proc.restype = ctypes.c_void_p
    get_proc.argtypes = [ctypes.c_char_p]
    addr_devices = get_proc(b"eglQueryDevicesEXT")
    addr_string = get_proc(b"eglQueryDeviceStringEXT")
    addr_attrib = get_proc(b"eglQueryDeviceAttribEXT")
    if not (addr_devices and addr_string and addr_attrib):
        return []
    query_devices = ctypes.CFUNCTYPE(
        ctypes.c_uint, ctypes.c_int, ctypes.POINTER(ctypes.c_void_p), ctypes.POINTER(ctypes.c_int)
    )(addr_devices)
    query_string = ctypes.CFUNCTYPE(ctypes.c_char_p, ctypes.c_void_p, ctypes.c_int)(addr_string)
    query_attrib = ctypes.CFUNCTYPE(
        ctypes.c_uint, ctypes.c_void_p, ctypes.c_int, ctypes.POINTER(ctypes.c_ssize_t)
    )(addr_attrib)
    handles = (ctypes.c_void_p * _MAX_EGL_DEVICES)()
    count = ctypes.c_int(0)
    if not query_devices(_MAX_EGL_DEVICES, handles, ctypes.byref(count)):
        return []
    devices = []
    for index in range(count.value):
        extensions = (query_string(handles[index], _EGL_EXTENSIONS) or b"").decode(errors="replace")
        cuda = ctypes.c_ssize_t(-1)
        has_cuda = "EGL_NV_device_cuda" in extensions and query_attrib(
            handles[index], _EGL_CUDA_DEVICE_NV, ctypes.byref(cuda)
        )
        devices.append(EGLDevice(index, extensions, int(cuda.value) if has_cuda else None))
    return devices


def select_egl_device(key: str) -> int | None:
    """Pick the EGL device index for a device key ('cpu' or 'cuda:N').

    CPU prefers Mesa's software device (llvmpipe) even on a machine with a GPU; None lets
    glcontext use its default. CUDA needs the NVIDIA device whose CUDA ordinal matches, so
    the rendered images live on the same GPU as the tensors that consume them.
    """
    devices = egl_devices()
    if key == "cpu":
        return next((d.index for d in devices if d.is_software), None)
    cuda_index = int(key.split(":")[1])
    for dev in devices:
        if dev.cuda_index == cuda_index:
            return dev.index
    raise EGLUnavailableError(
        f"no EGL device reports CUDA device {cuda_index} (found {len(devices)} EGL device(s)); "
        "the NVIDIA driver's EGL library (libEGL_nvidia.so.0) must be installed",
    )


def get_context(device: str | torch.device = "cpu") -> moderngl.Context:
    """Return this process's GL context for `device`, creating it on first use.

    The context is left unbound: issue GL calls only inside `with context_lock(ctx), ctx:`
    (which binds it to the calling thread). Outside such a block EGL silently ignores GL calls.

    Args:
        device: 'cpu' (Mesa llvmpipe, surfaceless) or 'cuda[:N]' (NVIDIA EGL device N).

    Raises:
        EGLUnavailableError: EGL/Mesa missing or no matching device (names the apt packages).
        GLForkError: this process was forked from one that already had a context.
    """
    key = device_key(device)
    cache_key = (os.getpid(), key)
    with _LOCK:
        ctx = _CONTEXTS.get(cache_key)
        if ctx is not None:
            return ctx
        inherited = sorted({pid for pid, _ in _CONTEXTS if pid != os.getpid()})
        if inherited:
            raise GLForkError(f"process {os.getpid()} was forked from process {inherited[0]}, which has a GL context")
        if key == "cpu":
            configure_mesa_shader_cache()
        egl_index = select_egl_device(key)
        kwargs = {"backend": "egl", "require": GL_VERSION_REQUIRED}
        if egl_index is not None:
            kwargs["device_index"] = egl_index
        try:
            ctx = moderngl.create_standalone_context(**kwargs)
        except Exception as err:  # glcontext raises bare Exception/ValueError on EGL failure
            raise EGLUnavailableError(f"could not create an EGL context for {key}: {err}") from err
        with ctx:  # glcontext leaves a new context current; the block's exit unbinds it
            _ = ctx.info  # moderngl caches this, so it stays readable while unbound
        _CONTEXTS[cache_key] = ctx
        _CONTEXT_EGL_INDEX[cache_key] = egl_index
        _CONTEXT_LOCKS[id(ctx)] = threading.RLock()
        return ctx


def context_lock(ctx: moderngl.Context) -> threading.RLock:
    """The lock to hold while `ctx` is bound (`with context_lock(ctx), ctx:`).

    A context may be bound in only one thread at a time, so every user of a shared context
    (several renderers, a prefetching thread) takes this lock around its GL work.
    """
    return _CONTEXT_LOCKS[id(ctx)]


def gl_info(device: str | torch.device = "cpu") -> dict:
    """Describe the GL implementation behind `device` (creates the context if needed).

    Returns:
        dict with renderer, version, vendor, glsl_version, max_texture_size,
        max_renderbuffer_size, max_viewport_dims, device, egl_device_index,
        shader_cache_dir (None when unset).
    """
    ctx = get_context(device)
    info = ctx.info
    key = device_key(device)
    return {
        "renderer": info["GL_RENDERER"],
        "version": info["GL_VERSION"],
        "vendor": info["GL_VENDOR"],
        "glsl_version": ctx.version_code,
        "max_texture_size": int(info["GL_MAX_TEXTURE_SIZE"]),
        "max_renderbuffer_size": int(info["GL_MAX_RENDERBUFFER_SIZE"]),
        "max_viewport_dims": tuple(int(v) for v in info["GL_MAX_VIEWPORT_DIMS"]),
        "device": key,
        "egl_device_index": _CONTEXT_EGL_INDEX.get((os.getpid(), key)),
        "shader_cache_dir": os.environ.get("MESA_SHADER_CACHE_DIR"),
    }


# --------------------------------------------------------------------------- iChannel textures
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


# --------------------------------------------------------------------------- small GL helpers
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


# --------------------------------------------------------------------------- framebuffer -> tensor
GL_PACK_INVERT_MESA = 0x8758  # GL_MESA_pack_invert: glReadPixels returns the top row first


def _gl_pixel_store() -> ctypes._CFuncPtr | None:
    """glPixelStorei of the context current in this thread (moderngl exposes no pack state);
    None if EGL does not hand it out."""
    lookup = _load_egl().eglGetProcAddress
    lookup.restype = ctypes.c_void_p
    lookup.argtypes = [ctypes.c_char_p]
    address = lookup(b"glPixelStorei")
    return ctypes.CFUNCTYPE(None, ctypes.c_uint, ctypes.c_int)(address) if address else None


@runtime_checkable
class Readback(Protocol):
    """Framebuffer -> tensor: `HostReadback` on CPU, `procgen.cuda_readback.CudaReadback` on CUDA.

    `read(fbo, viewport)` returns (planes, height, width) on `device` (uint8 for 8-bit planes,
    float32 for float ones), rows top first iff `top_row_first`; `discard(fbo)` forgets
    anything kept for `fbo` (call before releasing it). Both run with the context bound.
    """

    device: torch.device
    top_row_first: bool

    def read(self, fbo: moderngl.Framebuffer, viewport: tuple[int, int, int, int]) -> torch.Tensor: ...

    def discard(self, fbo: moderngl.Framebuffer) -> None: ...


class HostReadback:
    """Framebuffer -> tensor through host memory (glReadPixels, then `.to(device)`).

    The reader of CPU devices, and the fallback on CUDA where interop is unavailable (a host
    round trip there; `procgen.cuda_readback` is the zero-copy reader).

    Args:
        device: where the tensors go.
        top_row_first: read rows top-first through GL_MESA_pack_invert (Mesa has it; callers
            then need no flip); False, or no glPixelStorei from EGL, reads GL's bottom row first
            (the attribute `top_row_first` says which).
    """

    def __init__(self, device: torch.device, top_row_first: bool = False) -> None:
        self.device = device
        self._pixel_store = _gl_pixel_store() if top_row_first else None
        self.top_row_first = self._pixel_store is not None

    def read(self, fbo: moderngl.Framebuffer, viewport: tuple[int, int, int, int]) -> torch.Tensor:
        """Read a region of every colour attachment, each a single-channel plane.

        Args:
            fbo: framebuffer whose colour attachments are one-channel textures, 8-bit normalised
                ("f1") or float ("f4"), all of one dtype. Its context must be bound.
            viewport: (x, y, width, height) in GL pixels (y = 0 is the bottom row).

        Returns:
            (planes, height, width) on `self.device`, uint8 for 8-bit attachments, float32 for
            float ones; row 0 is the region's top row if `top_row_first`, else its bottom row.
        """
        _, _, width, height = viewport
        attachments = fbo.color_attachments
        dtype = attachments[0].dtype
        array = np.empty((len(attachments), height, width), dtype=np.uint8 if dtype == "f1" else np.float32)
        if self._pixel_store is not None:
            self._pixel_store(GL_PACK_INVERT_MESA, 1)
        try:
            for index, plane in enumerate(array):
                fbo.read_into(plane, viewport=viewport, components=1, attachment=index, dtype=dtype)
        finally:  # pack state belongs to the context: leave it as GL's default for other readers
            if self._pixel_store is not None:
                self._pixel_store(GL_PACK_INVERT_MESA, 0)
        tensor = torch.from_numpy(array)
        return tensor if self.device.type == "cpu" else tensor.to(self.device)  # host round trip (GPU)

    def discard(self, fbo: moderngl.Framebuffer) -> None:
        """Nothing is kept per framebuffer."""


def make_readback(ctx: moderngl.Context, device: torch.device) -> Readback:
    """Choose the framebuffer reader for `device`: the host reader on CPU, CUDA-GL interop on
    CUDA (falling back to the host reader, with one warning, where interop is unavailable)."""
    if device.type == "cuda":
        from procgen.cuda_readback import choose_readback  # imports cuda-python only on CUDA
        return choose_readback(ctx, device)
    return HostReadback(device, top_row_first="GL_MESA_pack_invert" in ctx.extensions)
