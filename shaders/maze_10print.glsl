// name: maze_10print
// family: maze
// author: procvision
// licence: MIT
// description: Diagonal-slash maze (the classic one-line BASIC pattern) or an orthogonal grid maze, crisp lines on a flat ground.
// params: iSeed.x cell count, iSeed.y line width, iSeed.z diagonal vs orthogonal, iSeed.w colours

#include "hash.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = fragCoord / iResolution.y;
    float n = mix(5.0, 16.0, iSeed.x);
    vec2 p = uv * n + floor(40.0 * pv_seed2(1)) + vec2(0.0, floor(iTime * 0.5));
    ivec2 c = ivec2(floor(p));
    vec2 f = fract(p);
    float r = pv_ihash12(c);
    float d;
    if (iSeed.z < 0.55) {
        // One diagonal per cell.
        float s = r < 0.5 ? f.x - f.y : f.x + f.y - 1.0;
        d = abs(s) * 0.70710678;
    } else {
        // Orthogonal walls: each cell owns either its left or its bottom wall;
        // the right and top neighbours' walls also border this cell.
        float rR = pv_ihash12(c + ivec2(1, 0)), rU = pv_ihash12(c + ivec2(0, 1));
        d = 1e3;
        if (r < 0.5) d = min(d, f.x); else d = min(d, f.y);
        if (rR < 0.5) d = min(d, 1.0 - f.x);
        if (rU >= 0.5) d = min(d, 1.0 - f.y);
    }
    float w = mix(0.04, 0.2, iSeed.y);
    float px = n / iResolution.y;
    float line = smoothstep(w + px, w - px, d);
    vec3 c0 = pv_duotone(0.0, 50), c1 = pv_duotone(1.0, 50);
    if (pv_seed(2) < 0.5) { vec3 t = c0; c0 = c1; c1 = t; }
    vec3 col = mix(c0, c1, line);
    if (pv_seed(3) < 0.3) col *= 0.85 + 0.3 * pv_ihash12(c + ivec2(3, 3));
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
