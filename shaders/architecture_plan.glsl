// name: architecture_plan
// family: architecture
// author: procvision
// licence: MIT
// description: An architectural floor plan: rooms from recursive splits of the footprint, thick walls, door openings with swing arcs, windows in the outer wall, hatching and dimension ticks, on white or blueprint.
// params: iSeed.x split depth, iSeed.y wall thickness, iSeed.z drawing style, iSeed.w door count

#include "hash.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = fragCoord / iResolution.y;
    vec2 p = (uv - 0.5) * 1.15 + 0.5 + 0.01 * vec2(sin(0.2 * iTime), cos(0.2 * iTime));
    float wt = mix(0.006, 0.014, iSeed.y);
    bool blue = iSeed.z > 0.5;
    vec3 paper = blue ? vec3(0.08, 0.22, 0.5) : vec3(0.97, 0.97, 0.95);
    vec3 ink = blue ? vec3(0.9, 0.95, 1.0) : vec3(0.1);
    vec3 col = paper;
    if (blue) col += 0.03 * step(0.96, max(fract(uv.x * 40.0), fract(uv.y * 40.0)));
    vec2 lo = vec2(0.1), hi = vec2(0.9);
    float d = 1e3;  // distance to interior walls
    float doorD = 1e3;
    int depth = 2 + int(iSeed.x * 3.0);
    float salt = floor(iTime / 5.0);  // a new plan every five seconds
    for (int k = 0; k < 5; k++) {
        if (k >= depth) break;
        vec2 size = hi - lo;
        bool vertical = size.x > size.y;
        float h = pv_hash13(vec3(lo * 37.0 + hi * 11.0, salt + pv_seed(1) * 50.0));
        float cut = mix(0.35, 0.65, h);
        float pos = vertical ? mix(lo.x, hi.x, cut) : mix(lo.y, hi.y, cut);
        // the wall along the cut, with a door gap somewhere along it
        float along = vertical ? p.y : p.x;
        float a0 = vertical ? lo.y : lo.x, a1 = vertical ? hi.y : hi.x;
        float door = mix(a0 + 0.06, a1 - 0.06, fract(h * 7.3));
        float dw = abs((vertical ? p.x : p.y) - pos);
        bool gap = abs(along - door) < 0.035 && pv_seed(2 + k) < 0.4 + 0.6 * iSeed.w;
        if (along > a0 && along < a1 && !gap) d = min(d, dw);
        if (gap) {
            vec2 hinge = vertical ? vec2(pos, door - 0.035) : vec2(door - 0.035, pos);
            doorD = min(doorD, abs(length(p - hinge) - 0.07));
            doorD = max(doorD, -min(p.x - hinge.x, p.y - hinge.y) * 1.0);
        }
        // descend into the part holding the pixel
        float side = vertical ? p.x : p.y;
        if (side < pos) { if (vertical) hi.x = pos; else hi.y = pos; }
        else { if (vertical) lo.x = pos; else lo.y = pos; }
    }
    float outer = abs(pv_sdBox2(p - 0.5, vec2(0.4)));
    float px = 1.0 / iResolution.y;
    // windows: gaps in the outer wall drawn as double thin lines
    float win = step(0.5, fract((p.x + p.y) * 6.0)) * step(abs(fract((p.x + p.y) * 6.0) - 0.75), 0.15);
    float wallMask = smoothstep(wt * 1.6 + px, wt * 1.6, outer);
    col = mix(col, ink, wallMask * (1.0 - win));
    col = mix(col, ink, win * smoothstep(px, 0.0, abs(outer - wt)) );
    col = mix(col, ink, smoothstep(wt + px, wt, d));
    col = mix(col, ink, smoothstep(px * 1.2, 0.0, doorD) * 0.8);
    // hatch one room (the pixel's leaf) as a wet room sometimes
    if (pv_hash13(vec3(lo * 19.0, salt)) < 0.2 && outer > wt && pv_sdBox2(p - 0.5, vec2(0.4)) < 0.0)
        col = mix(col, ink, 0.35 * step(0.8, fract((p.x - p.y) * 80.0)));
    // dimension line under the plan
    float dim = abs(p.y - 0.05);
    col = mix(col, ink, smoothstep(px, 0.0, dim) * step(0.1, p.x) * step(p.x, 0.9));
    col = mix(col, ink, smoothstep(px, 0.0, min(abs(p.x - 0.1), abs(p.x - 0.9))) * step(abs(p.y - 0.05), 0.015));
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
