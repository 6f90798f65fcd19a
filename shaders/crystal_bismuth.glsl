// name: crystal_bismuth
// family: crystal
// author: procvision
// licence: MIT
// description: Bismuth hopper crystals: stepped square spirals of terraces growing out of each other, coated in an oxide film whose thickness shows as rainbow interference colours.
// params: iSeed.x crystal count, iSeed.y terrace width, iSeed.z film thickness, iSeed.w rotation spread

#include "hash.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    int n = 2 + int(iSeed.x * 4.99);
    float step_ = mix(0.015, 0.04, iSeed.y);
    vec3 col = vec3(0.12, 0.12, 0.13);
    float bestH = -1.0;
    for (int i = 0; i < 6; i++) {
        if (i >= n) break;
        vec2 c = (pv_seed2(10 + i) - 0.5) * 0.9;
        float size = mix(0.15, 0.4, pv_seed(20 + i));
        vec2 q = pv_rot2(iSeed.w * 3.14 * (pv_seed(30 + i) - 0.5)) * (uv - c);
        float cheb = max(abs(q.x), abs(q.y));
        if (cheb > size) continue;
        // hopper: height rises towards the rim in terraces, hollow in the middle
        float level = floor(cheb / step_);
        float h = level * step_ + 0.1 * float(i);
        if (h > bestH) {
            bestH = h;
            float f = fract(cheb / step_);
            float edge = smoothstep(0.0, 0.15, f) * smoothstep(1.0, 0.85, f);
            float film = level * mix(0.05, 0.2, iSeed.z) + pv_seed(40 + i) + 0.05 * iTime;
            vec3 irid = 0.5 + 0.5 * cos(6.2831853 * (film + vec3(0.0, 0.33, 0.67)));
            float facing = abs(q.x) > abs(q.y) ? 0.9 : 0.7;
            col = irid * facing * (0.55 + 0.45 * edge) + 0.15 * (1.0 - edge);
        }
    }
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
