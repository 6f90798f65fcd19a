"""The GLSL wrapper around a Shadertoy program: inputs, per-image values, seed-derived views.

Shadertoy runs GLSL ES 3.00 in WebGL 2; we compile for a desktop core profile (#version 330).
`wrap_fragment` builds the full fragment shader so that a program behaves as on Shadertoy:

- The engine's own code (declarations, `main`) comes BEFORE the program and calls `mainImage`
  through a prototype, so no `#define` of the program can break it; `#line 1` restarts line
  numbering, so compiler errors point at the program's own lines.
- Per-image values (iTime, iFrame, iDate, iSeed, iMouse) are globals with initializers that read
  the per-instance varyings. Mesa runs global initializers in declaration order at the start of
  `main`, so a program's own global initializer (`float t = iTime * .5;`, which WebGL accepts)
  sees the image's values, not 0.
- `gl_FragCoord` in the program is replaced by a tile-relative (and view-transformed) copy, so a
  program that reads it draws the same image as through `fragCoord`.
- The colour is passed `inout` and zero-initialised (WebGL zero-initialises; Mesa's
  `glsl_zero_init`, set in `procgen.renderer`, does the same for the program's locals).
- GLSL ES 3.00 built-ins that desktop 3.30 lacks (pack/unpack{Half,Snorm,Unorm}2x16) come from
  GL_ARB_shading_language_packing. `HW_PERFORMANCE` is 1 (Shadertoy's desktop value); `#version`, `#extension
  GL_OES_standard_derivatives` and redeclared Shadertoy uniforms are blanked (same line count).

Seed without iSeed (the shader contract): a program whose code never names `iSeed` (every
imported program) still gets a different image for every seed. From the image's four iSeed
numbers (which the datasets draw from (seed, index)) the wrapper derives an iTime offset in
[0, 10), a view transform of fragCoord (one of the 8 quarter-turns/mirrors, a rotation within
+-15 degrees, a zoom-in of 1 to 1/0.6 and a translation, within bounds that keep the sampled
region inside the canvas, so the image stays full) and iMouse (a position in the canvas,
pressed or not). Programs that read iSeed (the project's own) get fragCoord, iTime and iMouse = 0
unchanged.
"""
from __future__ import annotations

import re

from procgen.library import strip_comments

SHADERTOY_INPUTS = ("iResolution", "iTime", "iTimeDelta", "iFrame", "iFrameRate", "iMouse", "iDate",
                    "iSampleRate", "iChannelTime", "iChannelResolution", "iChannel0", "iChannel1",
                    "iChannel2", "iChannel3", "iSeed")
TIME_OFFSET_RANGE = 10.0  # iTime offset for programs without iSeed: U(0, 10) from the seed
MAX_VIEW_ANGLE_DEG = 15.0
MIN_VIEW_SCALE = 0.6  # the sampled square is 0.6 .. 1 of the canvas (before the rotation fit)

_USES_ISEED = re.compile(r"\biSeed\b")
_COMMENT = re.compile(r"//[^\n]*|/\*.*?\*/", re.S)
_FRAG_COORD = re.compile(r"\bgl_FragCoord\b")
_MAIN_SIGNATURE = re.compile(r"\bvoid\s+mainImage\s*\(([^)]*)\)")
_COLOUR_QUALIFIER = re.compile(r"^\s*(?:(inout|out|in)\s+)?(?:(?:highp|mediump|lowp)\s+)?vec4\b")
_BLANKED_DIRECTIVES = re.compile(r"^[ \t]*#[ \t]*(?:version\b.*|extension[ \t]+GL_OES_standard_derivatives\b.*)$",
                                 re.M)
_REDECLARED_INPUT = re.compile(
    r"\buniform\s+(?:(?:highp|mediump|lowp)\s+)?\w+\s+(?:" + "|".join(SHADERTOY_INPUTS)
    + r")\s*(?:\[\s*\d*\s*\])?\s*;")

