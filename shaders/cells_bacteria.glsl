// name: cells_bacteria
// family: cells
// author: procvision
// licence: MIT
// description: A bacterial colony under the microscope: rod-shaped cells (capsules) of varied length packed in aligned patches, some dividing, stained or in phase contrast, slowly jostling.
// params: iSeed.x cell size, iSeed.y packing density, iSeed.z stain, iSeed.w alignment

#include "hash.glsl"
#include "noise.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    float sc = mix(8.0, 20.0, iSeed.x);  // cells per image height
    float dens = mix(0.4, 0.95, iSeed.y);
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    vec2 p = uv * sc;
    ivec2 ip = ivec2(floor(p));
    float best = 1e3;
    float bestLen = 0.0;
    vec2 bestQ = vec2(0.0);
    for (int j = -1; j <= 1; j++) {
        for (int i = -1; i <= 1; i++) {
            ivec2 c = ip + ivec2(i, j);
            if (pv_ihash12(c + ivec2(9, 9)) > dens) continue;
            vec2 h = pv_ihash22(c);
            vec2 ctr = vec2(c) + 0.5 + 0.3 * (h - 0.5) + 0.05 * vec2(sin(iTime + 6.28 * h.x), cos(0.8 * iTime + 6.28 * h.y));
            // orientation from a smooth field (aligned patches) mixed with per-cell randomness
            float ang = mix(6.28 * pv_ihash12(c + ivec2(4, 1)), 6.2831853 * pv_vnoise(vec2(c) * 0.15 + 7.0 * pv_seed(1)), iSeed.w);
            vec2 dir = vec2(cos(ang), sin(ang));
            float len = mix(0.2, 0.55, pv_ihash12(c + ivec2(2, 7)));
            float d = pv_sdSegment(p, ctr - dir * len, ctr + dir * len) - 0.17;
            if (d < best) { best = d; bestLen = len; bestQ = vec2(dot(p - ctr, dir), dot(p - ctr, vec2(-dir.y, dir.x))); }
        }
    }
    float px = 1.5 * sc / iResolution.y;
    float inside = smoothstep(px, -px, best);
    float septum = bestLen > 0.45 ? smoothstep(0.04, 0.0, abs(bestQ.x)) : 0.0;  // dividing cells
    int stain = int(iSeed.z * 2.99);
    vec3 col;
    if (stain == 0) {  // Gram-like violet on pale ground
        col = mix(vec3(0.93, 0.9, 0.92), vec3(0.45, 0.2, 0.6) * (0.8 + 0.3 * smoothstep(0.0, -0.15, best)), inside);
    } else if (stain == 1) {  // fluorescence
        col = vec3(0.1, 0.9, 0.35) * inside * (0.5 + 0.5 * smoothstep(0.0, -0.15, best)) + 0.02;
    } else {  // phase contrast: dark cells with a bright halo
        col = vec3(0.55) - 0.35 * inside + 0.25 * smoothstep(0.08, 0.0, best) * (1.0 - inside);
    }
    col = mix(col, col * 0.5, septum * inside);
    col += 0.03 * pv_vnoise(uv * 150.0);
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
