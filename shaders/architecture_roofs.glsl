// name: architecture_roofs
// family: architecture
// author: procvision
// licence: MIT
// description: Roof coverings close up: overlapping clay pantiles, fish-scale slates or corrugated sheet, in courses with shadows under each overlap, weathered by lichen patches.
// params: iSeed.x course size, iSeed.y material, iSeed.z colour, iSeed.w weathering

#include "hash.glsl"
#include "noise.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = fragCoord / iResolution.y;
    uv = pv_rot2(0.3 * (pv_seed(1) - 0.5)) * uv + vec2(0.0, 0.02 * iTime);
    float n = mix(5.0, 14.0, iSeed.x);
    vec2 p = uv * n;
    float row = floor(p.y);
    int kind = int(iSeed.y * 2.99);
    float shade, id;
    if (kind == 0) {  // pantiles: S-shaped profile across each tile, overlapping the course below
        float x = p.x + 0.5 * mod(row, 2.0) * 0.0;
        float prof = sin(6.2831853 * x);
        float fy = fract(p.y);
        shade = 0.6 + 0.4 * prof;
        shade *= 0.55 + 0.45 * smoothstep(0.0, 0.25, fy);
        id = pv_hash12(vec2(floor(x), row));
    } else if (kind == 1) {  // fish-scale slates in staggered courses
        float x = p.x + 0.5 * mod(row, 2.0);
        vec2 f = vec2(fract(x) - 0.5, fract(p.y));
        float d = length(f - vec2(0.0, 0.9)) - 0.95;
        shade = 0.8 + 0.2 * f.y;
        if (d > 0.0) {  // below this scale's round end: the course underneath shows
            shade = 0.55;
            x = p.x + 0.5 * mod(row + 1.0, 2.0);
        }
        shade *= 1.0 - 0.4 * smoothstep(0.05, 0.0, abs(d));
        id = pv_hash12(vec2(floor(x), row));
    } else {  // corrugated sheet in long panels
        float prof = sin(6.2831853 * p.x * 2.0);
        shade = 0.65 + 0.35 * prof;
        shade *= 0.8 + 0.2 * step(0.04, fract(p.y / 3.0));
        id = pv_hash12(vec2(floor(p.x / 4.0), floor(p.y / 3.0)));
    }
    vec3 base = kind == 0 ? pv_hsv2rgb(vec3(mix(0.0, 0.08, iSeed.z), 0.7, 0.75))
              : (kind == 1 ? pv_hsv2rgb(vec3(mix(0.55, 0.7, iSeed.z), 0.15, 0.45)) : pv_hsv2rgb(vec3(iSeed.z, 0.3, 0.65)));
    vec3 col = base * shade * (0.85 + 0.3 * id);
    float lichen = smoothstep(0.55, 0.75, pv_fbm(uv * 6.0 + 3.0 * pv_seed(2), 4)) * iSeed.w;
    col = mix(col, mix(vec3(0.7, 0.75, 0.4), vec3(0.85, 0.8, 0.6), pv_vnoise(uv * 90.0)), lichen * 0.8);
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
