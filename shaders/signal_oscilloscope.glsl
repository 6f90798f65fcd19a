// name: signal_oscilloscope
// family: signal
// author: procvision
// licence: MIT
// description: An oscilloscope screen: glowing phosphor traces of sums of waves, square and sawtooth signals or an X-Y Lissajous figure over a graticule with minor ticks.
// params: iSeed.x signal kind, iSeed.y frequency, iSeed.z phosphor colour, iSeed.w trace count

#include "hash.glsl"
#include "sdf.glsl"
#include "palette.glsl"

float signal(float x, int kind, float fr, float ph) {
    float s = x * fr * 6.2831853 + ph;
    if (kind == 0) return 0.6 * sin(s) + 0.25 * sin(3.1 * s + 1.0);
    if (kind == 1) return 0.5 * sign(sin(s)) * (1.0 - 0.15 * exp(-fract(s / 3.14159) * 8.0));
    return 0.5 * (2.0 * fract(s / 6.2831853) - 1.0);
}

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y * 2.2;
    int kind = int(iSeed.x * 3.99);
    float fr = mix(0.5, 3.0, iSeed.y);
    vec3 ph = pv_hsv2rgb(vec3(mix(0.25, 0.55, iSeed.z), 0.8, 1.0));
    if (pv_seed(1) > 0.7) ph = vec3(1.0, 0.7, 0.2);
    vec3 col = vec3(0.01, 0.03, 0.02) + ph * 0.02;
    vec2 g = abs(fract(uv * 2.0 + 0.5) - 0.5) / 2.0;
    float px = 2.2 / iResolution.y;
    col += ph * 0.12 * smoothstep(px, 0.0, min(g.x, g.y));
    col += ph * 0.2 * smoothstep(px, 0.0, min(abs(uv.x), abs(uv.y)));
    float d = 1e3;
    if (kind == 3) {
        // X-Y mode: a Lissajous figure with a seeded frequency ratio
        float a = floor(1.0 + 4.0 * pv_seed(2)), b = floor(1.0 + 4.0 * pv_seed(3));
        vec2 prev = vec2(0.0);
        for (int i = 0; i <= 64; i++) {
            float t = float(i) / 64.0 * 6.2831853;
            vec2 q = 0.8 * vec2(sin(a * t + 0.5 * iTime), sin(b * t));
            if (i > 0) d = min(d, pv_sdSegment(uv, prev, q));
            prev = q;
        }
    } else {
        int traces = 1 + int(iSeed.w * 2.99);
        for (int k = 0; k < 3; k++) {
            if (k >= traces) break;
            float off = (float(k) - 0.5 * float(traces - 1)) * 0.6;
            float y = signal(uv.x, kind, fr * (1.0 + 0.5 * float(k)), iTime * 2.0 + float(k)) * (1.0 / float(traces)) + off;
            float dy = dFdx(y) / max(dFdx(uv.x), 1e-5);
            d = min(d, abs(uv.y - y) / sqrt(1.0 + dy * dy));
        }
    }
    col += ph * (smoothstep(px * 2.0, 0.0, d) + 0.4 * exp(-d * 25.0));
    vec2 v = uv / 2.2;
    col *= smoothstep(0.75, 0.6, max(abs(v.x), abs(v.y)) + 0.1 * dot(v, v));
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
