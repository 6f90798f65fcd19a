// name: marbling_drops
// family: marbling
// author: procvision
// licence: MIT
// description: Suminagashi paper marbling: ink drops laid one after another on water, each pushing the earlier rings outward (an exact area-preserving map), then dragged by a stylus stroke.
// params: iSeed.x drop count, iSeed.y drop cluster spread, iSeed.z ink colours, iSeed.w stylus drag

#include "hash.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 p = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    // undo the stylus stroke (a sideways drag that falls off with distance from its line)
    float drag = mix(0.0, 0.25, iSeed.w) * sin(0.4 * iTime);
    float ly = 0.4 * (pv_seed(1) - 0.5);
    p.x -= drag * 0.05 / (abs(p.y - ly) + 0.05);
    int n = 10 + int(iSeed.x * 30.0);
    int centres = 1 + int(3.0 * pv_seed(2));
    int hit = -1;
    // walk back through the drops, newest first: inside a drop -> its ink; else un-push the point
    for (int i = 39; i >= 0; i--) {
        if (i >= n) continue;
        vec2 c = (pv_seed2(10 + (i % centres)) - 0.5) * mix(0.2, 1.0, iSeed.y) + 0.08 * (pv_seed2(60 + i) - 0.5);
        float r = mix(0.05, 0.16, pv_seed(120 + i)) * (1.0 + 0.1 * sin(iTime + float(i)));
        vec2 d = p - c;
        float l2 = dot(d, d);
        if (l2 < r * r) { hit = i; break; }
        p = c + d * sqrt(max(1.0 - r * r / l2, 0.0));
    }
    vec3 paper = vec3(0.95, 0.93, 0.88);
    vec3 col = paper;
    if (hit >= 0) {
        int k = hit % 3;
        vec3 ink = k == 0 ? pv_hsv2rgb(vec3(iSeed.z, 0.7, 0.3)) : (k == 1 ? paper * 0.97 : pv_hsv2rgb(vec3(fract(iSeed.z + 0.5), 0.6, 0.55)));
        col = ink;
    }
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
