// name: paper_crumpled
// family: paper
// author: procvision
// licence: MIT
// description: Crumpled then flattened paper: a network of sharp creases of random length and direction with flat facets between, lit at a grazing angle, with paper fibre and print faintly showing.
// params: iSeed.x crease density, iSeed.y crumple strength, iSeed.z paper tint, iSeed.w printed lines

#include "hash.glsl"
#include "noise.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    float sc = mix(3.0, 9.0, iSeed.x);
    // facets: voronoi cells at two scales, each tilted by a random normal
    vec4 a = pv_voronoi_edge(uv * sc + 3.0 * pv_seed2(1), 1.0);
    vec4 b = pv_voronoi_edge(uv * sc * 2.3 + 7.0, 1.0);
    vec2 na = pv_hash22(vec2(a.y * 113.0, 1.0)) - 0.5;
    vec2 nb = pv_hash22(vec2(b.y * 71.0, 2.0)) - 0.5;
    float str = mix(0.3, 1.0, iSeed.y);
    vec3 n = normalize(vec3((na + 0.5 * nb) * str, 1.0));
    vec3 L = normalize(vec3(cos(0.3 * iTime + 1.0), sin(0.3 * iTime + 1.0), 0.6));
    float sh = clamp(dot(n, L), 0.0, 1.0);
    vec3 paper = mix(vec3(0.96, 0.95, 0.92), pv_hsv2rgb(vec3(iSeed.z, 0.25, 0.95)), step(0.5, iSeed.z));
    vec3 col = paper * (0.45 + 0.6 * sh) * (0.95 + 0.05 * pv_vnoise(uv * 150.0));
    col *= 1.0 - 0.25 * smoothstep(0.02, 0.0, a.x) - 0.12 * smoothstep(0.02, 0.0, b.x);
    // ruled lines printed on the sheet, bent slightly by the crumple
    if (iSeed.w > 0.4) {
        float y = uv.y + 0.01 * dot(na, vec2(1.0, 0.5));
        float ln = abs(fract(y * 14.0) - 0.5) / 14.0;
        col = mix(col, vec3(0.45, 0.6, 0.85), smoothstep(0.0025, 0.0, ln) * 0.7);
    }
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
