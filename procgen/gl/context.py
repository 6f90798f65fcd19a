"""The per-process GL context cache: one EGL context per (pid, device), created lazily.

A context is created lazily, inside the process that renders, and cached per (pid, device):
a context made in a parent process hangs forked children (moderngl issue #414), so nothing
here runs at import time and a forked child never reuses its parent's context.
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path

import moderngl
import torch

from procgen.errors import EGLUnavailableError, GLForkError
from procgen.gl.egl import select_egl_device

GL_VERSION_REQUIRED = 330

_CONTEXTS: dict[tuple[int, str], moderngl.Context] = {}
_CONTEXT_EGL_INDEX: dict[tuple[int, str], int | None] = {}
_CONTEXT_LOCKS: dict[int, threading.RLock] = {}  # id(ctx) -> lock held while it is bound
_LOCK = threading.Lock()

logger = logging.getLogger(__name__)


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
        logger.info("GL context for %s in process %d: %s (EGL device %s)", key, os.getpid(),
                    ctx.info["GL_RENDERER"], egl_index)
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
