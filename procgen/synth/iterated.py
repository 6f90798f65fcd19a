"""Iterated blocks of the synthesizer: escape-time and folding fractals, and small ray-marched scenes (vec2 -> float).

Loop bounds are compile-time constants within the library's budget (fractals <= 96
iterations, ray marchers <= 48 steps; shaders/README.md), with `break` for early exits.
"""
from __future__ import annotations

import math

from procgen.synth.codegen import Gen, fmt, vec
from procgen.synth.fields import SIG

# Places on the Mandelbrot set's border where a zoom shows structure (centre x, y, log2 zoom range).
_MANDEL_SPOTS = ((-0.745, 0.113, 2.0, 7.0), (-0.1011, 0.9563, 2.0, 7.0), (-1.25066, 0.02012, 3.0, 9.0),
                 (0.2816, 0.0085, 3.0, 8.0), (-0.75, 0.0, 0.0, 2.0), (-1.768, 0.001, 3.0, 8.0))


def _escape_return(g: Gen) -> str:
    """Shared tail: colour value from the escape count, or an orbit trap inside the set."""
    trap = g.pick(["dist", "axis"])
    inside = "trap" if trap == "dist" else "trapa"
    return (f"    if (escaped) return fract(pv_smooth_escape(z, n) * {g.sparam(0.02, 0.08)} + {g.time(0.01, 0.08)});\n"
            f"    return clamp({inside} * {fmt(g.const(1.0, 4.0))}, 0.0, 1.0);")


def julia(g: Gen) -> tuple[str, str, float]:
    angle = g.const(0.0, 2 * math.pi)
    body = (f"    float a = {fmt(angle)} + {g.sparam(-0.35, 0.35)} + {g.time(0.01, 0.05)};\n"
            f"    vec2 c = {fmt(g.const(0.62, 0.8))} * vec2(cos(a), sin(a)) - vec2(0.25 * (1.0 - cos(a)), 0.0) * {fmt(g.const(0.0, 1.0))};\n"
            f"    vec2 z = p * {g.sparam(0.7, 1.6)};\n"
            "    float n = 0.0, trap = 8.0, trapa = 8.0;\n    bool escaped = false;\n"
            "    for (int i = 0; i < 96; i++) {\n"
            "        z = vec2(z.x * z.x - z.y * z.y, 2.0 * z.x * z.y) + c;\n"
            "        trap = min(trap, length(z)); trapa = min(trapa, abs(z.x * z.y));\n"
            "        if (dot(z, z) > 256.0) { escaped = true; break; }\n        n += 1.0;\n    }\n"
            + _escape_return(g))
    return g.define("F", SIG, body), "fractal.julia", 16.0


def mandelbrot(g: Gen) -> tuple[str, str, float]:
    x, y, lo, hi = g.pick(_MANDEL_SPOTS)
    variant = g.pick(["mandelbrot", "burning-ship", "tricorn"])
    step = {"mandelbrot": "z = vec2(z.x * z.x - z.y * z.y, 2.0 * z.x * z.y) + c;",
            "burning-ship": "z = abs(z); z = vec2(z.x * z.x - z.y * z.y, 2.0 * z.x * z.y) + c;",
            "tricorn": "z = vec2(z.x * z.x - z.y * z.y, -2.0 * z.x * z.y) + c;"}[variant]
    centre = vec([x, -y if variant == "burning-ship" else y])
    body = (f"    float zoom = exp2(-{g.sparam(lo, hi)});\n"
            f"    vec2 c = {centre} + pv_rot2({g.sparam(0.0, 6.2832)} + {g.time(0.02, 0.1)}) * p * zoom * 1.5;\n"
            "    vec2 z = vec2(0.0);\n    float n = 0.0, trap = 8.0, trapa = 8.0;\n    bool escaped = false;\n"
            "    for (int i = 0; i < 96; i++) {\n"
            f"        {step}\n"
            "        trap = min(trap, length(z)); trapa = min(trapa, abs(z.x));\n"
            "        if (dot(z, z) > 256.0) { escaped = true; break; }\n        n += 1.0;\n    }\n"
            + _escape_return(g))
    return g.define("F", SIG, body), f"fractal.{variant}", 16.0


def kifs(g: Gen) -> tuple[str, str, float]:
    iters = g.integer(5, 12)
    scale = g.const(1.3, 2.0)
    body = (f"    mat2 r = pv_rot2({g.sparam(0.0, 6.2832)} + {g.time(0.02, 0.15)});\n"
            f"    vec2 off = {g.sparam2(0.2, 1.0)};\n    float s = 1.0;\n"
            f"    for (int i = 0; i < {iters}; i++) {{\n"
            "        p = abs(p) - off;\n        p = r * p;\n"
            f"        p *= {fmt(scale)}; s *= {fmt(scale)};\n    }}\n"
            f"    float d = {g.pick(['length(p)', 'abs(p.y)', 'min(abs(p.x), abs(p.y))', 'max(abs(p.x), abs(p.y)) - 1.0'])} / s;\n"
            f"    return exp(-abs(d) * {g.sparam(8.0, 40.0)});")
    return g.define("F", SIG, body), f"fractal.kifs({iters})", 0.5 * iters


