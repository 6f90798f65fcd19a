// name: cells_tissue
// family: cells
// author: procvision
// licence: MIT
// description: A sheet of packed epithelial or plant cells: polygonal cells with thick walls, a nucleus in each, chloroplast-like granules, gently pulsing.
// params: iSeed.x cell size, iSeed.y elongation, iSeed.z palette (plant, animal, onion), iSeed.w wall thickness

#include "hash.glsl"
#include "noise.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    float sc = mix(4.0, 12.0, iSeed.x);
    vec2 stretch = vec2(1.0, mix(1.0, 3.0, iSeed.y));
    vec2 p = pv_rot2(6.28 * pv_seed(1)) * uv * sc * stretch;
    vec4 v = pv_voronoi_edge(p, 0.85);
    float wall = mix(0.03, 0.12, iSeed.w) * (1.0 + 0.2 * sin(iTime + 6.28 * v.y));
    int kind = int(iSeed.z * 2.99);
    vec3 inside, wallc, nucc, gran;
    if (kind == 0) { inside = vec3(0.75, 0.9, 0.6); wallc = vec3(0.25, 0.45, 0.15); nucc = vec3(0.5, 0.6, 0.3); gran = vec3(0.1, 0.5, 0.1); }
    else if (kind == 1) { inside = vec3(0.95, 0.8, 0.85); wallc = vec3(0.6, 0.3, 0.5); nucc = vec3(0.3, 0.15, 0.45); gran = vec3(0.8, 0.5, 0.7); }
    else { inside = vec3(0.9, 0.88, 0.8); wallc = vec3(0.45, 0.35, 0.25); nucc = vec3(0.55, 0.4, 0.3); gran = vec3(0.7, 0.6, 0.5); }
    vec3 col = inside * (0.9 + 0.1 * v.y);
    // nucleus near the cell's site (F1 small), granules along the wall
    vec2 h = pv_hash22(vec2(v.y * 97.0, 3.0));
    float nuc = smoothstep(0.2, 0.16, length(vec2(v.z, 0.0)) + 0.05 * h.x);
    col = mix(col, nucc, nuc);
    float g = step(0.7, pv_vnoise(p * 8.0 + iTime * 0.3)) * smoothstep(0.25, 0.1, v.x) * (kind == 0 ? 1.0 : 0.4);
    col = mix(col, gran, g);
    col = mix(wallc, col, smoothstep(wall, wall + 0.03, v.x));
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
