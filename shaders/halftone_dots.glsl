// name: halftone_dots
// family: halftone
// author: procvision
// licence: MIT
// description: Print halftone of a smooth noise image: rotated dot screens per ink (CMYK-like or single ink), dot size from tone.
// params: iSeed.x screen frequency, iSeed.y single-ink vs colour, iSeed.z source image scale, iSeed.w paper and ink colours

#include "noise.glsl"
#include "sdf.glsl"
#include "palette.glsl"

float screenDot(vec2 uv, float freq, float ang, float tone) {
    vec2 g = pv_rot2(ang) * uv * freq;
    vec2 f = fract(g) - 0.5;
    float r = sqrt(clamp(tone, 0.0, 1.0)) * 0.65;
    float px = freq / iResolution.y;
    return smoothstep(r + px, r - px, length(f));
}

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = fragCoord / iResolution.y;
    float freq = mix(10.0, 28.0, iSeed.x);
    vec2 sp = uv * mix(1.0, 3.5, iSeed.z) + 20.0 * pv_seed2(1) + 0.03 * iTime;
    vec3 src = vec3(pv_fbm(sp, 4), pv_fbm(sp + 5.3, 4), pv_fbm(sp + 9.1, 4));
    src = clamp((src - 0.5) * 2.2 + 0.5, 0.0, 1.0);
    vec3 paper = mix(vec3(0.97, 0.95, 0.88), vec3(0.9, 0.95, 1.0), pv_seed(2));
    vec3 col;
    if (iSeed.y < 0.4) {
        vec3 ink = pv_hsv2rgb(vec3(iSeed.w, 0.8, 0.35));
        float dotm = screenDot(uv, freq, 0.785, 1.0 - src.r);
        col = mix(paper, ink, dotm);
    } else {
        // Subtractive inks: each dot layer removes one primary from the paper.
        float cy = screenDot(uv, freq, 0.26, 1.0 - src.r);
        float mg = screenDot(uv, freq, 1.31, 1.0 - src.g);
        float ye = screenDot(uv, freq, 0.0, 1.0 - src.b);
        col = paper * vec3(1.0 - 0.9 * cy, 1.0 - 0.9 * mg, 1.0 - 0.9 * ye);
    }
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
