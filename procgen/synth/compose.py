"""Composition of the synthesizer's blocks: field trees, palettes, layers, blend modes, post effects.

A program is a blend tree of 1-3 layers; a layer is palette(shape(field(transforms(p)))); a
field is a leaf block (noise, cells, SDF, waves, lines, Truchet, fractal, ray-marched scene)
or a combination of two fields. Every builder returns (GLSL function name, recipe text).
"""
from __future__ import annotations

from procgen.synth import fields, iterated
from procgen.synth.codegen import Gen, fmt, vec
from procgen.synth.coords import transform_chain

# Leaf kinds: (builder, weight, the cost it is budgeted at before it is drawn).
LEAVES = {
    "noise": (fields.noise, 1.2, 6.0), "cells": (fields.cells, 1.0, 12.0), "sdf": (fields.sdf, 1.2, 1.0),
    "waves": (fields.waves, 1.0, 2.1), "lines": (fields.lines, 1.0, 12.0), "truchet": (fields.truchet, 0.6, 0.4),
    "julia": (iterated.julia, 0.35, 16.0), "mandelbrot": (iterated.mandelbrot, 0.35, 16.0),
    "kifs": (iterated.kifs, 0.4, 6.0), "inversion": (iterated.inversion_fold, 0.3, 3.6),
    "raymarch": (iterated.raymarch, 1.5, 36.0),
}
FAMILY_OF_LEAF = {"julia": "fractal", "mandelbrot": "fractal", "kifs": "fractal", "inversion": "fractal"}
BUDGET = 36.0  # per-pixel cost in value-noise evaluations (~2.4x the library's fbm domain warp)
MAX_LEAVES = 4  # leaf blocks per program: bigger trees compile slowly and look like noise
RELIEF_MAX_COST = 6.0  # relief inlines its field 3 times: only for cheap fields (llvmpipe JIT time grows with code)


def leaf(g: Gen, budget: float, kinds: list[str]) -> tuple[str, str]:
    """A leaf field under a drawn transform chain; appends its family to `kinds`."""
    names, recipe = transform_chain(g, budget)
    affordable = [(k, w) for k, (_, w, c) in LEAVES.items() if g.fits(c, budget)] or [("sdf", 1.0)]
    kind = g.weighted(affordable)
    field, text, cost = LEAVES[kind][0](g)
    g.cost += cost
    kinds.append(FAMILY_OF_LEAF.get(kind, kind))
    if not names:
        return field, text
    body = "".join(f"    p = {t}(p);\n" for t in names) + f"    return {field}(p);"
    return g.define("F", fields.SIG, body), ">".join(recipe + [text])


def shaped(g: Gen, field: str, recipe: str) -> tuple[str, str]:
    """Optionally reshape a field's values (bands, posterise, threshold, gamma, invert)."""
    kind = g.weighted([("none", 2.0), ("bands", 0.6), ("posterise", 0.5), ("threshold", 0.4),
                       ("gamma", 0.5), ("invert", 0.4), ("sine", 0.5)])
    if kind == "none":
        return field, recipe
    expr = {"bands": lambda: f"fract(v * {g.sparam(2.0, 8.0)})",
            "posterise": lambda: "floor(v * {0} + 0.5) / {0}".format(fmt(g.integer(2, 7))),
            "threshold": lambda: f"smoothstep(0.5 - {g.sparam(0.01, 0.15)}, 0.5 + 0.02, v)",
            "gamma": lambda: f"pow(clamp(v, 0.0, 1.0), {g.sparam(0.4, 2.5)})",
            "invert": lambda: "1.0 - v",
            "sine": lambda: f"0.5 + 0.5 * sin(v * {g.sparam(4.0, 16.0)} + {g.time(0.3, 2.0)})"}[kind]()
    body = f"    float v = {field}(p);\n    return {expr};"
    return g.define("F", fields.SIG, body), f"{kind}({recipe})"


def field_tree(g: Gen, budget: float, depth: int, kinds: list[str]) -> tuple[str, str]:
    """A field: a leaf, or (while depth allows and the budget has room) two fields combined."""
    if depth > 0 and g.cost < 0.5 * budget and len(kinds) <= MAX_LEAVES - 2 and g.chance(0.35):
        op = g.pick(["mul", "min", "max", "mix", "diff", "smin", "xnor", "warp", "add-fract"])
        before = g.cost
        a, ra = field_tree(g, budget, depth - 1, kinds)
        if op == "warp":  # field a displaces the domain of field b: a is evaluated twice
            g.cost += g.cost - before
            b, rb = leaf(g, budget, kinds)
            body = (f"    vec2 d = vec2({a}(p), {a}(p + vec2(3.1, 1.7))) - 0.5;\n"
                    f"    return {b}(p + d * {g.sparam(0.2, 1.5)});")
            return g.define("F", fields.SIG, body), f"warp({ra} -> {rb})"
        b, rb = field_tree(g, budget, depth - 1, kinds)
        expr = {"mul": lambda: "x * y", "min": lambda: "min(x, y)", "max": lambda: "max(x, y)",
                "mix": lambda: f"mix(x, y, {g.sparam(0.2, 0.8)})", "diff": lambda: "abs(x - y)",
                "smin": lambda: f"pv_smin(x, y, {g.sparam(0.05, 0.3)})",
                "xnor": lambda: "x * y + (1.0 - x) * (1.0 - y)", "add-fract": lambda: "fract(x + y)"}[op]()
        body = f"    float x = {a}(p), y = {b}(p);\n    return {expr};"
        return g.define("F", fields.SIG, body), f"{op}({ra}, {rb})"
    return shaped(g, *leaf(g, budget, kinds))


