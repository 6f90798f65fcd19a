// name: vector_curves
// family: vector
// author: procvision
// licence: MIT
// description: Vector-graphics ribbons: thick quadratic Bezier swooshes with flat fills, dark outlines and offset shadows, layered like logos and poster art.
// params: iSeed.x curve count, iSeed.y ribbon width, iSeed.z palette, iSeed.w outline weight

#include "hash.glsl"
#include "sdf.glsl"
#include "palette.glsl"

// Distance to a quadratic Bezier, by sampling it as 12 chords (cheap, exact enough when thick).
float sdBezier(vec2 p, vec2 a, vec2 b, vec2 c) {
    float d = 1e3;
    vec2 prev = a;
    for (int i = 1; i <= 12; i++) {
        float t = float(i) / 12.0;
        vec2 q = mix(mix(a, b, t), mix(b, c, t), t);
        d = min(d, pv_sdSegment(p, prev, q));
        prev = q;
    }
    return d;
}

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    int n = 2 + int(iSeed.x * 5.0);
    float w = mix(0.02, 0.07, iSeed.y);
    float ow = mix(0.004, 0.014, iSeed.w);
    float px = 1.5 / iResolution.y;
    vec3 col = pv_seedpal(0.05, 9) * 0.3 + 0.65;
    for (int i = 0; i < 7; i++) {
        if (i >= n) break;
        vec2 a = (pv_seed2(10 + i) - 0.5) * 1.4;
        vec2 c = (pv_seed2(20 + i) - 0.5) * 1.4;
        vec2 b = (pv_seed2(30 + i) - 0.5) * 1.8 + 0.15 * vec2(sin(0.5 * iTime + float(i)), cos(0.4 * iTime + float(i)));
        float wi = w * mix(0.6, 1.4, pv_seed(40 + i));
        // the curve lies in the box of its control points: skip it when the pixel is well outside
        vec2 lo = min(min(a, b), c) - wi - ow - 0.04, hi = max(max(a, b), c) + wi + ow + 0.04;
        if (any(lessThan(uv, lo)) || any(greaterThan(uv, hi))) continue;
        float d = sdBezier(uv, a, b, c) - wi;
        float ds = sdBezier(uv - vec2(0.015, -0.02), a, b, c) - wi;
        vec3 fill = pv_seedpal(fract(iSeed.z + 0.23 * float(i)), 9);
        col = mix(col, col * 0.6, smoothstep(px, -px, ds) * 0.6);
        col = mix(col, vec3(0.05), smoothstep(px, -px, d - ow));
        col = mix(col, fill, smoothstep(px, -px, d));
        col = mix(col, mix(fill, vec3(1.0), 0.4), smoothstep(px, -px, d + wi * 0.7) * step(0.5, pv_seed(50 + i)));
    }
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
