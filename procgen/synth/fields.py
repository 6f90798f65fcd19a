"""Leaf field blocks of the synthesizer: noises, cells, SDF shapes, waves, lines and Truchet tiles (vec2 -> float).

Each builder adds `float F<N>(vec2 p)` returning about [0, 1] and returns (name, recipe, cost);
cost counts value-noise evaluations per pixel (see `procgen.synth.codegen.Gen.cost`).
"""
from __future__ import annotations

import math

from procgen.synth.codegen import Gen, fmt, vec

SIG = "float {name}(vec2 p)"


def noise(g: Gen) -> tuple[str, str, float]:
    kind = g.pick(["value", "fbm", "gfbm", "ridged", "billow"])
    octaves = 1 if kind == "value" else g.integer(2, 6)
    head = f"    p = p * {g.sparam(0.8, 4.0)} + {g.sparam2(-50.0, 50.0)};\n"
    if g.chance(0.5):
        head += f"    p += {g.time(0.03, 0.3)};\n"
    expr = {"value": "pv_vnoise(p)", "fbm": f"pv_fbm(p, {octaves})",
            "gfbm": f"clamp(0.5 + 0.8 * pv_gfbm(p, {octaves}), 0.0, 1.0)",
            "ridged": f"pv_ridged(p, {octaves})",
            "billow": f"clamp(1.6 * abs(pv_gfbm(p, {octaves})), 0.0, 1.0)"}[kind]
    name = g.define("F", SIG, f"{head}    return {expr};")
    return name, f"noise.{kind}({octaves})", float(octaves)


def cells(g: Gen) -> tuple[str, str, float]:
    kind = g.pick(["f1", "f2-f1", "edge", "id", "id-shade"])
    head = (f"    p = p * {g.sparam(1.5, 6.0)} + {g.sparam2(-20.0, 20.0)};\n"
            f"    float jitter = {g.sparam(0.3, 1.0)};\n")
    if g.chance(0.4):
        head += f"    p += {g.time(0.05, 0.4)};\n"
    if kind == "edge":
        width = g.sparam(0.02, 0.15)
        body = f"{head}    vec4 v = pv_voronoi_edge(p, jitter);\n    return smoothstep(0.0, {width}, v.x) * (0.35 + 0.65 * v.y);"
        return g.define("F", SIG, body), "cells.edge", 12.0
    ret = {"f1": "clamp(v.x, 0.0, 1.0)", "f2-f1": "clamp(2.0 * (v.y - v.x), 0.0, 1.0)", "id": "v.z",
           "id-shade": "v.z * (1.0 - 0.6 * clamp(v.x, 0.0, 1.0))"}[kind]
    body = f"{head}    vec4 v = pv_voronoi(p, jitter);\n    return {ret};"
    return g.define("F", SIG, body), f"cells.{kind}", 4.0


def _primitive(g: Gen, var: str) -> tuple[str, str]:
    """GLSL lines computing `float var` = a 2-D SDF primitive at a seeded place; (code, recipe)."""
    kind = g.pick(["circle", "box", "hexagon", "ngon", "star", "segment"])
    size = g.sparam(0.15, 0.6)
    centre = g.sparam2(-0.4, 0.4)
    rot = f"pv_rot2({g.sparam(0.0, 6.2832)}{' + ' + g.time(0.05, 0.5) if g.chance(0.5) else ''})"
    q = f"({rot} * (p - {centre}))"
    if kind == "circle":
        expr = f"pv_sdCircle({q}, {size})"
    elif kind == "box":
        expr = f"pv_sdBox2({q}, vec2({size}, {size} * {fmt(g.const(0.3, 1.0))}))"
    elif kind == "hexagon":
        expr = f"pv_sdHexagon({q}, {size})"
    elif kind == "ngon":
        n = g.integer(3, 9)
        expr = f"pv_sdNgon({q}, {size}, {fmt(n)})"
        kind = f"ngon{n}"
    elif kind == "star":
        n = g.integer(4, 9)
        expr = f"pv_sdStar({q}, {size}, {fmt(n)}, {g.sparam(0.3, 0.7)})"
        kind = f"star{n}"
    else:
        expr = f"pv_sdSegment({q}, vec2(-{size}, 0.0), vec2({size}, 0.0)) - {fmt(g.const(0.02, 0.12))}"
    return f"    float {var} = {expr};\n", kind


