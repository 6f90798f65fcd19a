// name: map_streets
// family: map
// author: procvision
// licence: MIT
// description: A city street map: districts with differently rotated street grids, wide avenues, building blocks, parks and a river, in a map, blueprint or night style.
// params: iSeed.x block size, iSeed.y map style, iSeed.z district size, iSeed.w park and river amount

#include "hash.glsl"
#include "noise.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    uv = uv * mix(0.8, 1.4, pv_seed(1)) + vec2(0.02 * iTime, 0.015 * iTime);
    // districts: voronoi cells, each with its own grid angle
    vec4 dv = pv_voronoi_edge(uv * mix(1.5, 4.0, iSeed.z) + 9.0 * pv_seed2(2), 0.8);
    float ang = 1.5708 * dv.y;
    vec2 q = pv_rot2(ang) * uv;
    float bs = mix(0.035, 0.09, iSeed.x);
    vec2 g = q / bs;
    vec2 f = abs(fract(g) - 0.5);
    float street = 0.5 - max(f.x, f.y);
    ivec2 bc = ivec2(floor(g));
    float px = 1.0 / (iResolution.y * bs);
    float sw = 0.06;
    float avenue = abs(fract(g.x / 5.0 + 0.5) - 0.5) * 5.0;
    float border = dv.x;
    int style = int(iSeed.y * 2.99);
    vec3 land, block, road, water, park, major;
    if (style == 0) { land = vec3(0.93, 0.92, 0.89); block = vec3(0.86, 0.84, 0.82); road = vec3(1.0); water = vec3(0.62, 0.78, 0.9); park = vec3(0.72, 0.86, 0.65); major = vec3(0.98, 0.8, 0.4); }
    else if (style == 1) { land = vec3(0.1, 0.25, 0.55); block = vec3(0.12, 0.3, 0.62); road = vec3(0.8, 0.9, 1.0); water = vec3(0.05, 0.15, 0.4); park = vec3(0.15, 0.35, 0.6); major = vec3(1.0); }
    else { land = vec3(0.06, 0.07, 0.09); block = vec3(0.11, 0.12, 0.15); road = vec3(0.3, 0.32, 0.36); water = vec3(0.02, 0.03, 0.06); park = vec3(0.07, 0.14, 0.09); major = vec3(0.95, 0.6, 0.2); }
    float amount = iSeed.w;
    bool isPark = pv_ihash12(bc + ivec2(int(dv.y * 100.0))) < 0.1 * amount + 0.03;
    vec3 col = isPark ? park : block;
    col = mix(col, road, smoothstep(sw + px, sw, street));
    col = mix(col, major, smoothstep(0.12 + px, 0.12, avenue) * 0.9);
    col = mix(col, major, smoothstep(0.012, 0.006, border));
    // river
    float rv = pv_gfbm(uv * 0.9 + 3.0 * pv_seed2(4), 4);
    float rw = mix(0.01, 0.035, amount);
    col = mix(col, land, smoothstep(rw + 0.012, rw + 0.008, abs(rv)));
    col = mix(col, water, smoothstep(rw + 0.005, rw, abs(rv)));
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
