"""The headless GL context: llvmpipe through EGL, lazy, cached, with clear errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import torch

from procgen.errors import APT_INSTALL_HINT, EGLUnavailableError
from procgen.gl import channel_images, device_key, egl_devices, get_context, gl_info, select_egl_device

REPO = Path(__file__).resolve().parents[2]


def _run_python(code: str, env_update: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, **(env_update or {})}
    return subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True, timeout=120)


def test_context_is_llvmpipe_without_gl_errors(egl_context, gl_error):
    assert gl_error(egl_context) == "GL_NO_ERROR"
    assert "llvmpipe" in egl_context.info["GL_RENDERER"]
    assert egl_context.version_code >= 330
    assert gl_error(egl_context) == "GL_NO_ERROR"


def test_gl_error_check_can_fail(egl_context, gl_error):
    with egl_context:  # SSBO binding index beyond the GL limit: the driver flags an error
        egl_context.buffer(reserve=16).bind_to_storage_buffer(binding=10**6)
    assert gl_error(egl_context) == "GL_INVALID_VALUE"
    assert gl_error(egl_context) == "GL_NO_ERROR"  # reading the flag clears it


def test_context_is_cached_per_process_and_device(egl_context):
    assert get_context("cpu") is egl_context
    assert get_context(torch.device("cpu")) is egl_context


def test_gl_info_reports_renderer_and_limits(egl_context):
    info = gl_info("cpu")
    assert "llvmpipe" in info["renderer"]
    assert "Mesa" in info["version"]
    assert info["vendor"]
    assert info["max_texture_size"] >= 4096
    assert info["max_renderbuffer_size"] >= 4096
    assert info["device"] == "cpu"


def test_device_key_normalises_and_rejects_unknown_devices():
    assert device_key("cpu") == "cpu"
    assert device_key("cuda:1") == "cuda:1"
    with pytest.raises(ValueError, match="unsupported render device 'meta'"):
        device_key("meta")


def test_cpu_selects_mesa_software_device():
    devices = egl_devices()
    software = [d for d in devices if d.is_software]
    assert software, f"no Mesa software EGL device among {devices}"
    assert select_egl_device("cpu") == software[0].index


def test_cuda_device_selection_matches_cuda_ordinal_or_fails_clearly():
    devices = egl_devices()
    nvidia = [d for d in devices if d.cuda_index == 0]
    if nvidia:  # a GPU machine: the EGL device that reports CUDA ordinal 0
        assert select_egl_device("cuda:0") == nvidia[0].index
    else:  # no NVIDIA EGL here: the error says what is missing
        with pytest.raises(EGLUnavailableError, match="CUDA device 0") as info:
            select_egl_device("cuda:0")
        assert APT_INSTALL_HINT in str(info.value)


def test_no_context_is_created_at_import():
    result = _run_python("import procgen.gl as g, procgen.renderer, procgen.library, procgen.check; "
                         "print(len(g._CONTEXTS))")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "0"


def test_unloadable_egl_library_names_the_apt_packages():
    # glcontext honours GLCONTEXT_LINUX_LIBEGL: point it at a library that does not exist.
    result = _run_python(
        "from procgen.gl import get_context\n"
        "from procgen.errors import EGLUnavailableError\n"
        "try:\n    get_context('cpu')\nexcept EGLUnavailableError as err:\n    print('ERR', err)\n",
        {"GLCONTEXT_LINUX_LIBEGL": "/nonexistent/libEGL.so.1"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ERR")
    assert "apt-get install -y --no-install-recommends libegl1 libgl1 libgl1-mesa-dri" in result.stdout


def test_mesa_shader_cache_goes_to_the_procvision_folder(tmp_path):
    env = {"XDG_CACHE_HOME": str(tmp_path)}
    code = (
        "import os\n"
        "os.environ.pop('MESA_SHADER_CACHE_DIR', None); os.environ.pop('MESA_SHADER_CACHE_DISABLE', None)\n"
        "from procgen.gl import get_context\n"
        "ctx = get_context('cpu')\n"
        "fs = '#version 330\\nout vec4 c; uniform float t; void main() { c = vec4(sin(t * 3.7)); }'\n"
        "vs = '#version 330\\nin vec2 p; void main() { gl_Position = vec4(p, 0.0, 1.0); }'\n"
        "with ctx:\n    ctx.program(vertex_shader=vs, fragment_shader=fs)\n"
        "print(os.environ['MESA_SHADER_CACHE_DIR'])\n"
    )
    result = _run_python(code, env)
    assert result.returncode == 0, result.stderr
    cache_dir = Path(result.stdout.strip())
    assert cache_dir == tmp_path / "procvision" / "mesa"
    written = [p for p in cache_dir.rglob("*") if p.is_file()]
    assert written, "Mesa wrote nothing into the configured shader cache folder"


def test_channel_images_are_deterministic_and_shadertoy_shaped():
    first, second = channel_images(), channel_images()
    assert [img.shape for img in first] == [(256, 256, 4), (256, 256, 4), (64, 64, 4), (256, 256, 4)]
    for a, b in zip(first, second):
        assert (a == b).all()
    grey, rgba = first[0], first[1]
    assert (grey[..., 0] == grey[..., 1]).all() and (grey[..., 0] == grey[..., 2]).all()
    # G at (x + 37, y + 17) repeats R at (x, y): the offset 3-D value-noise code relies on.
    assert rgba[17 + 5, 37 + 9, 1] == rgba[5, 9, 0]
    smooth = first[3][..., 0].astype(float)
    noisy = rgba[..., 0].astype(float)
    assert abs(smooth[:, 1:] - smooth[:, :-1]).mean() < 0.2 * abs(noisy[:, 1:] - noisy[:, :-1]).mean()


def _use_gl_in_forked_child(queue) -> None:
    from procgen.errors import GLForkError

    try:
        get_context("cpu")
        queue.put("created")
    except GLForkError as err:
        queue.put(f"GLForkError: {err}")


def test_forked_child_of_a_gl_process_gets_a_clear_error_not_a_hang(egl_context):
    import multiprocessing

    fork = multiprocessing.get_context("fork")
    queue = fork.Queue()
    child = fork.Process(target=_use_gl_in_forked_child, args=(queue,))
    child.start()
    child.join(timeout=60)
    if child.is_alive():
        child.kill()
        pytest.fail("the forked child hung instead of raising")
    message = queue.get(timeout=5)
    assert message.startswith("GLForkError") and "spawn" in message
