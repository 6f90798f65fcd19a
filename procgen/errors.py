"""Errors raised by the procedural engine (GL context, shader library, renderer).

Each error carries the facts a shader author needs (file, line, key) in its message, so a
failure reads as a pointer to the problem rather than a trace into moderngl internals.
"""

from __future__ import annotations

from pathlib import Path

APT_INSTALL_HINT = "apt-get install -y --no-install-recommends libegl1 libgl1 libgl1-mesa-dri"


class ProcgenError(Exception):
    """Base class of every error raised by `procgen`."""


class EGLUnavailableError(ProcgenError, RuntimeError):
    """No headless EGL/OpenGL context could be created (library missing or no device)."""

    def __init__(self, reason: str, hint: str = APT_INSTALL_HINT) -> None:
        self.reason = reason
        super().__init__(f"{reason}\nHeadless OpenGL needs EGL + Mesa; install them with:\n  {hint}")


class ShaderHeaderError(ProcgenError, ValueError):
    """A shader file's `// key: value` metadata header is missing or incomplete."""

    def __init__(self, path: str | Path, message: str) -> None:
        self.path = Path(path)
        super().__init__(f"{self.path}: {message}")


class ShaderIncludeError(ProcgenError, ValueError):
    """An `#include "name.glsl"` line cannot be resolved."""

    def __init__(self, path: str | Path, line: int, message: str) -> None:
        self.path = Path(path)
        self.line = line
        super().__init__(f"{self.path}:{line}: {message}")


class ShaderCompileError(ProcgenError):
    """GLSL compilation or linking failed; `path`/`line` point into the ORIGINAL shader file.

    Attributes:
        path: the file the first error is in (a shader or one of its includes); None when the
            error is in the engine's generated wrapper.
        line: 1-based line in `path`, or None when the driver gave no line.
        message: the first error's text; `log` holds the full, re-mapped compiler log.
    """

    def __init__(self, path: str | Path | None, line: int | None, message: str, log: str = "") -> None:
        self.path = Path(path) if path is not None else None
        self.line = line
        self.message = message
        self.log = log or message
        where = f"{self.path}:{line}" if line is not None else f"{self.path}"
        text = f"{where}: {message}"
        if self.log and self.log != message:
            text += f"\n{self.log}"
        super().__init__(text)


class RenderError(ProcgenError, RuntimeError):
    """The GL driver reported an error during a draw or read-back."""


class GLForkError(ProcgenError, RuntimeError):
    """GL used in a process forked from one that already had a context (it would hang)."""

    def __init__(self, detail: str) -> None:
        super().__init__(
            f"{detail}. EGL/Mesa hang in a child forked after the parent created a GL context "
            "(moderngl issue #414): start render workers with multiprocessing's 'spawn' method, "
            "or create contexts only inside the workers."
        )
