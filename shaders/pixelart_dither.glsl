// name: pixelart_dither
// family: pixelart
// author: procvision
// licence: MIT
// description: A low-resolution image quantised to a 2-5 colour palette with 4x4 Bayer ordered dithering, in the look of early home computers and handheld screens.
// params: iSeed.x pixel size, iSeed.y palette size and kind, iSeed.z source image (clouds, gradient, rings), iSeed.w dither strength

#include "hash.glsl"
#include "noise.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    float ps = floor(mix(2.0, 8.0, iSeed.x)) * iResolution.y / 128.0;
    vec2 cell = floor(fragCoord / max(ps, 1.0));
    vec2 uv = cell * max(ps, 1.0) / iResolution.y;
    int src = int(iSeed.z * 2.99);
    float v;
    if (src == 0) v = pv_fbm(uv * 3.0 + vec2(0.1 * iTime, 0.0) + 10.0 * pv_seed(1), 5);
    else if (src == 1) v = fract(uv.y * 0.9 + 0.2 * sin(uv.x * 5.0 + iTime * 0.5) + pv_seed(2));
    else v = 0.5 + 0.5 * sin(length(uv - 0.5 - 0.2 * pv_seed2(3)) * 25.0 - iTime);
    // 4x4 Bayer threshold from the cell's position
    ivec2 b = ivec2(mod(cell, 4.0));
    int bay[16] = int[16](0, 8, 2, 10, 12, 4, 14, 6, 3, 11, 1, 9, 15, 7, 13, 5);
    float th = (float(bay[b.y * 4 + b.x]) + 0.5) / 16.0 - 0.5;
    int levels = 2 + int(iSeed.y * 3.99);
    float q = clamp(v + th * mix(0.3, 1.0, iSeed.w) / float(levels - 1), 0.0, 0.999);
    float idx = floor(q * float(levels)) / float(levels - 1);
    vec3 col;
    if (pv_seed(4) < 0.3) col = mix(vec3(0.06, 0.22, 0.06), vec3(0.6, 0.74, 0.06), idx);  // handheld green
    else col = pv_seedpal(idx * 0.8, 5);
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
