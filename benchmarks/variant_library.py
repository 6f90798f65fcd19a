"""A large test library: distinct variants of a few programs written for the benchmarks.

`python -m benchmarks.variant_library --out DIR --count 10000` writes DIR/programs/*.glsl and
DIR/manifest.json. Each variant changes the constants (frequencies, palettes, octaves, grid
sizes) of one of six small templates, so every source is different (10,000 distinct programs
to compile) while each stays cheap to draw. Like imported programs they do not read iSeed:
the engine's seed-derived view makes them vary with the seed. These stand in for an ingested
corpus in the benchmarks (the `synth` helper's synthesizer will make richer ones).
"""
from __future__ import annotations

import argparse
from pathlib import Path

from procvision.progress import progress_bar

from procgen.manifest import ProgramEntry, source_sha256, write_manifest

TEMPLATES = {
    "palette_waves": """void mainImage(out vec4 c, in vec2 f) {{
    vec2 uv = f / iResolution.xy;
    float v = sin(uv.x * {a:.3f} + iTime) + sin(uv.y * {b:.3f} - 0.7 * iTime) + sin((uv.x + uv.y) * {d:.3f});
    c = vec4(0.5 + 0.5 * cos(6.2831 * (vec3({p0:.3f}, {p1:.3f}, {p2:.3f}) + 0.25 * v)), 1.0);
}}
""",
    "rings": """void mainImage(out vec4 c, in vec2 f) {{
    vec2 p = (f - vec2({cx:.3f}, {cy:.3f}) * iResolution.xy) / iResolution.y;
    float r = length(p);
    c = vec4(0.5 + 0.5 * sin({a:.3f} * r - 3.0 * iTime), fract(r * {b:.3f}), {p0:.3f}, 1.0);
}}
""",
    "tiles": """void mainImage(out vec4 c, in vec2 f) {{
    vec2 uv = f / iResolution.y * {k:.3f};
    float s = sin({ang:.3f}), co = cos({ang:.3f});
    uv = mat2(co, s, -s, co) * uv + vec2(0.2 * iTime, 0.0);
    vec2 cell = floor(uv);
    float m = mod(cell.x + cell.y, 2.0);
    c = vec4(mix(vec3({p0:.3f}, {p1:.3f}, {p2:.3f}), vec3({p2:.3f}, {p0:.3f}, {p1:.3f}), m) * (0.6 + 0.4 * fract(uv.x)), 1.0);
}}
""",
    "value_noise": """float h(vec2 p) {{ return fract(sin(dot(p, vec2({a:.3f}, {b:.3f}))) * 43758.5453); }}
float n(vec2 p) {{
    vec2 i = floor(p), q = fract(p); q = q * q * (3.0 - 2.0 * q);
    return mix(mix(h(i), h(i + vec2(1, 0)), q.x), mix(h(i + vec2(0, 1)), h(i + vec2(1, 1)), q.x), q.y);
}}
void mainImage(out vec4 c, in vec2 f) {{
    vec2 p = f / iResolution.y * {k:.3f} + 0.3 * iTime;
    float v = 0.0, w = 0.5;
    for (int o = 0; o < {oct}; o++) {{ v += w * n(p); p *= 2.03; w *= 0.5; }}
    c = vec4(0.5 + 0.5 * cos(6.2831 * (v + vec3({p0:.3f}, {p1:.3f}, {p2:.3f}))), 1.0);
}}
""",
    "cells": """void mainImage(out vec4 c, in vec2 f) {{
    vec2 p = f / iResolution.y * {k:.3f};
    vec2 i = floor(p);
    float d = 9.0;
    for (int y = -1; y <= 1; y++) for (int x = -1; x <= 1; x++) {{
        vec2 g = i + vec2(x, y);
        vec2 o = 0.5 + 0.4 * sin(iTime + 6.2831 * fract(sin(vec2(dot(g, vec2({a:.3f}, 74.7)), dot(g, vec2(269.5, {b:.3f})))) * 43758.5));
        d = min(d, length(g + o - p));
    }}
    c = vec4(vec3({p0:.3f}, {p1:.3f}, {p2:.3f}) * (0.3 + d), 1.0);
}}
""",
    "stripes": """void mainImage(out vec4 c, in vec2 f) {{
    vec2 uv = f / iResolution.xy - 0.5;
    float a = atan(uv.y, uv.x), r = length(uv);
    float v = sin({a:.3f} * a + {b:.3f} * r - 2.0 * iTime);
    c = vec4(smoothstep(-0.2, 0.2, v) * vec3({p0:.3f}, {p1:.3f}, {p2:.3f}) + (1.0 - r) * 0.3, 1.0);
}}
""",
}


def _frac(i: int, k: int) -> float:
    """A deterministic, well-spread number in [0, 1) for (variant i, parameter k)."""
    return ((i + 1) * 0.6180339887498949 * (k + 1.37) + k * 0.318) % 1.0


def variant(i: int) -> tuple[str, str]:
    """(template name, source) of variant i; distinct for distinct i."""
    names = sorted(TEMPLATES)
    name = names[i % len(names)]
    j = i // len(names)
    params = {"a": 3 + 40 * _frac(j, 0), "b": 2 + 30 * _frac(j, 1), "d": 1 + 20 * _frac(j, 2),
              "p0": _frac(j, 3), "p1": _frac(j, 4), "p2": _frac(j, 5), "cx": 0.2 + 0.6 * _frac(j, 6),
              "cy": 0.2 + 0.6 * _frac(j, 7), "k": 2 + 14 * _frac(j, 8), "ang": 6.2831 * _frac(j, 9),
              "oct": 2 + j % 4}
    return name, f"// variant {i} of {name}\n" + TEMPLATES[name].format(**params)


def write_variant_library(out: Path, count: int, progress: bool = True) -> Path:
    """Write `count` variants as a library folder (programs/ + manifest.json); returns `out`."""
    (out / "programs").mkdir(parents=True, exist_ok=True)
    entries = []
    for i in progress_bar(range(count), desc="writing variants", unit="program", disable=not progress):
        family, text = variant(i)
        file = f"programs/v{i:05d}.glsl"
        (out / file).write_text(text)
        entries.append(ProgramEntry(f"v{i:05d}", file, source_sha256(text), {"family": family, "author": "benchmarks",
                                                                             "licence": "MIT"}))
    write_manifest(out, {"name": "benchmarks.variant_library", "count": count}, entries)
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.variant_library", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, required=True, help="library folder to write")
    parser.add_argument("--count", type=int, default=10000, help="programs (default %(default)s)")
    args = parser.parse_args(argv)
    print(write_variant_library(args.out, args.count))


if __name__ == "__main__":
    main()
