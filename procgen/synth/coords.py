"""Coordinate blocks of the synthesizer: transforms, symmetries, tilings and domain warps (vec2 -> vec2).

Each builder adds `vec2 T<N>(vec2 p)` to the program and returns (name, recipe text, cost).
Input p is about [-1, 1]^2; outputs stay in a comparable range so any field can follow.
"""
from __future__ import annotations

from typing import Callable

from procgen.synth.codegen import Gen, fmt

_SIG = "vec2 {name}(vec2 p)"


def _rotate(g: Gen) -> tuple[str, str, float]:
    time = g.time(0.03, 0.25) if g.chance(0.6) else "0.0"
    body = f"    return pv_rot2({g.sparam(0.0, 6.2832)} + {time}) * p;"
    return g.define("T", _SIG, body), "rotate", 0.1


def _zoom(g: Gen) -> tuple[str, str, float]:
    body = f"    return p * {g.sparam(0.4, 3.0)} + {g.sparam2(-3.0, 3.0)};"
    return g.define("T", _SIG, body), "zoom", 0.1


def _drift(g: Gen) -> tuple[str, str, float]:
    angle = g.sparam(0.0, 6.2832)
    body = f"    float a = {angle};\n    return p + vec2(cos(a), sin(a)) * {g.time(0.05, 0.4)};"
    return g.define("T", _SIG, body), "drift", 0.1


def _polar(g: Gen) -> tuple[str, str, float]:
    sectors = g.integer(1, 6)
    if g.chance(0.5):  # log-polar: scale invariance turns into a translation
        radius = f"log(max(length(p), 1e-4)) * {g.sparam(0.4, 1.6)} + {g.time(0.05, 0.3)}"
        kind = "logpolar"
    else:
        radius = f"length(p) * {g.sparam(1.0, 4.0)}"
        kind = "polar"
    body = f"    return vec2(pv_atan2(p.y, p.x) * {fmt(sectors / 3.14159265)}, {radius});"
    return g.define("T", _SIG, body), f"{kind}({sectors})", 0.2


def _kaleido(g: Gen) -> tuple[str, str, float]:
    n = g.integer(3, 12)
    body = (f"    p = pv_rot2({g.sparam(0.0, 6.2832)}) * p;\n"
            f"    p = pv_polarFold(p, {fmt(n)});\n"
            f"    return p - vec2({g.sparam(0.0, 0.6)}, 0.0);")
    return g.define("T", _SIG, body), f"kaleido({n})", 0.3


def _mirror(g: Gen) -> tuple[str, str, float]:
    both = g.chance(0.5)
    fold = "abs(p)" if both else "vec2(abs(p.x), p.y)"
    body = f"    return {fold} - {g.sparam2(0.0, 0.5)};"
    return g.define("T", _SIG, body), "mirror(xy)" if both else "mirror(x)", 0.1


def _tile(g: Gen) -> tuple[str, str, float]:
    kind = g.pick(["square", "brick", "hex", "tri"])
    scale = g.sparam(1.2, 4.0)
    if kind == "square":
        body = f"    p *= {scale};\n    return (fract(p) - 0.5) * 2.0;"
    elif kind == "brick":
        body = (f"    p *= {scale};\n    p.x += {fmt(g.const(0.3, 0.7))} * mod(floor(p.y), 2.0);\n"
                "    return (fract(p) - 0.5) * 2.0;")
    elif kind == "hex":
        body = (f"    p *= {scale};\n    const vec2 r = vec2(1.0, 1.7320508);\n"
                "    vec2 a = mod(p, r) - 0.5 * r;\n    vec2 b = mod(p - 0.5 * r, r) - 0.5 * r;\n"
                "    return (dot(a, a) < dot(b, b) ? a : b) * 2.0;")
    else:  # triangles: skewed lattice, upper half folded onto the lower one
        body = (f"    p *= {scale};\n    vec2 q = vec2(p.x + 0.57735 * p.y, 1.1547 * p.y);\n"
                "    vec2 f = fract(q);\n    if (f.x + f.y > 1.0) f = 1.0 - f.yx;\n"
                "    return (f - 0.3333) * 3.0;")
    return g.define("T", _SIG, body), f"tile.{kind}", 0.3