def palette(g: Gen, t: str) -> tuple[str, str]:
    """A GLSL vec3 expression colouring the scalar expression `t`; (expr, recipe)."""
    kind = g.weighted([("seed", 1.5), ("style", 1.2), ("duotone", 0.8), ("hsv", 0.8), ("cosine", 1.0),
                       ("mono", 0.4), ("three", 0.8)])
    if kind == "seed":
        return f"pv_seedpal({t}, {g.salt()})", "pal.seed"
    if kind == "style":
        style = g.integer(0, 5)
        return f"pv_stylepal({t}, {fmt((style + 0.5) / 6.0)}, {g.salt()})", f"pal.style{style}"
    if kind in ("duotone", "hsv", "mono", "three"):  # palettes that clamp t: fold it into [0, 1] instead
        t = f"abs(fract(0.5 * {t}) * 2.0 - 1.0)"
    if kind == "duotone":
        return f"pv_duotone({t}, {g.salt()})", "pal.duotone"
    if kind == "hsv":
        return (f"pv_hsv2rgb(vec3(fract({g.sparam(0.0, 1.0)} + {fmt(g.const(0.2, 1.5))} * {t}), "
                f"{g.sparam(0.4, 1.0)}, 0.25 + 0.75 * clamp({t}, 0.0, 1.0)))"), "pal.hsv"
    if kind == "cosine":
        a, b = vec([g.const(0.3, 0.7) for _ in range(3)]), vec([g.const(0.2, 0.5) for _ in range(3)])
        c = vec([g.pick([0.5, 1.0, 1.0, 2.0]) for _ in range(3)])
        return f"pv_cospal({t}, {a}, {b}, {c}, {vec([g.const(0, 1) for _ in range(3)])} + {g.sparam(0.0, 1.0)})", "pal.cosine"
    if kind == "mono":
        tint = f"pv_hsv2rgb(vec3({g.sparam(0.0, 1.0)}, {g.sparam(0.0, 0.5)}, 1.0))"
        return f"clamp({t}, 0.0, 1.0) * {tint}", "pal.mono"
    c0, c1, c2 = (f"pv_hsv2rgb(vec3({g.sparam(0.0, 1.0)}, {g.sparam(0.3, 1.0)}, {fmt(v)}))" for v in
                  (g.const(0.05, 0.4), g.const(0.4, 0.8), g.const(0.75, 1.0)))
    return f"mix(mix({c0}, {c1}, smoothstep(0.0, 0.5, {t})), {c2}, smoothstep(0.5, 1.0, {t}))", "pal.three"


def shading(g: Gen) -> str:
    """The part of a layer's palette input that does not come from its field.

    Versions 1 and 3: a linear ramp with a baked direction. On 16 x 16 thumbnails of per-image
    standardised images (where a fine texture averages out) that ramp was a third of the
    layout variance of synthesized images and spans two directions only. Version 2: coarse
    value noise (one to four blobs across the frame) at a seeded place, different per image.
    """
    if not g.has("noise-shading"):
        return (f"{g.sparam(0.05, 0.25)} * dot(p, vec2({fmt(g.const(-1.0, 1.0))}, {fmt(g.const(-1.0, 1.0))}))")
    return f"{g.sparam(0.1, 0.4)} * pv_vnoise(p * {g.sparam(0.4, 1.2)} + {g.sparam2(-40.0, 40.0)})"


