// name: signal_spectrogram
// family: signal
// author: procvision
// licence: MIT
// description: A spectrogram of invented sounds scrolling left: harmonic stacks of gliding tones with formants (low speech-like to high birdsong-like), broadband clicks and a tilted noise floor, in a heat, magma, viridis, jet, inverted-grey or seeded colour scale.
// params: iSeed.x harmonic count, iSeed.y glide speed and time scale, iSeed.z colour map, iSeed.w noise floor and display gain; pv_seed: pitch band, voice density, band width, floor tilt, click rate, dynamic range

#include "hash.glsl"
#include "noise.glsl"
#include "palette.glsl"

// Piecewise-linear ramp through five colours: the shape of the usual perceptual maps.
vec3 ramp5(float t, vec3 c0, vec3 c1, vec3 c2, vec3 c3, vec3 c4) {
    t = clamp(t, 0.0, 1.0) * 4.0;
    vec3 c = mix(c0, c1, clamp(t, 0.0, 1.0));
    c = mix(c, c2, clamp(t - 1.0, 0.0, 1.0));
    c = mix(c, c3, clamp(t - 2.0, 0.0, 1.0));
    return mix(c, c4, clamp(t - 3.0, 0.0, 1.0));
}

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = fragCoord / iResolution.y;
    // time scale: a few long calls or many short ones across the frame
    float t = uv.x * mix(2.0, 8.0, iSeed.y) + iTime * 0.8;
    float f = uv.y;
    float seg = floor(t);
    float ft = fract(t);
    float density = mix(0.35, 0.95, pv_seed(8));
    float on = step(0.15, ft) * step(ft, 0.85) * step(pv_hash11(seg + 0.5), density);
    // pitch band: low voices with many harmonics up to high single whistles
    float band = pv_seed(1);
    float f0 = mix(0.03, 0.1, band) + mix(0.0, 0.4, band * band) * pv_hash11(seg + 3.5);
    float glide = mix(-0.05, 0.05, pv_hash11(seg + 7.5)) * mix(0.5, 2.0, iSeed.y) * (1.0 + 2.0 * band);
    f0 += glide * ft + 0.01 * (1.0 + 2.0 * band) * sin(ft * 20.0 * pv_hash11(seg + 9.5));
    int harm = 1 + int(iSeed.x * 7.99);
    // analysis window: wide bands (short window) or thin lines (long window)
    float bwk = mix(0.6, 3.0, pv_seed(2));
    // two formants per call shape the harmonic amplitudes
    float F1 = mix(0.1, 0.4, pv_hash11(seg + 11.5)), F2 = mix(0.4, 0.8, pv_hash11(seg + 13.5));
    float e = 0.0;
    for (int h = 1; h <= 8; h++) {
        if (h > harm) break;
        float fh = f0 * float(h);
        float bw = (0.006 + 0.002 * float(h)) * bwk;
        float formant = 0.3 + exp(-pow((fh - F1) / 0.1, 2.0)) + 0.7 * exp(-pow((fh - F2) / 0.12, 2.0));
        e += exp(-pow((f - fh) / bw, 2.0)) / float(h) * formant * on;
    }
    float click = step(mix(0.9, 0.99, pv_seed(3)), pv_hash11(floor(t * 10.0) + 0.3)) * exp(-f * 2.0);
    // noise floor tilted towards low frequencies (pink rumble) by a seed-driven slope
    float tilt = mix(0.0, 4.0, pv_seed(4));
    float floorN = mix(0.003, 0.12, iSeed.w * iSeed.w) * exp(-f * tilt) * (0.4 + 1.2 * pv_vnoise(vec2(t * 40.0, f * 80.0)));
    float level = clamp(e + click * 0.6 + floorN, 0.0, 1.0);
    // display gain and dynamic range
    float range = mix(3.0, 6.0, pv_seed(5));
    float db = clamp(1.0 + log(max(level * mix(0.7, 1.6, iSeed.w), 1e-4)) / range, 0.0, 1.0);
    int map = int(iSeed.z * 5.99);
    vec3 col;
    if (map == 0) col = vec3(smoothstep(0.3, 0.7, db), smoothstep(0.5, 0.95, db), smoothstep(0.0, 0.35, db) * (1.0 - smoothstep(0.4, 0.8, db)) + smoothstep(0.9, 1.0, db));
    else if (map == 1) col = ramp5(db, vec3(0.0, 0.0, 0.02), vec3(0.32, 0.07, 0.48), vec3(0.72, 0.21, 0.47), vec3(0.99, 0.56, 0.38), vec3(0.99, 0.99, 0.75));
    else if (map == 2) col = ramp5(db, vec3(0.27, 0.0, 0.33), vec3(0.23, 0.32, 0.55), vec3(0.13, 0.57, 0.55), vec3(0.37, 0.79, 0.38), vec3(0.99, 0.91, 0.14));
    else if (map == 3) col = ramp5(db, vec3(0.0, 0.0, 0.55), vec3(0.0, 0.5, 1.0), vec3(0.5, 1.0, 0.5), vec3(1.0, 0.5, 0.0), vec3(0.6, 0.0, 0.0));
    else if (map == 4) col = vec3(1.0 - db) * mix(vec3(1.0), vec3(1.0, 0.95, 0.85), pv_seed(6));  // printed style: dark ink on paper
    else col = pv_stylepal(db * 0.9, pv_seed(7), 8) * db;
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
