// name: growth_plants
// family: growth
// author: procvision
// licence: MIT
// description: A row of branching L-system-like plants swaying in the wind, with leaves or blossoms at the tips, against a sky gradient.
// params: iSeed.x branching angle, iSeed.y plant count, iSeed.z length ratio, iSeed.w palette; pv_seed per-plant shapes

#include "hash.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = fragCoord / iResolution.y;
    float ang = mix(0.25, 0.75, iSeed.x);
    float ratio = mix(0.62, 0.8, iSeed.z);
    int plants = 1 + int(iSeed.y * 4.99);
    float dWood = 1e3, dLeaf = 1e3;
    for (int k = 0; k < 5; k++) {
        if (k >= plants) break;
        vec2 base = vec2((float(k) + 0.5 + 0.6 * (pv_seed(10 + k) - 0.5)) / float(plants), 0.05);
        vec2 a = base;
        float dir = 1.5708 + 0.2 * (pv_seed(20 + k) - 0.5);
        float len = mix(0.14, 0.3, pv_seed(30 + k)) / (0.6 + 0.3 * float(plants) * 0.3);
        float w = 0.012;
        float asym = 0.3 * (pv_seed(40 + k) - 0.5);
        for (int d = 0; d < 8; d++) {
            float sway = 0.1 * sin(1.3 * iTime + float(k) + 0.7 * float(d)) * (0.3 + 0.2 * float(d));
            dir += sway;
            vec2 b = a + len * vec2(cos(dir), sin(dir));
            dWood = min(dWood, pv_sdSegment(uv, a, b) - w);
            // greedy descent: follow the child whose branch points towards the pixel
            float dl = dir + ang + asym, dr = dir - ang + asym;
            vec2 cl = b + 0.6 * len * vec2(cos(dl), sin(dl));
            vec2 cr = b + 0.6 * len * vec2(cos(dr), sin(dr));
            bool left = distance(uv, cl) < distance(uv, cr);
            // the other child still draws one segment so the fork is visible
            vec2 oc = left ? cr : cl;
            dWood = min(dWood, pv_sdSegment(uv, b, mix(b, oc, 1.0 / 0.6 * ratio)) - w * 0.75);
            dLeaf = min(dLeaf, length(uv - mix(b, oc, ratio / 0.6)) - 0.35 * len * ratio);
            dir = left ? dl : dr;
            a = b;
            len *= ratio;
            w *= 0.72;
        }
        dLeaf = min(dLeaf, length(uv - a) - 0.4 * len);
    }
    float px = 1.5 / iResolution.y;
    vec3 sky = mix(pv_seedpal(0.2, 3), pv_seedpal(0.7, 3), uv.y);
    sky = mix(sky, vec3(dot(sky, vec3(0.33))), 0.4);
    vec2 sun = vec2(fract(0.05 * iTime + pv_seed(7)), 0.45 + 0.4 * pv_seed(8));
    sky = mix(sky, vec3(1.0, 0.95, 0.8), smoothstep(0.09, 0.08, length(uv - sun)));
    vec3 wood = iSeed.w > 0.5 ? vec3(0.25, 0.16, 0.1) : vec3(0.05);
    vec3 leaf = iSeed.w > 0.5 ? pv_hsv2rgb(vec3(mix(0.22, 0.4, pv_seed(5)), 0.7, 0.6)) : pv_hsv2rgb(vec3(pv_seed(6), 0.5, 0.95));
    vec3 col = sky;
    col = mix(col, vec3(0.2, 0.14, 0.08), step(uv.y, 0.05));
    col = mix(col, leaf * (0.8 + 0.2 * sin(dLeaf * 300.0)), smoothstep(px, 0.0, dLeaf) * 0.9);
    col = mix(col, wood, smoothstep(px, 0.0, dWood));
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
