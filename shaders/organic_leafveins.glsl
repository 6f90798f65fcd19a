// name: organic_leafveins
// family: organic
// author: procvision
// licence: MIT
// description: A backlit leaf: midrib and pinnate secondary veins curving to the margin, a fine mesh of tertiary veinlets between, over a green or autumn lamina.
// params: iSeed.x vein count, iSeed.y vein angle, iSeed.z season colour, iSeed.w zoom

#include "hash.glsl"
#include "noise.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    float zoom = mix(0.6, 1.6, iSeed.w);
    uv = pv_rot2(0.6 * (pv_seed(1) - 0.5) + 0.05 * sin(0.5 * iTime)) * uv * zoom;
    float midW = 0.012 * zoom;
    float mid = abs(uv.x + 0.03 * sin(uv.y * 3.0));
    // secondary veins: lines y = |x| * slope + k * spacing, curving upward towards the margin
    float n = mix(5.0, 14.0, iSeed.x);
    float slope = mix(0.4, 1.4, iSeed.y);
    float ax = abs(uv.x);
    float s = (uv.y - slope * ax - 0.4 * ax * ax) * n;
    float sec = abs(fract(s) - 0.5) / n / sqrt(1.0 + slope * slope);
    float secW = 0.006 * zoom * (1.0 - 0.6 * smoothstep(0.0, 0.5, ax));
    vec4 ter = pv_voronoi_edge(uv * 28.0, 0.9);
    float leaf = 1.0;
    vec3 lam = pv_cospal(iSeed.z, vec3(0.45, 0.5, 0.15), vec3(0.3, 0.25, 0.1), vec3(1.0, 0.8, 0.6), vec3(0.3, 0.2, 0.6));
    lam = mix(lam, vec3(0.3, 0.6, 0.15), step(0.5, iSeed.z));
    vec3 col = lam * (0.75 + 0.35 * pv_fbm(uv * 10.0, 4));
    col = mix(col, lam * 1.3 + 0.05, smoothstep(0.025, 0.0, ter.x) * 0.6);
    col = mix(col, lam * 1.5 + 0.15, smoothstep(secW + 0.003, secW, sec));
    col = mix(col, lam * 1.6 + 0.25, smoothstep(midW + 0.003, midW, mid));
    col *= 0.8 + 0.2 * smoothstep(0.8, 0.0, length(uv));
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
