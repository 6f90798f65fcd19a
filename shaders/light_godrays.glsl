// name: light_godrays
// family: light
// author: procvision
// licence: MIT
// description: Crepuscular rays: a low sun behind a canopy of leaves or broken cloud, beams of light streaming out between the gaps through hazy air.
// params: iSeed.x sun position, iSeed.y occluder kind (leaves / clouds), iSeed.z haze colour, iSeed.w ray strength

#include "hash.glsl"
#include "noise.glsl"
#include "palette.glsl"

float occluder(vec2 p, bool leaves) {
    if (leaves) {
        vec4 v = pv_voronoi(p * 9.0, 1.0);
        float leaf = smoothstep(0.35, 0.25, v.x) * step(0.25, v.z);
        return max(leaf, smoothstep(0.45, 0.6, pv_fbm(p * 2.0, 3)));
    }
    return smoothstep(0.45, 0.62, pv_fbm(p * 2.5, 4));
}

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = fragCoord / iResolution.y;
    vec2 sun = vec2(0.2 + 0.6 * iSeed.x, 0.55 + 0.35 * pv_seed(1));
    bool leaves = iSeed.y < 0.5;
    vec2 drift = vec2(0.03 * iTime, 0.0);
    float occ = occluder(uv + drift, leaves);
    vec3 haze = pv_hsv2rgb(vec3(mix(0.05, 0.15, iSeed.z), mix(0.3, 0.8, pv_seed(2)), 1.0));
    // march from the pixel towards the sun, accumulating the light that leaks through
    float light = 0.0;
    float wsum = 0.0;
    // (the march samples a blurred, cheaper occluder: the beams need no leaf detail)
    for (int i = 0; i < 12; i++) {
        float t = (float(i) + pv_hash12(fragCoord)) / 12.0;
        vec2 q = mix(uv, sun, t);
        float w = 1.0 - 0.7 * t;
        light += (1.0 - smoothstep(0.4, 0.62, pv_fbm((q + drift) * (leaves ? 2.0 : 2.5), 2))) * w;
        wsum += w;
    }
    light /= wsum;
    float strength = mix(0.4, 1.2, iSeed.w);
    float glow = exp(-length(uv - sun) * 5.0);
    vec3 sky = mix(haze * 0.35, haze, glow);
    vec3 col = sky * (1.0 - occ) + vec3(0.03, 0.04, 0.03) * occ;
    col += haze * light * light * strength * (0.3 + glow);
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
