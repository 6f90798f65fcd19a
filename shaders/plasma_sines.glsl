// name: plasma_sines
// family: plasma
// author: procvision
// licence: MIT
// description: Demoscene-style plasma: a sum of planar, radial and product sines mapped through a seeded palette.
// params: iSeed.x frequency, iSeed.y term mix, iSeed.z palette, iSeed.w banding

#include "hash.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    float f = mix(3.0, 14.0, iSeed.x);
    float t = iTime * 0.5;
    vec2 c = (pv_seed2(1) - 0.5) + 0.3 * vec2(sin(t * 0.7), cos(t * 0.5));
    float v = sin(f * uv.x + t);
    v += sin(f * (uv.x * sin(6.28 * pv_seed(2)) + uv.y * cos(6.28 * pv_seed(2))) + 1.3 * t);
    v += iSeed.y * 2.0 * sin(f * length(uv - c) - t);
    v += (1.0 - iSeed.y) * 2.0 * sin(f * 0.5 * uv.x) * sin(f * 0.5 * uv.y + t);
    v /= 4.0;
    if (iSeed.w > 0.6) v = floor(v * 6.0) / 6.0;
    vec3 col = pv_seedpal(v + iSeed.z, 150);
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
