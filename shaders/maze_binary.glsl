// name: maze_binary
// family: maze
// author: procvision
// licence: MIT
// description: A perfect maze carved by the binary-tree rule (each cell opens north or east), drawn as raised walls with cast shadows, a solver's trail creeping along the corridors.
// params: iSeed.x cell size, iSeed.y wall thickness, iSeed.z palette, iSeed.w bias between north and east

#include "hash.glsl"
#include "sdf.glsl"
#include "palette.glsl"

// Open passages of cell c: x = east, y = north.
bvec2 openings(ivec2 c, float bias) {
    bool east = pv_ihash12(c) < bias;
    return bvec2(east, !east);
}

float wallDist(vec2 p, float bias) {
    ivec2 c = ivec2(floor(p));
    vec2 f = fract(p);
    bvec2 o = openings(c, bias);
    bvec2 ow = openings(c - ivec2(1, 0), bias);
    bvec2 os = openings(c - ivec2(0, 1), bias);
    float d = 1e3;
    if (!o.x) d = min(d, 1.0 - f.x);
    if (!o.y) d = min(d, 1.0 - f.y);
    if (!ow.x) d = min(d, f.x);
    if (!os.y) d = min(d, f.y);
    // posts at the corners
    vec2 cr = min(f, 1.0 - f);
    d = min(d, length(cr));
    return d;
}

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = fragCoord / iResolution.y;
    float n = mix(6.0, 20.0, iSeed.x);
    vec2 p = uv * n + 40.0 * pv_seed2(1);
    float bias = mix(0.3, 0.7, iSeed.w);
    float w = mix(0.06, 0.22, iSeed.y);
    float d = wallDist(p, bias) - w;
    float ds = wallDist(p - vec2(0.12, -0.12), bias) - w;
    vec3 floorc = pv_seedpal(fract(0.2 + iSeed.z), 3) * 0.5 + 0.4;
    vec3 wallc = pv_seedpal(fract(0.7 + iSeed.z), 3) * 0.7;
    vec3 col = floorc * (1.0 - 0.35 * smoothstep(0.02, -0.02, ds));
    // trail: a band of marked cells sweeping diagonally across the maze
    ivec2 c = ivec2(floor(p));
    float lit = step(fract(float(c.x + c.y) * 0.04 - iTime * 0.15), 0.25) * step(length(fract(p) - 0.5), 0.18);
    col = mix(col, pv_hsv2rgb(vec3(fract(iSeed.z + 0.5), 0.8, 1.0)), lit * 0.8);
    float px = n / iResolution.y;
    col = mix(col, wallc * (1.0 + 0.4 * smoothstep(-w, 0.0, d)), smoothstep(px, -px, d));
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
