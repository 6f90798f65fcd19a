// name: fractal_tree
// family: fractal
// author: procvision
// licence: MIT
// description: Recursive branching tree (symmetric-fold binary tree) with swaying branches and leaf clusters, on sky and ground.
// params: iSeed.x branch angle, iSeed.y length ratio, iSeed.z season / palette, iSeed.w trunk width and leaf size

#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = fragCoord / iResolution.y;
    vec2 p = uv - vec2(0.5 * iResolution.x / iResolution.y + 0.2 * (pv_seed(1) - 0.5), 0.08);
    float L = 0.26;
    float ang = mix(0.25, 0.75, iSeed.x) + 0.06 * sin(iTime * 0.8);
    float ratio = mix(0.62, 0.8, iSeed.y);
    float w = mix(0.04, 0.1, iSeed.w) * L;
    mat2 rot = pv_rot2(ang);
    float s = 1.0;
    float wood = pv_sdSegment(p, vec2(0.0), vec2(0.0, L)) - w;
    float leaf = 1e3;
    // Each level: move to the branch tip, mirror (both children at once), turn, shrink.
    for (int i = 0; i < 8; i++) {
        p.y -= L;
        p.x = abs(p.x);
        p = rot * p;
        p /= ratio;
        s *= ratio;
        float taper = mix(1.0, 0.6, float(i) / 8.0);
        wood = min(wood, (pv_sdSegment(p, vec2(0.0), vec2(0.0, L)) - w * taper) * s);
        if (i >= 4) leaf = min(leaf, (length(p - vec2(0.0, L)) - mix(0.5, 1.3, iSeed.w) * L) * s);
    }
    int season = int(iSeed.z * 4.0);
    vec3 sky = mix(vec3(0.75, 0.85, 0.95), pv_hsv2rgb(vec3(pv_seed(2), 0.4, 0.95)), 0.5 * step(2.5, float(season)));
    vec3 leafc = season == 0 ? vec3(0.3, 0.6, 0.2) : (season == 1 ? vec3(0.9, 0.45, 0.1) : (season == 2 ? vec3(1.0, 0.75, 0.85) : pv_hsv2rgb(vec3(pv_seed(3), 0.7, 0.8))));
    vec3 col = mix(sky * 0.85, sky, uv.y);
    col = mix(col, vec3(0.3, 0.25, 0.15) * (0.7 + 0.3 * pv_seed(4)), step(uv.y, 0.08));
    float px = 1.0 / iResolution.y;
    col = mix(col, leafc * (0.6 + 0.4 * smoothstep(0.0, -0.03, leaf)), smoothstep(px, -px, leaf) * 0.9);
    col = mix(col, vec3(0.22, 0.14, 0.08), smoothstep(px, -px, wood));
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
