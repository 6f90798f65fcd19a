// name: glyphs_script
// family: glyphs
// author: procvision
// licence: MIT
// description: Lines of invented script: each cell a glyph of 2-4 strokes between points of a 3x3 grid, ink on paper or neon on dark.
// params: iSeed.x glyph size, iSeed.y stroke width, iSeed.z ink/paper scheme, iSeed.w stroke count and slant

#include "hash.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = fragCoord / iResolution.y;
    float n = mix(3.5, 8.0, iSeed.x);
    vec2 p = uv * n * vec2(1.0, 0.8) + floor(30.0 * pv_seed2(1)) + vec2(0.0, 0.3 * iTime);
    p.x += 0.3 * (pv_seed(2) - 0.5) * fract(p.y);  // slant
    ivec2 c = ivec2(floor(p));
    vec2 f = fract(p) - 0.5;
    f *= 1.4;  // margin between glyphs and lines
    int strokes = 2 + int(iSeed.w * 3.0);
    float d = 1e3;
    for (int s = 0; s < 4; s++) {
        if (s >= strokes) break;
        vec2 h = pv_ihash22(c * 5 + ivec2(s, 17 * s));
        vec2 a = (floor(h * 3.0) - 1.0) * 0.5;
        vec2 h2 = pv_ihash22(c * 7 + ivec2(31 * s, s + 3));
        vec2 b = (floor(h2 * 3.0) - 1.0) * 0.5;
        if (distance(a, b) < 0.1) b = -a + vec2(0.0, 0.5);
        d = min(d, pv_sdSegment(f, a, b));
    }
    // Occasional blank cells read as word spaces.
    if (pv_ihash12(c + ivec2(99, 1)) < 0.15) d = 1e3;
    float w = mix(0.04, 0.1, iSeed.y);
    float px = 1.4 * n / iResolution.y;
    float ink = smoothstep(w + px, w, d);
    bool neon = iSeed.z > 0.6;
    vec3 paper = neon ? vec3(0.02, 0.02, 0.05) : mix(vec3(0.95, 0.92, 0.84), vec3(0.85, 0.9, 0.95), pv_seed(3));
    vec3 inkc = neon ? pv_hsv2rgb(vec3(pv_seed(4), 0.8, 1.0)) : pv_hsv2rgb(vec3(pv_seed(4), 0.7, 0.25 * iSeed.z + 0.05));
    vec3 col = mix(paper, inkc, ink);
    if (neon) col += inkc * 0.4 * exp(-d * 10.0);
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
