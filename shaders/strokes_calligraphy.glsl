// name: strokes_calligraphy
// family: strokes
// author: procvision
// licence: MIT
// description: Broad-nib calligraphy: a flat pen held at a fixed angle swept along looping curves, so strokes swell and thin with direction, in ink on paper or gold on dark.
// params: iSeed.x nib width, iSeed.y nib angle, iSeed.z loop frequency, iSeed.w scheme

#include "hash.glsl"
#include "noise.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    float nib = mix(0.015, 0.05, iSeed.x);
    float na = 3.14159 * iSeed.y;
    vec2 nd = nib * vec2(cos(na), sin(na));
    float fr = mix(2.0, 7.0, iSeed.z);
    float d = 1e3;
    for (int s = 0; s < 3; s++) {
        float fs = float(s);
        float y0 = (fs - 1.0) * 0.3 + 0.1 * (pv_seed(s) - 0.5);
        if (abs(uv.y - y0) > 0.2 + nib) continue;  // the stroke stays within its line
        float ph0 = 6.28 * pv_seed(10 + s) + 0.4 * iTime;
        vec2 prev = vec2(-0.8, y0);
        for (int i = 0; i <= 28; i++) {
            float t = float(i) / 28.0;
            float ph = t * fr * 6.2831853 + ph0;
            vec2 q = vec2(mix(-0.8, 0.8, t) + 0.08 * cos(ph), y0 + 0.1 * sin(ph) * (0.6 + 0.4 * sin(t * 7.0 + fs)));
            // a flat nib swept along a chord is as wide as the nib's extent across the chord
            vec2 dir = q - prev;
            float across = abs(dir.x * nd.y - dir.y * nd.x) / max(length(dir), 1e-5);
            if (i > 0) d = min(d, pv_sdSegment(uv, prev, q) - across - 0.0015);
            prev = q;
        }
    }
    float px = 1.2 / iResolution.y;
    bool gold = iSeed.w > 0.6;
    vec3 paper = gold ? vec3(0.06, 0.05, 0.08) : vec3(0.95, 0.92, 0.84) * (0.95 + 0.05 * pv_fbm(uv * 20.0, 3));
    vec3 ink = gold ? vec3(0.9, 0.7, 0.3) : pv_hsv2rgb(vec3(pv_seed(20), 0.6, 0.2));
    float m = smoothstep(px, 0.0, d);
    vec3 col = mix(paper, ink * (0.85 + 0.3 * pv_vnoise(uv * 80.0)), m);
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