def _swirl(g: Gen) -> tuple[str, str, float]:
    body = (f"    float r = length(p);\n"
            f"    return pv_rot2({g.sparam(-4.0, 4.0)} * exp(-r * {g.sparam(0.3, 2.0)}) + {g.time(0.05, 0.3)}) * p;")
    return g.define("T", _SIG, body), "swirl", 0.2


def _fisheye(g: Gen) -> tuple[str, str, float]:
    body = f"    return p * (1.0 + {g.sparam(-0.35, 0.8)} * dot(p, p));"
    return g.define("T", _SIG, body), "fisheye", 0.1


def _inversion(g: Gen) -> tuple[str, str, float]:
    body = (f"    vec2 q = p - {g.sparam2(-0.5, 0.5)};\n"
            f"    return q / max(dot(q, q), 0.03) * {g.sparam(0.2, 0.8)};")
    return g.define("T", _SIG, body), "inversion", 0.1


def _perspective(g: Gen) -> tuple[str, str, float]:
    body = (f"    float z = p.y + {g.sparam(1.15, 1.8)};\n"
            f"    return vec2(p.x / z, 1.0 / z + {g.time(0.1, 0.5)}) * {g.sparam(1.0, 3.0)};")
    return g.define("T", _SIG, body), "perspective", 0.1


def _warp_noise(g: Gen) -> tuple[str, str, float]:
    octaves = g.integer(2, 5)
    freq, amp = g.sparam(0.8, 3.5), g.sparam(0.2, 1.2)
    body = (f"    vec2 q = p * {freq} + {g.time(0.02, 0.15)};\n"
            f"    vec2 w = vec2(pv_fbm(q, {octaves}), pv_fbm(q + vec2(5.2, 1.3), {octaves})) - 0.5;\n"
            f"    return p + {amp} * w;")
    return g.define("T", _SIG, body), f"warp.fbm({octaves})", 2.0 * octaves


def _warp_sine(g: Gen) -> tuple[str, str, float]:
    body = f"    return p + {g.sparam(0.05, 0.4)} * sin(p.yx * {g.sparam(2.0, 9.0)} + {g.time(0.2, 1.2)});"
    return g.define("T", _SIG, body), "warp.sine", 0.2


TRANSFORMS: dict[str, tuple[Callable[[Gen], tuple[str, str, float]], float]] = {
    "rotate": (_rotate, 1.0), "zoom": (_zoom, 1.0), "drift": (_drift, 0.6), "polar": (_polar, 0.8),
    "kaleido": (_kaleido, 1.0), "mirror": (_mirror, 0.7), "tile": (_tile, 1.2), "swirl": (_swirl, 0.6),
    "fisheye": (_fisheye, 0.4), "inversion": (_inversion, 0.5), "perspective": (_perspective, 0.4),
    "warp.fbm": (_warp_noise, 1.0), "warp.sine": (_warp_sine, 0.8),
}


def transform_chain(g: Gen, budget: float, max_len: int = 3) -> tuple[list[str], list[str]]:
    """0..max_len transforms drawn by weight within `budget`; returns (names, recipe parts)."""
    names, recipe = [], []
    for _ in range(g.weighted([(0, 0.2), (1, 0.4), (2, 0.3), (3, 0.1)][: max_len + 1])):
        kind = g.weighted([(k, w) for k, (_, w) in TRANSFORMS.items()])
        if kind == "warp.fbm" and not g.fits(10.0, budget):
            kind = "warp.sine"
        name, text, cost = TRANSFORMS[kind][0](g)
        g.cost += cost
        names.append(name)
        recipe.append(text)
    return names, recipe
