// name: map_treasure
// family: map
// author: procvision
// licence: MIT
// description: An old hand-drawn chart on stained parchment: an island coast inked with ripple lines offshore, hatched hills, a compass rose, and a dotted route to a marked spot.
// params: iSeed.x island size, iSeed.y coast roughness, iSeed.z parchment tone, iSeed.w route length

#include "hash.glsl"
#include "noise.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    uv += 0.01 * vec2(sin(0.3 * iTime), cos(0.25 * iTime));
    float rough = mix(0.2, 0.6, iSeed.y);
    float land = mix(0.2, 0.38, iSeed.x) - length(uv * vec2(1.0, 1.3)) + rough * (pv_fbm(uv * 4.0 + 9.0 * pv_seed(1), 5) - 0.5);
    vec3 parch = mix(vec3(0.9, 0.8, 0.6), vec3(0.82, 0.7, 0.5), iSeed.z);
    parch *= 0.85 + 0.2 * pv_fbm(uv * 3.0 + 2.0, 4);
    parch *= 1.0 - 0.3 * smoothstep(0.4, 0.75, length(uv));
    vec3 ink = vec3(0.25, 0.15, 0.08);
    vec3 col = parch;
    float px = 1.2 / iResolution.y;
    float g = max(length(vec2(dFdx(land), dFdy(land))), 1e-4);
    // offshore ripple lines parallel to the coast
    if (land < 0.0) {
        float rip = abs(fract(-land * 40.0) - 0.5) / 40.0;
        col = mix(col, ink, smoothstep(px * 1.2, 0.0, rip / g * px * 0.6 * iResolution.y / iResolution.y) * smoothstep(-0.12, 0.0, land) * 0.6);
    } else {
        col = mix(col, parch * vec3(0.9, 0.92, 0.75), 0.5);
        float hill = pv_fbm(uv * 8.0, 3);
        float hatch = step(0.5, fract((uv.x - uv.y) * 120.0)) * smoothstep(0.55, 0.65, hill);
        col = mix(col, ink, hatch * 0.5);
    }
    col = mix(col, ink, smoothstep(2.0 * px, 0.0, abs(land) / g));
    // compass rose
    vec2 cr = uv - vec2(-0.35, 0.3);
    float star = pv_sdStar(pv_rot2(0.1 * iTime) * cr, 0.09, 8.0, 0.25);
    col = mix(col, ink, smoothstep(px, 0.0, abs(star)) + 0.4 * step(star, 0.0) * step(0.0, cr.x * cr.y));
    col = mix(col, ink, smoothstep(px, 0.0, abs(length(cr) - 0.05)));
    // dotted route and the X
    vec2 a = vec2(-0.45, -0.4), b = 0.15 * (pv_seed2(2) - 0.5);
    float route = 1e3, along = 0.0;
    vec2 prev = a;
    for (int i = 1; i <= 12; i++) {
        float t = float(i) / 12.0;
        vec2 q = mix(a, b, t) + 0.08 * vec2(sin(t * 9.0 + 6.0 * pv_seed(3)), cos(t * 7.0)) * sin(3.14 * t) * mix(0.5, 2.0, iSeed.w);
        float d = pv_sdSegment(uv, prev, q);
        if (d < route) { route = d; along = t + dot(uv - prev, normalize(q - prev + 1e-5)) / 12.0; }
        prev = q;
    }
    col = mix(col, vec3(0.6, 0.1, 0.05), smoothstep(0.004, 0.002, route) * step(0.5, fract(along * 40.0)));
    vec2 xd = abs(pv_rot2(0.785) * (uv - b));
    col = mix(col, vec3(0.6, 0.1, 0.05), smoothstep(0.006, 0.003, min(xd.x, xd.y)) * step(max(xd.x, xd.y), 0.03));
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