def inversion_fold(g: Gen) -> tuple[str, str, float]:
    iters = g.integer(5, 9)
    body = (f"    p = p * {g.sparam(0.6, 1.6)} + {g.sparam2(-0.3, 0.3)};\n    float s = 1.0;\n"
            f"    float k0 = {g.sparam(1.0, 1.5)} + 0.1 * sin({g.time(0.1, 0.5)});\n"
            f"    for (int i = 0; i < {iters}; i++) {{\n"
            "        p = -1.0 + 2.0 * fract(0.5 * p + 0.5);\n"
            "        float r2 = max(dot(p, p), 1e-4);\n        float k = k0 / r2;\n"
            "        p *= k; s *= k;\n    }\n"
            f"    return clamp(0.25 * abs(p.y) / s * {g.sparam(4.0, 20.0)}, 0.0, 1.0);")
    return g.define("F", SIG, body), f"fractal.inversion({iters})", 0.4 * iters


def _scene(g: Gen) -> tuple[str, str]:
    """GLSL of `float S<N>(vec3 q)` for a small seeded scene; returns (name, recipe)."""
    prims = {"sphere": lambda: f"pv_sdSphere(q, {g.sparam(0.4, 0.9)})",
             "box": lambda: f"pv_sdRoundBox(q, vec3({g.sparam(0.3, 0.7)}, {g.sparam(0.3, 0.7)}, {g.sparam(0.3, 0.7)}), 0.05)",
             "torus": lambda: f"pv_sdTorus(q, vec2({g.sparam(0.4, 0.7)}, {g.sparam(0.1, 0.3)}))",
             "octahedron": lambda: f"pv_sdOctahedron(q, {g.sparam(0.5, 1.0)})",
             "capsule": lambda: f"pv_sdCapsule(q, vec3(-0.5, 0.0, 0.0), vec3(0.5, 0.0, 0.0), {g.sparam(0.15, 0.4)})",
             "cylinder": lambda: f"pv_sdCylinder(q, {g.sparam(0.2, 0.5)}, {g.sparam(0.3, 0.7)})"}
    first, second = g.pick(sorted(prims)), g.pick(sorted(prims))
    head = ""
    repeat = g.chance(0.4)
    if repeat:
        head += f"    q = pv_opRep(q, vec3({g.sparam(2.0, 3.5)}));\n"
    if g.chance(0.35):
        head += f"    q.xz = pv_rot2(q.y * {g.sparam(-1.5, 1.5)}) * q.xz;\n"
    combine = g.pick(["smooth", "union", "cut"])
    join = {"smooth": "pv_smin(a, b, 0.3)", "union": "min(a, b)", "cut": "max(a, -b)"}[combine]
    body = (f"{head}    float a = {prims[first]()};\n"
            f"    vec3 q2 = q - {vec([g.const(-0.6, 0.6) for _ in range(3)])};\n"
            f"    float b = {prims[second]().replace('(q,', '(q2,')};\n    float d = {join};\n")
    floor = g.chance(0.5) and not repeat
    body += "    return min(d, q.y + 1.0);" if floor else "    return d;"
    name = g.define("S", "float {name}(vec3 q)", body)
    recipe = f"{combine}({first}, {second}){'+rep' if repeat else ''}{'+floor' if floor else ''}"
    return name, recipe


def raymarch(g: Gen) -> tuple[str, str, float]:
    steps = g.integer(28, 48)
    scene, recipe = _scene(g)
    light = vec([g.const(-1, 1), g.const(0.4, 1.0), g.const(-1, 1)])
    body = (f"    float a = {g.sparam(0.0, 6.2832)} + {g.time(0.05, 0.3)};\n"
            f"    float dist = {g.sparam(2.8, 4.5)};\n"
            f"    vec3 ro = vec3(dist * cos(a), {g.sparam(0.2, 1.8)}, dist * sin(a));\n"
            "    vec3 fw = normalize(-ro);\n    vec3 rt = normalize(cross(fw, vec3(0.0, 1.0, 0.0)));\n"
            "    vec3 up = cross(rt, fw);\n"
            f"    vec3 rd = normalize(fw * {fmt(g.const(1.3, 2.2))} + p.x * rt + p.y * up);\n"
            "    float t = 0.0;\n    bool hit = false;\n"
            f"    for (int i = 0; i < {steps}; i++) {{\n"
            f"        float d = {scene}(ro + rd * t);\n"
            "        if (d < 0.002 * t) { hit = true; break; }\n"
            "        t += d;\n        if (t > 20.0) break;\n    }\n"
            "    if (!hit) return 0.15 + 0.2 * rd.y;\n"
            "    vec3 x = ro + rd * t;\n    const vec2 e = vec2(0.002, -0.002);\n"
            f"    vec3 nrm = normalize(e.xyy * {scene}(x + e.xyy) + e.yyx * {scene}(x + e.yyx)"
            f" + e.yxy * {scene}(x + e.yxy) + e.xxx * {scene}(x + e.xxx) + 1e-9);\n"
            f"    float dif = max(dot(nrm, normalize({light})), 0.0);\n"
            "    float fog = exp(-0.08 * t * t);\n"
            f"    return mix(0.15, 0.25 + 0.75 * dif, fog) * (0.8 + 0.2 * nrm.y) + {fmt(g.const(0.0, 0.15))} * nrm.x;")
    return g.define("F", SIG, body), f"raymarch.{recipe}({steps})", 0.75 * steps
