// name: palette_gradient
// family: palette
// author: procvision
// licence: MIT
// description: Smooth multi-stop colour gradients (linear, radial or angular) with optional posterised steps and grain.
// params: iSeed.x gradient shape, iSeed.y direction, iSeed.z palette, iSeed.w posterisation levels

#include "hash.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    int shape = int(iSeed.x * 3.0);
    float a = 6.2831853 * iSeed.y;
    vec2 c = (pv_seed2(1) - 0.5) * 0.8;
    float t;
    if (shape == 0) t = dot(uv, vec2(cos(a), sin(a))) + 0.5;
    else if (shape == 1) t = length(uv - c) * 1.3;
    else t = atan(uv.y - c.y, uv.x - c.x + 1e-9) / 6.2831853 + 0.5;
    t = t * mix(0.5, 1.5, pv_seed(2)) + 0.05 * iTime;
    float levels = floor(mix(2.0, 12.0, iSeed.w));
    if (pv_seed(3) < 0.5) t = floor(t * levels) / levels;
    vec3 col = pv_seedpal(t + iSeed.z, 130);
    col += (pv_hash12(fragCoord + iSeed.xy) - 0.5) * 0.06 * step(0.5, pv_seed(4));
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
