// name: organic_zebra
// family: organic
// author: procvision
// licence: MIT
// description: Zebra and tiger stripes: branching, tapering dark stripes following a warped body-like flow, forking where the stripe field has defects.
// params: iSeed.x stripe frequency, iSeed.y coat (zebra, tiger, okapi), iSeed.z warp strength, iSeed.w stripe thickness

#include "hash.glsl"
#include "noise.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    vec2 p = pv_rot2(6.28 * pv_seed(1)) * uv;
    float warp = mix(0.2, 1.0, iSeed.z);
    vec2 w = vec2(pv_gfbm(p * 1.5 + 0.05 * iTime, 4), pv_gfbm(p * 1.5 + 9.0, 4));
    float freq = mix(8.0, 22.0, iSeed.x);
    float phase = (p.x + warp * w.x + 0.3 * p.y * p.y) * freq + 3.0 * pv_gnoise(p * 2.0 + 3.0);
    float s = sin(phase);
    float th = mix(-0.4, 0.4, iSeed.w) + 0.4 * pv_gnoise(p * 3.0);
    float stripe = smoothstep(th - 0.08, th + 0.08, s);
    int kind = int(iSeed.y * 2.99);
    vec3 light = kind == 0 ? vec3(0.95, 0.93, 0.88) : (kind == 1 ? vec3(0.9, 0.5, 0.15) : vec3(0.45, 0.25, 0.2));
    vec3 dark = kind == 2 ? vec3(0.95, 0.92, 0.88) : vec3(0.06, 0.05, 0.05);
    if (kind == 1) light = mix(light, vec3(0.95, 0.92, 0.85), smoothstep(0.1, -0.4, p.y));
    float fur = pv_vnoise(vec2(p.x * 10.0, p.y * 80.0));
    vec3 col = mix(light, dark, stripe) * (0.9 + 0.15 * fur);
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
