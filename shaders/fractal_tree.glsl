// name: fractal_tree
// family: fractal
// author: procvision
// licence: MIT
// description: Recursive branching tree (symmetric-fold binary tree) with swaying branches and leaf clusters, standing on ground under a sky that ranges over clear day, dusk, overcast, moonlit and fantastic colours, from a small distant tree to one filling the frame, bare or in leaf or blossom.
// params: iSeed.x branch angle, iSeed.y length ratio, iSeed.z season (bare, spring, summer, autumn, blossom, fantastic), iSeed.w trunk width and leaf size; pv_seed(1) tree position, pv_seed(2) sky kind, pv_seed(3) leaf or sky hue, pv_seed(4) ground colour, pv_seed(5) tree size, pv_seed(6) horizon height, pv_seed(7) hills, pv_seed(8) lean, pv_seed(9) sun or moon place, pv_seed(10) sky brightness

#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = fragCoord / iResolution.y;
    float aspect = iResolution.x / iResolution.y;
    float horizon = mix(0.04, 0.42, pv_seed(6));
    // sky: clear day, dusk, overcast, moonlit or a fantastic seed hue
    float sk = pv_seed(2);
    float sb = mix(0.75, 1.1, pv_seed(10));
    vec3 top, low;
    if (sk < 0.3) { top = vec3(0.25, 0.5, 0.92); low = vec3(0.78, 0.88, 0.97); }
    else if (sk < 0.5) { top = vec3(0.22, 0.18, 0.45); low = vec3(1.0, 0.55, 0.25); }
    else if (sk < 0.65) { top = vec3(0.55, 0.57, 0.6); low = vec3(0.82, 0.82, 0.8); }
    else if (sk < 0.8) { top = vec3(0.06, 0.1, 0.25); low = vec3(0.3, 0.36, 0.55); }
    else { top = pv_hsv2rgb(vec3(pv_seed(3), 0.6, 0.55)); low = pv_hsv2rgb(vec3(fract(pv_seed(3) + 0.12), 0.35, 0.95)); }
    top *= sb; low *= sb;
    vec3 col = mix(low, top, smoothstep(horizon, 1.0, uv.y));
    // sun or moon
    vec2 sun = vec2(aspect * pv_seed(9), mix(horizon + 0.1, 0.9, fract(pv_seed(9) * 7.3)));
    float sd = length(uv - sun);
    vec3 sunc = sk < 0.5 ? vec3(1.0, 0.9, 0.7) : vec3(0.95, 0.95, 1.0);
    col += sunc * (smoothstep(0.055, 0.045, sd) * 0.8 + 0.25 * exp(-sd * 6.0)) * (sk > 0.5 && sk < 0.65 ? 0.2 : 1.0);
    // lighting of the scene follows the sky: dusk and moonlight make silhouettes
    float lit = sk < 0.3 ? 1.0 : (sk < 0.5 ? 0.35 : (sk < 0.65 ? 0.8 : (sk < 0.8 ? 0.3 : 0.9)));
    // ground with low hills
    float hp = uv.x * mix(4.0, 9.0, pv_seed(7)) + 20.0 * pv_seed(7);
    float hill = horizon + mix(0.0, 0.06, pv_seed(7)) * (sin(hp) + 0.5 * sin(2.3 * hp + 1.0));
    float gk = pv_seed(4);
    vec3 ground = gk < 0.35 ? vec3(0.3, 0.5, 0.18) : (gk < 0.55 ? vec3(0.7, 0.6, 0.35) : (gk < 0.7 ? vec3(0.92, 0.94, 0.97) : (gk < 0.85 ? vec3(0.3, 0.22, 0.15) : pv_hsv2rgb(vec3(pv_seed(11), 0.4, 0.6)))));
    ground *= lit;
    col = mix(col, ground * (0.75 + 0.25 * smoothstep(0.0, horizon, uv.y)), smoothstep(0.003, -0.003, uv.y - hill));
    // tree: position, size and lean from the seed
    float size = mix(0.55, 1.5, pv_seed(5));
    vec2 p = (uv - vec2(aspect * mix(0.15, 0.85, pv_seed(1)), horizon - 0.02)) / size;
    p = pv_rot2(0.25 * (pv_seed(8) - 0.5)) * p;
    float L = 0.2;
    float ang = mix(0.25, 0.8, iSeed.x) + 0.06 * sin(iTime * 0.8);
    float ratio = mix(0.62, 0.8, iSeed.y);
    float w = mix(0.04, 0.11, iSeed.w) * L;
    mat2 rot = pv_rot2(ang);
    float s = 1.0;
    float wood = pv_sdSegment(p, vec2(0.0), vec2(0.0, L)) - w;
    float leaf = 1e3;
    float lsize = mix(0.5, 1.4, iSeed.w) * L;
    // each level: move to the branch tip, mirror (both children at once), turn, shrink
    for (int i = 0; i < 8; i++) {
        p.y -= L;
        p.x = abs(p.x);
        p = rot * p;
        p /= ratio;
        s *= ratio;
        float taper = mix(1.0, 0.6, float(i) / 8.0);
        wood = min(wood, (pv_sdSegment(p, vec2(0.0), vec2(0.0, L)) - w * taper) * s);
        if (i >= 4) leaf = min(leaf, (length(p - vec2(0.0, L)) - lsize) * s);
    }
    wood *= size; leaf *= size;
    int season = int(iSeed.z * 5.99);
    vec3 leafc = season == 1 ? vec3(0.5, 0.78, 0.25) : (season == 2 ? vec3(0.15, 0.4, 0.12)
               : (season == 3 ? vec3(0.95, 0.42, 0.08) : (season == 4 ? vec3(1.0, 0.78, 0.88) : pv_hsv2rgb(vec3(pv_seed(3), 0.7, 0.85)))));
    float px = 1.0 / iResolution.y;
    if (season != 0) col = mix(col, leafc * lit * (0.6 + 0.4 * smoothstep(0.0, -0.03, leaf)), smoothstep(px, -px, leaf) * 0.92);
    col = mix(col, vec3(0.25, 0.16, 0.09) * lit, smoothstep(px, -px, wood));
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