def layer(g: Gen, budget: float, kinds: list[str]) -> tuple[str, str]:
    """`vec3 L<N>(vec2 p)`: a coloured field, sometimes with relief shading from its gradient."""
    field, recipe = field_tree(g, budget, 2, kinds)
    # The shading keeps a layer from one flat colour where its field is flat (a shape off
    # screen), and the first layer's palette always drifts with iTime.
    t = f"v * {g.sparam(0.6, 1.8)} + {g.sparam(0.0, 1.0)} + {shading(g)}"
    if g.count("L") == 0 or g.chance(0.55):
        t += f" + {g.time(0.03, 0.15)}"
    colour, pal = palette(g, "t")
    relief = g.cost < RELIEF_MAX_COST and g.chance(0.3)
    body = f"    float v = {field}(p);\n    float t = {t};\n    vec3 col = {colour};\n"
    if relief:  # bump-style lighting from the field's finite-difference gradient (3 evaluations)
        g.cost *= 3.0
        body += (f"    vec2 grad = vec2({field}(p + vec2(0.004, 0.0)) - v, {field}(p + vec2(0.0, 0.004)) - v) / 0.004;\n"
                 f"    vec3 n = normalize(vec3(-grad * {g.sparam(0.02, 0.15)}, 1.0));\n"
                 f"    col *= 0.35 + 0.65 * max(dot(n, normalize({vec([g.const(-1, 1), g.const(-1, 1), 1.0])})), 0.0);\n")
    body += "    return col;"
    name = g.define("L", "vec3 {name}(vec2 p)", body)
    return name, f"layer[{pal}{'+relief' if relief else ''}]({recipe})"


BLENDS = {"multiply": "a * b", "screen": "1.0 - (1.0 - a) * (1.0 - b)", "difference": "abs(a - b)",
          "add": "min(a + b, 1.0)", "lighten": "max(a, b)", "darken": "min(a, b)",
          "overlay": "mix(2.0 * a * b, 1.0 - 2.0 * (1.0 - a) * (1.0 - b), step(0.5, a))",
          "average": "0.5 * (a + b)"}


# Version 3's multiply and add: neutral at mid-grey (2ab; a + b - 1/2), so two layers keep their
# brightness. Version 1's a*b and min(a + b, 1) pull a blend towards black or white, and a fine
# texture gone dark or white is one flat colour at coarse scale: in two samples of 1,024 version-1
# programs, multiply was in 36% of the near-duplicate images and 7% of all, add in 21% and 7%.
NEUTRAL_BLENDS = {"multiply": ("multiply-2x", "clamp(2.0 * a * b, 0.0, 1.0)"),
                  "add": ("add-mid", "clamp(a + b - 0.5, 0.0, 1.0)")}  # version 1's name -> (name, expression)


_NEUTRAL_MODES = dict(NEUTRAL_BLENDS.get(mode, (mode, expr)) for mode, expr in BLENDS.items())  # version 1's order


def blend_modes(g: Gen) -> dict[str, str]:
    """The blend modes of `g`'s version: name -> GLSL expression of layers a and b."""
    return _NEUTRAL_MODES if g.has("neutral-blends") else BLENDS


def blend(g: Gen, budget: float, n_layers: int, kinds: list[str]) -> tuple[str, str]:
    """`vec3 B<N>(vec2 p)`: `n_layers` layers joined by blend modes or a field mask."""
    if n_layers == 1:
        return layer(g, budget, kinds)
    a, ra = blend(g, budget, n_layers - 1, kinds)
    b, rb = layer(g, budget, kinds)
    modes = blend_modes(g)
    mode = g.weighted([(m, 1.0) for m in modes] + [("mask", 2.0 if len(kinds) < MAX_LEAVES else 0.0)])
    if mode == "mask":
        mask, rm = leaf(g, budget, kinds)
        body = (f"    vec3 a = {a}(p), b = {b}(p);\n"
                f"    return mix(a, b, smoothstep(0.5 - {g.sparam(0.02, 0.2)}, 0.55, {mask}(p)));")
        return g.define("B", "vec3 {name}(vec2 p)", body), f"mask[{rm}]({ra}, {rb})"
    body = f"    vec3 a = {a}(p), b = {b}(p);\n    return {modes[mode]};"
    return g.define("B", "vec3 {name}(vec2 p)", body), f"{mode}({ra}, {rb})"


POSTS = ("vignette", "posterise", "grain", "gamma", "invert", "scanlines", "saturate")


def post(g: Gen, kind: str) -> str:
    """One GLSL statement applying post effect `kind` to `col` (in mainImage: p, fragCoord known)."""
    if kind == "vignette":
        return f"col *= 1.0 - {g.sparam(0.1, 0.5)} * dot(p, p);"
    if kind == "posterise":
        levels = g.integer(3, 8)
        return f"col = floor(col * {fmt(levels)}) / {fmt(levels - 1)};"
    if kind == "grain":
        return f"col += {g.sparam(0.02, 0.12)} * (pv_hash12(fragCoord + fract(iTime)) - 0.5);"
    if kind == "gamma":
        return f"col = pow(clamp(col, 0.0, 1.0), vec3({g.sparam(0.5, 2.0)}));"
    if kind == "invert":
        return "col = 1.0 - col;"
    if kind == "scanlines":
        return f"col *= 0.8 + 0.2 * sin(fragCoord.y * {g.sparam(0.5, 2.0)});"
    if kind == "saturate":
        return f"col = mix(vec3(dot(col, vec3(0.299, 0.587, 0.114))), col, {g.sparam(0.0, 1.8)});"
    raise ValueError(f"unknown post effect {kind!r}; known: {', '.join(POSTS)}")
