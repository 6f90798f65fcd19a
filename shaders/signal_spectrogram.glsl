// name: signal_spectrogram
// family: signal
// author: procvision
// licence: MIT
// description: A spectrogram of invented sounds scrolling left: harmonic stacks of gliding tones (speech- or birdsong-like), broadband clicks and a noise floor, in a heat-map colour scale.
// params: iSeed.x harmonic count, iSeed.y glide speed, iSeed.z colour map, iSeed.w noise floor

#include "hash.glsl"
#include "noise.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = fragCoord / iResolution.y;
    float t = uv.x * 4.0 + iTime * 0.8;
    float f = uv.y;
    float seg = floor(t);
    float ft = fract(t);
    float on = step(0.15, ft) * step(ft, 0.85) * step(0.25, pv_hash11(seg + 0.5));
    float f0 = mix(0.04, 0.15, pv_hash11(seg + 3.5));
    float glide = mix(-0.05, 0.05, pv_hash11(seg + 7.5)) * mix(0.5, 2.0, iSeed.y);
    f0 += glide * ft + 0.01 * sin(ft * 20.0 * pv_hash11(seg + 9.5));
    int harm = 1 + int(iSeed.x * 7.99);
    float e = 0.0;
    for (int h = 1; h <= 8; h++) {
        if (h > harm) break;
        float fh = f0 * float(h);
        float bw = 0.006 + 0.002 * float(h);
        e += exp(-pow((f - fh) / bw, 2.0)) / float(h) * on;
    }
    float click = step(0.96, pv_hash11(floor(t * 10.0) + 0.3)) * exp(-f * 2.0);
    float floorN = mix(0.004, 0.04, iSeed.w) * pv_vnoise(vec2(t * 40.0, f * 80.0));
    float level = clamp(e + click * 0.6 + floorN, 0.0, 1.0);
    float db = clamp(1.0 + log(max(level, 1e-3)) / 4.0, 0.0, 1.0);
    vec3 col;
    if (iSeed.z < 0.5) col = vec3(smoothstep(0.3, 0.7, db), smoothstep(0.5, 0.95, db), smoothstep(0.0, 0.35, db) * (1.0 - smoothstep(0.4, 0.8, db)) + smoothstep(0.9, 1.0, db));
    else col = pv_stylepal(db * 0.9, pv_seed(1), 2) * db;
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
