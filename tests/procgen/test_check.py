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
    "unseeded": ("void mainImage(out vec4 c, in vec2 f) { c = vec4(f / iResolution.xy, fract(iTime), 1.0); }\n",
                 "does not change with iSeed"),
    "frozen": ("void mainImage(out vec4 c, in vec2 f) { c = vec4(f / iResolution.xy, iSeed.x, 1.0); }\n",
               "does not change with iTime"),
    "endless": (ENDLESS, "timed out after 500 ms"),
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
    results = check_shaders([no_header, missing_include, no_entry])
    assert [r.ok for r in results] == [False, False, False]
    assert check_shader(no_header).reason == results[0].reason
    assert "missing metadata header" in results[0].reason
    assert f"{missing_include}:6" in results[1].reason and "absent.glsl" in results[1].reason
    assert "mainImage" in results[2].reason


def test_check_shader_api_and_worker_reuse_after_a_kill(make_shader):
    endless, good = make_shader("endless", ENDLESS), make_shader("good", GOOD)
    first, second = check_shaders([endless, good], budget_ms=400, resolutions=(32,))
    assert not first.ok and "timed out after 400 ms" in first.reason
    assert second.ok and second.reason is None and set(second.ms_per_image) == {32}
    assert second.name == "good" and second.compile_ms is not None


def test_analysis_rules_on_synthetic_batches():
    rng = np.random.default_rng(0)
    varied = rng.random((4, 3, 8, 8), dtype=np.float32)
    assert analyse_images(varied, 8) is None
    inf = varied.copy()
    inf[0, 0, 0, 0] = np.inf
    assert "not finite" in analyse_images(inf, 8) and "inf" in analyse_images(inf, 8)
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