def sdf(g: Gen) -> tuple[str, str, float]:
    code, first = _primitive(g, "d")
    recipe = first
    if g.chance(0.6):
        more, second = _primitive(g, "e")
        op = g.pick(["union", "intersect", "subtract", "smooth-union", "smooth-subtract", "xor"])
        k = g.sparam(0.05, 0.3) if op.startswith("smooth") else ""
        combine = {"union": "min(d, e)", "intersect": "max(d, e)", "subtract": "max(d, -e)",
                   "smooth-union": f"pv_smin(d, e, {k})", "smooth-subtract": f"pv_smax(d, -e, {k})",
                   "xor": "max(min(d, e), -max(d, e))"}[op]
        code += more + f"    d = {combine};\n"
        recipe = f"{op}({first}, {second})"
    shape = g.pick(["fill", "outline", "isolines", "glow"])
    ret = {"fill": lambda: f"1.0 - smoothstep(-0.01, 0.01 + {g.sparam(0.0, 0.05)}, d)",
           "outline": lambda: f"1.0 - smoothstep(0.0, 0.015, abs(d) - {g.sparam(0.005, 0.05)})",
           "isolines": lambda: f"0.5 + 0.5 * cos(d * {g.sparam(8.0, 30.0)} - {g.time(0.5, 3.0)})",
           "glow": lambda: f"exp(-abs(d) * {g.sparam(3.0, 20.0)})"}[shape]()
    return g.define("F", SIG, f"{code}    return {ret};"), f"sdf.{shape}({recipe})", 1.0


def waves(g: Gen) -> tuple[str, str, float]:
    kind = g.pick(["plane", "points", "stripes", "checker", "rings"])
    if kind in ("plane", "points"):
        n = g.integer(2, 7)
        rows = []
        for _ in range(n):
            if kind == "plane":
                a = g.const(0.0, math.pi)
                rows.append(f"    s += sin(dot(p, {vec([math.cos(a), math.sin(a)])}) * {g.sparam(2.0, 10.0)}"
                            f" + {fmt(g.const(0.0, 6.28))} + {g.time(0.3, 2.0)});")
            else:
                rows.append(f"    s += sin(length(p - {g.sparam2(-1.0, 1.0)}) * {g.sparam(5.0, 20.0)} - {g.time(0.5, 3.0)});")
        body = "    float s = 0.0;\n" + "\n".join(rows) + f"\n    return 0.5 + 0.5 * s / {fmt(n ** 0.5 * 1.2)};"
        return g.define("F", SIG, body), f"waves.{kind}({n})", 0.3 * n
    if kind == "stripes":
        profile = g.pick(["sine", "square", "triangle"])
        head = f"    float a = {g.sparam(0.0, 3.1416)};\n"
        x = f"(dot(p, vec2(cos(a), sin(a))) * {g.sparam(2.0, 12.0)} + {g.time(0.2, 1.5)})"
        ret = {"sine": f"0.5 + 0.5 * sin({x})", "square": f"smoothstep(0.45, 0.55, fract({x} * 0.159))",
               "triangle": f"abs(fract({x} * 0.159) * 2.0 - 1.0)"}[profile]
        return g.define("F", SIG, f"{head}    return {ret};"), f"waves.stripes.{profile}", 0.2
    if kind == "checker":
        body = (f"    vec2 q = floor(p * {g.sparam(2.0, 10.0)} + {g.time(0.1, 0.6)});\n"
                "    return mod(q.x + q.y, 2.0);")
        return g.define("F", SIG, body), "waves.checker", 0.1
    body = f"    return fract(length(p - {g.sparam2(-0.5, 0.5)}) * {g.sparam(3.0, 15.0)} - {g.time(0.1, 1.0)});"
    return g.define("F", SIG, body), "waves.rings", 0.1


