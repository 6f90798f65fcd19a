// name: terrain_fields
// family: terrain
// author: procvision
// licence: MIT
// description: Farmland from above: irregular parcels of crops ploughed in rows of different directions, hedges and tracks between them, and a winding river.
// params: iSeed.x parcel size, iSeed.y season palette, iSeed.z river width, iSeed.w row spacing

#include "hash.glsl"
#include "noise.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    uv = pv_rot2(6.28 * pv_seed(1)) * uv + vec2(0.03 * iTime, 0.01 * iTime);
    float sc = mix(3.0, 9.0, iSeed.x);
    vec2 p = uv * sc;
    p += 0.25 * vec2(pv_gfbm(uv * 2.0, 3), pv_gfbm(uv * 2.0 + 4.0, 3));
    // parcels: a grid whose cells are split once more along x or y
    ivec2 c = ivec2(floor(p));
    vec2 f = fract(p);
    float split = 0.3 + 0.4 * pv_ihash12(c);
    bool sx = pv_ihash12(c + ivec2(5, 5)) < 0.5;
    float side = sx ? step(split, f.x) : step(split, f.y);
    vec2 id = vec2(c) + side * 0.5 * (sx ? vec2(1, 0) : vec2(0, 1));
    float edge = min(min(f.x, 1.0 - f.x), min(f.y, 1.0 - f.y));
    edge = min(edge, abs((sx ? f.x : f.y) - split));
    float h = pv_hash12(id + 0.37);
    float season = iSeed.y;
    vec3 crop = pv_cospal(h, vec3(0.45, 0.5, 0.25), vec3(0.25, 0.2, 0.12), vec3(1.0, 0.9, 0.8), vec3(season, season + 0.1, 0.3));
    if (h > 0.85) crop = vec3(0.45, 0.33, 0.22);  // bare ploughed soil
    float dir = 3.14159 * pv_hash12(id + 0.91);
    float rows = mix(25.0, 90.0, iSeed.w);
    float stripe = 0.5 + 0.5 * sin(dot(uv, vec2(cos(dir), sin(dir))) * rows * 6.28);
    vec3 col = crop * (0.8 + 0.2 * stripe) * (0.9 + 0.2 * pv_vnoise(uv * 30.0));
    // hedges and tracks
    vec3 hedge = vec3(0.12, 0.22, 0.08);
    col = mix(col, hedge, smoothstep(0.035, 0.015, edge) * step(0.3, pv_hash12(id)));
    col = mix(col, vec3(0.75, 0.7, 0.6), smoothstep(0.015, 0.0, edge));
    // river: zero set of a slow noise
    float rv = pv_gfbm(uv * 0.8 + 10.0 * pv_seed2(2), 4);
    float w = mix(0.008, 0.03, iSeed.z);
    col = mix(col, vec3(0.15, 0.18, 0.1), smoothstep(w * 2.0, w * 1.4, abs(rv)));
    col = mix(col, vec3(0.18, 0.32, 0.4), smoothstep(w * 1.1, w * 0.9, abs(rv)));
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
