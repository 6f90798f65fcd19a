// name: waves_caustics
// family: waves
// author: procvision
// licence: MIT
// description: Pool-floor caustics: a bright filament network from two warped cellular layers over a tinted floor.
// params: iSeed.x scale, iSeed.y filament sharpness, iSeed.z tint, iSeed.w warp strength

#include "noise.glsl"
#include "palette.glsl"

float filaments(vec2 p, float sharp) {
    vec4 v = pv_voronoi(p, 1.0);
    return pow(clamp(1.0 - (v.y - v.x), 0.0, 1.0), sharp);
}

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = fragCoord / iResolution.y;
    vec2 p = uv * mix(2.5, 7.0, iSeed.x) + 10.0 * pv_seed2(1);
    float t = 0.2 * iTime;
    float w = mix(0.1, 0.6, iSeed.w);
    vec2 q = p + w * vec2(sin(p.y * 1.3 + t), cos(p.x * 1.1 - t));
    float sharp = mix(4.0, 14.0, iSeed.y);
    float light = filaments(q, sharp) + 0.6 * filaments(q * 1.7 + 3.0 + t * 0.3, sharp);
    vec3 tint = pv_hsv2rgb(vec3(mix(0.4, 0.7, iSeed.z) + (pv_seed(2) < 0.3 ? 0.45 : 0.0), 0.7, 0.45));
    vec3 col = tint * (0.7 + 0.3 * sin(p.x + p.y)) + light * mix(vec3(1.0), tint * 2.0, 0.3);
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
