// name: chart_pies
// family: chart
// author: procvision
// licence: MIT
// description: A dashboard of round charts: pie and donut charts with exploded slices, radial gauges with needles and progress rings, laid out in tiles with captions.
// params: iSeed.x tile count, iSeed.y slice count, iSeed.z palette, iSeed.w donut hole and gauge ring width

#include "hash.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = fragCoord / iResolution.y;
    float n = 1.0 + floor(iSeed.x * 2.99);
    vec2 p = uv * n;
    vec2 c = floor(p);
    vec2 f = fract(p) - vec2(0.5, 0.55);
    bool dark = pv_seed(7) > 0.5;
    vec3 bg = dark ? vec3(0.1, 0.11, 0.14) : vec3(0.95, 0.95, 0.96);
    vec3 tile = dark ? vec3(0.15, 0.16, 0.2) : vec3(1.0);
    vec3 ink = dark ? vec3(0.85) : vec3(0.2);
    vec3 col = pv_sdBox2(fract(p) - 0.5, vec2(0.44)) - 0.02 < 0.0 ? tile : bg;
    float r = length(f);
    float a = fract(pv_atan2(f.x, f.y) / 6.2831853 + 1.0);  // clockwise from 12 o'clock
    float h = pv_hash12(c + 0.5);
    int kind = int(h * 3.0);
    float px = 1.5 * n / iResolution.y;
    int slices = 3 + int(iSeed.y * 4.0);
    if (kind == 0 || kind == 1) {  // pie or donut
        float acc = 0.0, total = 0.0;
        for (int i = 0; i < 7; i++) { if (i >= slices) break; total += 0.3 + pv_hash12(c + vec2(float(i), 3.0)); }
        int idx = 0;
        float start = 0.0;
        for (int i = 0; i < 7; i++) {
            if (i >= slices) break;
            float w = (0.3 + pv_hash12(c + vec2(float(i), 3.0))) / total;
            if (a >= acc && a < acc + w) { idx = i; start = acc; }
            acc += w;
        }
        float grow = min(1.0, 0.3 + 0.15 * iTime);  // the chart sweeps in
        float r0 = kind == 1 ? mix(0.08, 0.25, iSeed.w) : 0.0;
        bool on = r < 0.33 && r > r0 && a < grow;
        vec3 sc = pv_seedpal(fract(iSeed.z + 0.17 * float(idx)), 4);
        if (on) col = sc;
        // slice separators
        float edge = abs(fract(a - start + 0.5) - 0.5) * 6.2831853 * r;
        if (on && edge < 0.008) col = tile;
    } else {  // gauge: arc track, value arc and needle
        float v = 0.5 + 0.45 * sin(iTime * 0.7 + 6.28 * h);
        float ga = a < 0.5 ? a + 0.5 : a - 0.5;  // 0 at 6 o'clock
        float track = abs(r - 0.3) - mix(0.015, 0.06, iSeed.w);
        bool arc = ga > 0.125 && ga < 0.875;
        if (arc && track < 0.0) col = mix(ink, tile, 0.8);
        if (arc && track < 0.0 && (ga - 0.125) / 0.75 < v) col = pv_seedpal(fract(iSeed.z + v * 0.3), 4);
        float na = 6.2831853 * (0.125 + 0.75 * v) + 3.14159;
        vec2 nd = vec2(sin(na), cos(na));
        float needle = pv_sdSegment(f, vec2(0.0), nd * 0.26) - 0.008;
        col = mix(col, ink, smoothstep(px, 0.0, needle));
        col = mix(col, ink, smoothstep(0.03 + px, 0.03, r));
    }
    // caption bar
    vec2 cb = fract(p) - vec2(0.5, 0.12);
    if (pv_sdBox2(cb, vec2(0.2 * (0.5 + h), 0.015)) < 0.0) col = mix(col, ink, 0.6);
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
