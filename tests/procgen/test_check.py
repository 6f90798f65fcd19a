"""`python -m procgen.check`: real shaders, real child processes, real llvmpipe."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from procgen.check import analyse_images, check_shader, check_shaders, main

REPO = Path(__file__).resolve().parents[2]

GOOD = """void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = fragCoord / iResolution.xy;
    fragColor = vec4(0.5 + 0.5 * sin(uv.x * 9.0 + iTime + 6.2831 * iSeed.x), uv.y, iSeed.y, 1.0);
}
"""
# Every loop on llvmpipe stops after 65535 iterations, so a truly endless `for(;;){}` returns;
# a heavy body makes the capped loop still take far longer than any budget, as on a GPU.
ENDLESS = "#define STEP x = sin(x * 1.37 + iSeed.x);\n" + """void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    float x = fragCoord.x / iResolution.x;
    for (;;) {
        STEP STEP STEP STEP STEP STEP STEP STEP STEP STEP STEP STEP STEP STEP STEP STEP
        if (x > 2.0) break;
    }
    fragColor = vec4(x, iSeed.y, fract(iTime), 1.0);
}
"""
BAD = {
    "syntax": ("void mainImage(out vec4 fragColor, in vec2 fragCoord) {\n    fragColor = vec4(1.0) +;\n}\n",
               ":7: syntax error"),
    "nan": ("void mainImage(out vec4 c, in vec2 f) { c = vec4(sqrt(-1.0 - f.x), iSeed.x, fract(iTime), 1.0); }\n",
            "not finite"),
    "constant": ("void mainImage(out vec4 c, in vec2 f) { c = vec4(0.2, 0.4, 0.6, 1.0); }\n", "constant colour"),
    # Names iSeed (so it gets no seed-derived view) but ignores it.
    "unseeded": ("void mainImage(out vec4 c, in vec2 f) { c = vec4(f / iResolution.xy, fract(iTime), 1.0 + 0.0 * iSeed.x); }\n",
                 "does not change with iSeed"),
    "frozen": ("void mainImage(out vec4 c, in vec2 f) { c = vec4(f / iResolution.xy, iSeed.x, 1.0); }\n",
               "does not change with iTime"),
    "endless": (ENDLESS, "did not finish within 500 ms"),
}


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "procgen.check", *args], cwd=REPO, env=dict(os.environ),
                          capture_output=True, text=True, timeout=180)


def test_good_shader_passes_with_a_summary(make_shader):
    path = make_shader("good", GOOD)
    result = _cli(str(path), "--resolutions", "32", "48")
    assert result.returncode == 0, result.stdout + result.stderr
    line = result.stdout.strip().splitlines()[0]
    assert line.startswith("OK") and str(path) in line
    assert "32 px" in line and "48 px" in line and "ms/image" in line


def test_bad_shaders_fail_each_with_its_reason(make_shader):
    # One CLI run for all (each run pays for two interpreters importing torch); the endless
    # shader goes last so its killed worker need not be replaced.
    kinds = [k for k in BAD if k != "endless"] + ["endless"]
    paths = [make_shader(kind, BAD[kind][0]) for kind in kinds]
    start = time.monotonic()
    result = _cli(*map(str, paths), "--budget-ms", "500", "--resolutions", "64")
    assert result.returncode != 0
    lines = result.stdout.strip().splitlines()
    for kind, path in zip(kinds, paths):
        line = next((line for line in lines if line.startswith(f"FAIL {path}:")), None)
        assert line is not None and BAD[kind][1] in line, f"{kind}: {result.stdout}{result.stderr}"
    assert "0/6 shaders passed" in result.stdout
    assert time.monotonic() - start < 120  # the endless shader was killed, not waited for


def test_header_and_include_problems_fail_without_rendering(make_shader):
    no_header = make_shader("no_header", GOOD, header=False)
    missing_include = make_shader("missing_include", '#include "absent.glsl"\n' + GOOD)
    no_entry = make_shader("no_entry", "void main() {}\n")
    results = check_shaders([no_header, missing_include, no_entry], require_header=True)
    assert [r.ok for r in results] == [False, False, False]
    assert check_shader(no_header, require_header=True).reason == results[0].reason
    assert "missing metadata header" in results[0].reason
    assert f"{missing_include}:6" in results[1].reason and "absent.glsl" in results[1].reason
    assert "mainImage" in results[2].reason


def test_check_shader_api_and_worker_reuse_after_a_kill(make_shader):
    endless, good = make_shader("endless", ENDLESS), make_shader("good", GOOD)
    first, second = check_shaders([endless, good], budget_ms=400, resolutions=(32,))
    assert not first.ok and "did not finish within 400 ms" in first.reason
    assert second.ok and second.reason is None and set(second.ms_per_image) == {32}
    assert second.name == "good" and second.compile_ms is not None


def test_analysis_rules_on_synthetic_batches():
    rng = np.random.default_rng(0)
    varied = rng.random((4, 3, 8, 8), dtype=np.float32)
    assert analyse_images(varied, 8) is None
    holes = varied.copy()  # a few NaN/inf pixels: a canvas shows them black/white, the program is fine
    holes[:, :, :3] = np.nan
    holes[0, 0, 5, 5] = np.inf
    assert analyse_images(holes, 8) is None
    mostly_nan = varied.copy()
    mostly_nan[:, :, :5] = np.nan
    assert "mostly not finite" in analyse_images(mostly_nan, 8) and "NaN in 62.5% of pixels" in analyse_images(mostly_nan, 8)
    same_seed = varied.copy()
    same_seed[1] = same_seed[0]
    assert "iSeed" in analyse_images(same_seed, 8)
    same_time = varied.copy()
    same_time[2] = same_time[0]
    assert "iTime" in analyse_images(same_time, 8)
    flat = varied.copy()
    flat[3] = 5.0  # clamps to one colour on the canvas
    assert "constant colour" in analyse_images(flat, 8)


def test_help_explains_every_option(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--help"])
    assert info.value.code == 0
    text = capsys.readouterr().out
    for option in ("--budget-ms", "--resolutions", "--include-dir", "--compile-timeout-ms"):
        assert option in text


# An endless loop: llvmpipe stops it after 65535 iterations and the canvas shows NaN; found in the source.
INFINITE = """void mainImage(out vec4 c, in vec2 f) {
    vec2 z = f / iResolution.xy + iSeed.xy;
    while (true) { z = vec2(z.x * z.x - z.y * z.y, 2.0 * z.x * z.y) + 0.3; }
    c = vec4(z, fract(iTime), 1.0);
}
"""
PARTLY_NAN = ("void mainImage(out vec4 c, in vec2 f) { vec2 uv = f / iResolution.xy;\n"
              "  c = vec4(sqrt(uv.x - 0.2), uv.y, fract(iTime + iSeed.x), 1.0); }\n")  # NaN on the left fifth
FOREIGN = "// Author: someone else\nvoid mainImage(out vec4 c, in vec2 f) { c = vec4(f / iResolution.xy, fract(iTime), 1.0); }\n"


def test_one_bad_file_does_not_stop_the_run_and_rules_for_imported_programs(make_shader, tmp_path):
    """Issue 10 point 10 and issue 12: non-UTF-8 and binary files are one failed result each; an
    endless loop "did not finish"; a few NaN pixels pass; a program without header or iSeed
    passes outside shaders/ (the seed-derived view makes it vary with the seed)."""
    latin = tmp_path / "latin.glsl"
    latin.write_bytes(("// caf\u00e9\n" + GOOD).encode("latin-1"))
    binary = tmp_path / "blob.frag"
    binary.write_bytes(bytes(range(256)))
    paths = [latin, binary, make_shader("infinite", INFINITE), make_shader("partly_nan", PARTLY_NAN),
             make_shader("foreign", FOREIGN, header=False), make_shader("good", GOOD)]
    results = check_shaders(paths, resolutions=(32,), timing_repeats=0, jobs=2)
    reasons = [r.reason for r in results]
    assert "not UTF-8" in reasons[0] and "latin.glsl" in reasons[0]
    assert "not UTF-8" in reasons[1] or "binary" in reasons[1]
    assert reasons[2].startswith("did not finish") and "infinite.glsl:8" in reasons[2]  # after the 5-line header
    assert [r.ok for r in results[3:]] == [True, True, True], reasons
    assert results[4].uses_iseed is False and results[5].uses_iseed is True
    assert results[5].thumbs.shape == (4, 3, 16, 16) and results[5].preview.shape == (3, 32, 32)


def test_the_render_child_dies_with_its_parent(make_shader, tmp_path):
    """kill -9 of the checking process: its render child must not outlive it."""
    slow = make_shader("slow", ENDLESS)
    pid_file = tmp_path / "child.pid"
    script = (
        "import os, sys, threading, time\n"
        "import procgen.check_worker as w\n"
        "original = w._Child.__init__\n"
        "def spy(self, *a, **k):\n"
        "    original(self, *a, **k)\n"
        f"    open({str(pid_file)!r}, 'w').write(str(self.process.pid))\n"
        "w._Child.__init__ = spy\n"
        "from procgen.check import check_shaders\n"
        f"check_shaders([{str(slow)!r}], budget_ms=600000, resolutions=(256,))\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", script], cwd=REPO, env=dict(os.environ))
    deadline = time.monotonic() + 120
    while not pid_file.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    child_pid = int(pid_file.read_text())
    time.sleep(1.0)  # the child is now drawing the slow program
    parent.kill()
    parent.wait(timeout=30)
    deadline = time.monotonic() + 30
    while Path(f"/proc/{child_pid}").exists() and time.monotonic() < deadline:
        if "Z" in Path(f"/proc/{child_pid}/stat").read_text().split(")")[1].split()[0]:
            break  # a zombie waiting for init to reap it has exited
        time.sleep(0.2)
    alive = Path(f"/proc/{child_pid}").exists() and "Z" not in Path(f"/proc/{child_pid}/stat").read_text().split(")")[1].split()[0]
    assert not alive, "the render child outlived its killed parent"


def test_the_header_is_demanded_only_in_the_projects_library(make_shader, tmp_path, monkeypatch):
    """Files of the project's shaders/ (here $PROCVISION_SHADERS) need the header; others not."""
    from procgen.check import header_required, load_programs

    path = make_shader("plain", GOOD, header=False)
    monkeypatch.setenv("PROCVISION_SHADERS", str(tmp_path))
    assert header_required(path)
    [(_, error)] = load_programs([path])
    assert "missing metadata header" in str(error)
    monkeypatch.setenv("PROCVISION_SHADERS", str(tmp_path / "elsewhere"))
    [(_, shader)] = load_programs([path])
    assert not header_required(path) and shader.name == "plain"
