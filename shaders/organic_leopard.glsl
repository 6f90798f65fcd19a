// name: organic_leopard
// family: organic
// author: procvision
// licence: MIT
// description: Animal coat markings: leopard rosettes (broken dark rings around tawny centres), cheetah spots or giraffe patches, on fur with a lengthwise grain.
// params: iSeed.x spot scale, iSeed.y pattern kind, iSeed.z base colour, iSeed.w ring breakup

#include "hash.glsl"
#include "noise.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    float sc = mix(4.0, 11.0, iSeed.x);
    vec2 p = pv_rot2(6.28 * pv_seed(1)) * uv * sc + vec2(0.2 * iTime, 0.0);
    p += 0.15 * vec2(pv_gnoise(p * 1.3), pv_gnoise(p * 1.3 + 5.0));
    int kind = int(iSeed.y * 2.99);
    vec3 base = mix(vec3(0.85, 0.6, 0.3), vec3(0.9, 0.78, 0.55), iSeed.z);
    vec3 darkc = vec3(0.12, 0.08, 0.05);
    float fur = pv_vnoise(vec2(p.x * 40.0, p.y * 6.0));
    vec3 col = base * (0.85 + 0.2 * fur);
    if (kind == 0) {
        vec4 v = pv_voronoi(p, 0.8);
        float ring = abs(v.x - 0.32);
        float brk = mix(0.2, 0.6, iSeed.w);
        float a = pv_atan2(p.y - floor(p.y), p.x - floor(p.x));
        float gaps = step(brk, pv_vnoise(p * 4.0 + 3.0));
        col = mix(col, base * vec3(0.8, 0.6, 0.45), smoothstep(0.3, 0.2, v.x));
        col = mix(col, darkc, smoothstep(0.1, 0.06, ring) * gaps);
    } else if (kind == 1) {
        vec4 v = pv_voronoi(p * 1.6, 1.0);
        col = mix(col, darkc, smoothstep(0.22, 0.16, v.x + 0.05 * pv_gnoise(p * 5.0)));
    } else {
        vec4 e = pv_voronoi_edge(p * 0.8, 0.9);
        vec3 patch = mix(vec3(0.55, 0.3, 0.12), vec3(0.45, 0.22, 0.1), e.y);
        col = mix(vec3(0.92, 0.86, 0.72), patch, smoothstep(0.04, 0.1, e.x + 0.03 * pv_gnoise(p * 6.0)));
    }
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