def lines(g: Gen) -> tuple[str, str, float]:
    kind = g.pick(["grid", "sine-curves", "spiral", "lissajous", "diagonal-maze"])
    width = g.sparam(0.02, 0.12)
    cost = 0.3
    if kind == "grid":  # each branch computes `float d`, the distance to the nearest line
        code = (f"    vec2 q = abs(fract(p * {g.sparam(1.5, 6.0)} + {g.time(0.05, 0.5)}) - 0.5);\n"
                "    float d = min(q.x, q.y);\n")
    elif kind == "sine-curves":
        code = (f"    float y = p.y * {g.sparam(2.0, 8.0)};\n"
                f"    float d = abs(fract(y) - 0.5 - {g.sparam(0.1, 0.45)} * sin(p.x * {g.sparam(2.0, 12.0)}"
                f" + floor(y) * {fmt(g.const(0.3, 2.0))} + {g.time(0.3, 2.0)}));\n")
    elif kind == "spiral":
        code = (f"    float a = pv_atan2(p.y, p.x) * {fmt(g.integer(1, 5) / 6.2832)};\n"
                f"    float d = abs(fract(length(p) * {g.sparam(2.0, 8.0)} - a - {g.time(0.1, 0.8)}) - 0.5) / 3.0;\n")
    elif kind == "lissajous":
        samples = g.integer(24, 48)
        code = (f"    vec2 fr = vec2({fmt(g.integer(1, 5))}, {fmt(g.integer(1, 6))});\n"
                f"    float ph = {g.sparam(0.0, 6.2832)} + {g.time(0.1, 0.6)};\n"
                "    float d = 8.0;\n    vec2 prev = vec2(sin(ph), 0.0) * 0.8;\n"
                f"    for (int i = 1; i <= {samples}; i++) {{\n"
                f"        float t = 6.2832 * float(i) / {fmt(samples)};\n"
                "        vec2 cur = 0.8 * vec2(sin(fr.x * t + ph), sin(fr.y * t));\n"
                "        d = min(d, pv_sdSegment(p, prev, cur));\n        prev = cur;\n    }\n")
        cost = 0.25 * samples
    else:
        code = (f"    p *= {g.sparam(2.0, 8.0)};\n    ivec2 c = ivec2(floor(p));\n    vec2 f = fract(p) - 0.5;\n"
                f"    if (pv_ihash12(c + ivec2({g.integer(0, 999)}, int({g.time(0.2, 1.0)}))) > 0.5) f.x = -f.x;\n"
                "    float d = abs(f.x + f.y) * 0.7071;\n")
    ret = f"exp(-d / ({width} * 0.5))" if kind == "lissajous" else f"1.0 - smoothstep(0.0, {width}, d)"
    return g.define("F", SIG, f"{code}    return {ret};"), f"lines.{kind}", cost


def truchet(g: Gen) -> tuple[str, str, float]:
    kind = g.pick(["arcs", "double-arcs"])
    width = g.sparam(0.04, 0.18)
    body = (f"    p = p * {g.sparam(1.5, 6.0)} + {g.time(0.05, 0.4)};\n"
            "    ivec2 c = ivec2(floor(p));\n    vec2 f = fract(p);\n"
            f"    if (pv_ihash12(c + ivec2({g.integer(0, 999)}, 7)) > 0.5) f.x = 1.0 - f.x;\n"
            "    float d = min(abs(length(f) - 0.5), abs(length(f - 1.0) - 0.5));\n")
    if kind == "double-arcs":
        body += "    d = min(d, abs(min(length(f), length(f - 1.0)) - 0.25));\n"
    body += f"    return 1.0 - smoothstep(0.0, {width}, d);"
    return g.define("F", SIG, body), f"truchet.{kind}", 0.4
