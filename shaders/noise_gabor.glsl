// name: noise_gabor
// family: noise
// author: procvision
// licence: MIT
// description: Sparse Gabor noise: a sum of randomly placed oriented wavelets (Gaussian-windowed sinusoids), giving anisotropic brushed, woven or fingerprint-like textures whose orientation bends across the image.
// params: iSeed.x wavelet frequency, iSeed.y orientation spread, iSeed.z palette, iSeed.w kernel size

#include "hash.glsl"
#include "noise.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    float cells = mix(4.0, 10.0, iSeed.w);
    vec2 p = uv * cells;
    ivec2 ip = ivec2(floor(p));
    float freq = mix(3.0, 10.0, iSeed.x);
    float spread = iSeed.y;
    float base = 6.28 * pv_seed(1);
    float sum = 0.0;
    for (int j = -1; j <= 1; j++) {
        for (int i = -1; i <= 1; i++) {
            ivec2 c = ip + ivec2(i, j);
            // orientation follows a slow field sampled once per cell, plus per-wavelet jitter
            float cellAng = base + 2.0 * pv_gnoise(vec2(c) * 0.15);
            for (int k = 0; k < 2; k++) {
                vec2 h = pv_ihash22(c * 3 + ivec2(k, 7 * k));
                vec2 ctr = vec2(c) + h;
                vec2 d = p - ctr;
                if (dot(d, d) > 2.9) continue;  // the window is below 1% beyond this
                float ang = cellAng + spread * 3.14 * (pv_ihash12(c + ivec2(k * 13, 5)) - 0.5);
                vec2 dir = vec2(cos(ang), sin(ang));
                float w = exp(-dot(d, d) * 1.6);
                sum += w * cos(freq * dot(d, dir) * 3.14 + 6.28 * h.x + iTime) * (pv_ihash12(c + ivec2(3, k)) * 2.0 - 1.0);
            }
        }
    }
    float v = 0.5 + 0.35 * sum;
    vec3 col = pv_stylepal(clamp(v, 0.0, 1.0), iSeed.z, 4);
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
