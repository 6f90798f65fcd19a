// name: voronoi_stained_glass
// family: voronoi
// author: procvision
// licence: MIT
// description: Stained-glass window: voronoi cells in seeded palette colours, dark lead borders and glass mottling.
// params: iSeed.x cell count, iSeed.y lead width, iSeed.z cell regularity, iSeed.w palette

#include "noise.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = fragCoord / iResolution.y;
    float scale = mix(3.0, 14.0, iSeed.x);
    vec2 p = uv * scale + 40.0 * pv_seed2(1) + vec2(0.0, 0.05 * iTime);
    vec4 v = pv_voronoi_edge(p, mix(0.4, 1.0, iSeed.z));
    vec3 glass = pv_seedpal(v.y + iSeed.w, 20);
    float mottle = pv_vnoise(p * 6.0 + v.y * 30.0);
    glass *= 0.75 + 0.45 * mottle;
    // Light through the glass is brighter near the cell centre.
    glass *= 1.1 - 0.5 * smoothstep(0.0, 0.9, v.z);
    float lead = mix(0.02, 0.12, iSeed.y);
    float edge = smoothstep(lead, lead + 0.03, v.x);
    vec3 col = mix(vec3(0.04, 0.035, 0.03), glass, edge);
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
