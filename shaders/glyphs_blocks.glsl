// name: glyphs_blocks
// family: glyphs
// author: procvision
// licence: MIT
// description: Vertical columns of invented square block characters, each built from a radical on one side and stacked horizontal, vertical and hooked strokes, brushed or printed.
// params: iSeed.x character size, iSeed.y stroke weight, iSeed.z ink scheme, iSeed.w stroke complexity

#include "hash.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = fragCoord / iResolution.y;
    float n = mix(2.5, 7.0, iSeed.x);
    vec2 p = uv * n + vec2(0.0, 0.3 * iTime);
    ivec2 c = ivec2(floor(p));
    vec2 f = (fract(p) - 0.5) * 1.25;
    int strokes = 3 + int(iSeed.w * 5.0);
    float d = 1e3;
    // split the box: a narrow radical on the left for some characters
    bool radical = pv_ihash12(c + ivec2(3, 3)) < 0.5;
    for (int s = 0; s < 8; s++) {
        if (s >= strokes) break;
        vec3 h = pv_ihash32(c * 9 + ivec2(s, 5 * s));
        vec2 lo = radical && s < 2 ? vec2(-0.45, -0.45) : vec2(radical ? -0.15 : -0.45, -0.45);
        vec2 hi = radical && s < 2 ? vec2(-0.22, 0.45) : vec2(0.45, 0.45);
        vec2 a = mix(lo, hi, floor(h.xy * 4.0) / 3.0);
        vec2 b = a;
        int kind = int(h.z * 3.0);
        if (kind == 0) b.x = hi.x - (a.x - lo.x) * 0.2;      // horizontal
        else if (kind == 1) b.y = lo.y;                      // vertical
        else b = a + vec2(-0.2, -0.3);                       // sweep
        d = min(d, pv_sdSegment(f, a, b));
        if (kind == 1 && h.x > 0.6) d = min(d, pv_sdSegment(f, b, b + vec2(-0.1, 0.08)));  // hook
    }
    if (pv_ihash12(c + ivec2(8, 1)) < 0.08) d = 1e3;
    float w = mix(0.03, 0.075, iSeed.y);
    float px = 1.5 * n / iResolution.y;
    bool seal = iSeed.z > 0.7;
    vec3 paper = seal ? vec3(0.75, 0.1, 0.08) : mix(vec3(0.95, 0.92, 0.82), vec3(0.92, 0.9, 0.9), pv_seed(1));
    vec3 ink = seal ? vec3(0.98, 0.9, 0.8) : vec3(0.05, 0.04, 0.04);
    // the column gutter
    float gut = abs(fract(p.x) - 0.5);
    vec3 col = mix(paper, paper * 0.9, step(0.48, gut) * step(0.4, iSeed.z));
    col = mix(col, ink, smoothstep(w + px, w, d));
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
