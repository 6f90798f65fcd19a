// name: organic_wings
// family: organic
// author: procvision
// licence: MIT
// description: An insect wing membrane close up: long veins running out from the base, cross-veins and a fine polygonal cell mesh between, iridescent film and darker pterostigma spot.
// params: iSeed.x cell size, iSeed.y vein count, iSeed.z iridescence, iSeed.w backdrop

#include "hash.glsl"
#include "noise.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - vec2(0.0, 0.5 * iResolution.y)) / iResolution.y;
    uv = pv_rot2(0.2 * (pv_seed(1) - 0.5) + 0.03 * sin(2.0 * iTime)) * uv;
    // wing outline: an ellipse-like blade from the base at the left
    vec2 w = (uv - vec2(0.55, 0.0)) / vec2(0.55, 0.22);
    float blade = length(w) - 1.0;
    // longitudinal veins: lines fanning from the base
    float fan = pv_atan2(uv.y, uv.x + 0.1);
    float nv = mix(5.0, 12.0, iSeed.y);
    float lv = abs(fract(fan / 0.6 * nv + 0.5) - 0.5) / nv * length(uv + vec2(0.1, 0.0)) * 10.0;
    vec4 cells = pv_voronoi_edge(uv * mix(18.0, 40.0, iSeed.x) * vec2(0.6, 1.0), 0.8);
    vec3 film = pv_hsv2rgb(vec3(fract(cells.y * 0.2 + uv.x * 2.0 + 0.2 * iTime), 0.5, 1.0));
    vec3 mem = mix(vec3(0.85, 0.88, 0.9), film, mix(0.1, 0.7, iSeed.z));
    vec3 bg = iSeed.w > 0.5 ? vec3(0.05, 0.06, 0.08) : mix(vec3(0.35, 0.5, 0.3), vec3(0.6, 0.7, 0.5), pv_fbm(uv * 3.0, 3));
    vec3 col = bg;
    if (blade < 0.0) {
        col = mix(bg, mem, 0.55);
        col = mix(col, vec3(0.1, 0.08, 0.06), smoothstep(0.04, 0.0, cells.x) * 0.8);
        col = mix(col, vec3(0.08, 0.06, 0.04), smoothstep(0.012, 0.004, lv));
        float stig = length((uv - vec2(0.85, 0.12)) / vec2(0.06, 0.025));
        col = mix(col, vec3(0.15, 0.08, 0.05), smoothstep(1.0, 0.8, stig));
    }
    col = mix(col, vec3(0.08, 0.06, 0.04), smoothstep(0.03, 0.0, abs(blade)));
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