_PRELUDE = """#version 330
#extension GL_ARB_shading_language_packing : enable
#define HW_PERFORMANCE 1
uniform vec3 iResolution;
uniform float iTimeDelta, iFrameRate, iSampleRate;
uniform float iChannelTime[4];
uniform vec3 iChannelResolution[4];
uniform sampler2D iChannel0, iChannel1, iChannel2, iChannel3;
flat in vec2 procgen_origin; flat in float procgen_time; flat in int procgen_frame; flat in vec4 procgen_seed;
layout(location = 0) out float procgen_red;
layout(location = 1) out float procgen_green;
layout(location = 2) out float procgen_blue;
const bool procgen_seed_view = @SEED_VIEW@;
uint procgen_mix(uint x) {
    x ^= x >> 16u; x *= 0x7feb352du; x ^= x >> 15u; x *= 0x846ca68bu; x ^= x >> 16u;
    return x;
}
float procgen_rand(uint k) {  // the k-th number in [0, 1) derived from this image's iSeed
    uvec4 b = floatBitsToUint(procgen_seed);
    return float(procgen_mix(b.x ^ procgen_mix(b.y ^ procgen_mix(b.z ^ procgen_mix(b.w ^ (k * 0x9e3779b9u))))) >> 8u)
        * (1.0 / 16777216.0);
}
vec2 procgen_view(vec2 p) {
    if (!procgen_seed_view) return p;
    vec2 half_size = 0.5 * iResolution.xy;
    vec2 q = p - half_size;
    uint turn = uint(procgen_rand(1u) * 8.0);
    if ((turn & 4u) != 0u) q.x = -q.x;
    if ((turn & 1u) != 0u) q = vec2(-q.y, q.x);
    if ((turn & 2u) != 0u) q = -q;
    float angle = radians(@MAX_ANGLE@) * (2.0 * procgen_rand(2u) - 1.0);
    float c = cos(angle), s = sin(angle);
    float fit = abs(c) + abs(s);  // a rotated square of side a*fit fits in a square of side a
    float scale = mix(@MIN_SCALE@, 1.0, procgen_rand(3u)) / fit;
    vec2 slack = half_size * (1.0 - scale * fit);
    vec2 shift = (2.0 * vec2(procgen_rand(4u), procgen_rand(5u)) - 1.0) * slack;
    return half_size + scale * (mat2(c, s, -s, c) * q) + shift;
}
vec4 procgen_mouse() {
    if (!procgen_seed_view) return vec4(0.0);
    vec2 m = floor(vec2(procgen_rand(6u), procgen_rand(7u)) * iResolution.xy);
    return procgen_rand(8u) < 0.5 ? vec4(m, 0.0, 0.0) : vec4(m, m);
}
float procgen_time_offset() { return procgen_seed_view ? @TIME_RANGE@ * procgen_rand(9u) : 0.0; }
float iTime = procgen_time + procgen_time_offset();
int iFrame = procgen_frame + int(floor(procgen_time_offset() * 60.0));
vec4 iSeed = procgen_seed;
vec4 iDate = vec4(2025.0, 0.0, 1.0, iTime);
vec4 iMouse = procgen_mouse();
vec4 procgen_FragCoord = vec4(procgen_view(gl_FragCoord.xy - procgen_origin), gl_FragCoord.zw);
void mainImage(@PARAMS@);
void main() {
    vec4 procgen_colour = vec4(0.0, 0.0, 0.0, 1.0);
    mainImage(procgen_colour, procgen_FragCoord.xy);
    procgen_red = procgen_colour[0];
    procgen_green = procgen_colour[1];
    procgen_blue = procgen_colour[2];
}
#line 1
"""


class WrapError(ValueError):
    """The program's source cannot be wrapped (no recognisable `mainImage` signature)."""


def uses_iseed(source: str) -> bool:
    """True when the program's code (comments excluded) names `iSeed`."""
    return _USES_ISEED.search(strip_comments(source)) is not None


def _blank(match: re.Match) -> str:
    """Spaces for the matched text, newlines kept: line numbers do not move."""
    return re.sub(r"[^\n]", " ", match.group(0))


def adapt_program(source: str) -> tuple[str, str]:
    """Rewrite a program for the wrapper (same line count).

    Returns:
        (adapted source, mainImage parameter list for the prototype; "" when the signature is
        built by macros, e.g. code golf's `#define F (out vec4 O, vec2 U)`).

    Raises:
        WrapError: no `void mainImage(vec4 ..., vec2 ...)` in the code.
    """
    code = _COMMENT.sub(_blank, source)  # same offsets as `source`, comments blanked
    signature = _MAIN_SIGNATURE.search(code)
    if signature is None or _COLOUR_QUALIFIER.match(signature.group(1)) is None:
        if re.search(r"\bmainImage\b", code) is None:
            raise WrapError("no `void mainImage(out vec4 fragColor, in vec2 fragCoord)` defined")
        return _adapt_lines(source), ""  # a signature built by macros: `main` goes after the program
    # WebGL zero-initialises an `out` colour; `inout` keeps the 0 the wrapper passes in.
    params = re.sub(r"^\s*(?:(?:inout|out|in)\s+)?", "inout ", signature.group(1), count=1)
    adapted = _adapt_lines(source[:signature.start(1)] + params + source[signature.end(1):])
    return adapted, " ".join(params.split())


def _adapt_lines(source: str) -> str:
    """Blank Shadertoy-only directives and redeclared inputs; tile-relative gl_FragCoord."""
    adapted = _BLANKED_DIRECTIVES.sub(_blank, source)
    adapted = _REDECLARED_INPUT.sub(_blank, adapted)
    return _FRAG_COORD.sub("procgen_FragCoord", adapted)


def wrap_fragment(source: str) -> str:
    """The full fragment shader for `source` (a program's include-expanded text).

    Line 1 of `source` is line 1 of the compiler's log (`#line 1`)."""
    adapted, params = adapt_program(source)
    prelude = _PRELUDE
    if not params:  # `mainImage` declared through macros: no prototype; `main` after the program
        head, main = prelude.split("void mainImage(@PARAMS@);\n")
        prelude, adapted = head + "#line 1\n", adapted + "\n" + main.replace("#line 1\n", "")
    prelude = (prelude.replace("@SEED_VIEW@", "false" if uses_iseed(source) else "true")
               .replace("@PARAMS@", params).replace("@MAX_ANGLE@", f"{MAX_VIEW_ANGLE_DEG:.1f}")
               .replace("@MIN_SCALE@", f"{MIN_VIEW_SCALE:.2f}").replace("@TIME_RANGE@", f"{TIME_OFFSET_RANGE:.1f}"))
    return prelude + adapted


_LOOP_START = re.compile(r"\b(for|while)\s*\(")
_EXIT = re.compile(r"\b(break|return|discard)\b")


def _closing(code: str, start: int, opening: str, closing: str) -> int:
    """Index of the bracket closing the one at `start` (len(code) when unbalanced)."""
    depth = 0
    for position in range(start, len(code)):
        depth += (code[position] == opening) - (code[position] == closing)
        if depth == 0:
            return position
    return len(code)


def find_endless_loop(source: str) -> int | None:
    """1-based line of the first loop that can never end: `for (...; ; ...)` or `while (true)`
    (or `while (1)`) whose body has no break, return or discard. None when there is none.

    llvmpipe quietly stops every loop after 65535 iterations, so such a program renders
    something on the CPU that it never finishes on a GPU; it is found here, in the source.
    """
    code = _COMMENT.sub(_blank, source)
    for match in _LOOP_START.finditer(code):
        open_paren = match.end() - 1
        close_paren = _closing(code, open_paren, "(", ")")
        head = code[open_paren + 1:close_paren]
        if match.group(1) == "for":
            parts = head.split(";")
            endless = len(parts) == 3 and parts[1].strip() in ("", "true", "1")
        else:
            endless = head.strip() in ("true", "1")
            if endless and code[:match.start()].rstrip().endswith("}"):  # `do { } while (true);`
                body_end = len(code[:match.start()].rstrip()) - 1
                depth, position = 0, body_end
                while position >= 0:
                    depth += (code[position] == "}") - (code[position] == "{")
                    if depth == 0:
                        break
                    position -= 1
                if _EXIT.search(code[position:body_end]) is None:
                    return code.count("\n", 0, match.start()) + 1
                continue
        if not endless:
            continue
        body_start = close_paren + 1
        while body_start < len(code) and code[body_start].isspace():
            body_start += 1
        if body_start < len(code) and code[body_start] == "{":
            body = code[body_start:_closing(code, body_start, "{", "}") + 1]
        else:
            body = code[body_start:code.find(";", body_start) + 1]
        if _EXIT.search(body) is None:
            return code.count("\n", 0, match.start()) + 1
    return None
