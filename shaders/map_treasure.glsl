// name: map_treasure
// family: map
// author: procvision
// licence: MIT
// description: An old hand-drawn chart on stained parchment: an island (sometimes with an islet) inked with ripple lines offshore and washed sea and land colours, hatched hills, a compass rose in one corner, and a dotted route to a marked spot.
// params: iSeed.x island size, iSeed.y coast roughness, iSeed.z parchment hue, iSeed.w route wiggle; pv_seed2(4) and pv_seed(6..10) island position, turn, aspect and islet, pv_seed2(2) the X, pv_seed(11..14) parchment saturation, brightness, stains and vignette, pv_seed(15..18) sea and land washes, pv_seed(19..21) ink colour, pv_seed2(22) compass corner, pv_seed(24) compass size, pv_seed(25) route start, pv_seed(26..27) sea wash strength

#include "hash.glsl"
#include "noise.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    uv += 0.01 * vec2(sin(0.3 * iTime), cos(0.25 * iTime));
    // the island sits anywhere near the middle, turned and stretched; some charts add an islet
    vec2 c1 = 0.2 * (pv_seed2(4) - 0.5);
    float r1 = mix(0.12, 0.46, iSeed.x);
    vec2 q1 = pv_rot2(6.2831853 * pv_seed(6)) * (uv - c1) * vec2(1.0, mix(0.75, 1.6, pv_seed(7)));
    float isl = r1 - length(q1);
    float ia = 6.2831853 * pv_seed(8);
    vec2 c2 = c1 + (r1 + 0.08) * vec2(cos(ia), sin(ia));
    if (pv_seed(9) < 0.45) isl = max(isl, mix(0.04, 0.13, pv_seed(10)) - length(uv - c2));
    float rough = mix(0.2, 0.6, iSeed.y);
    float land = isl + rough * (pv_fbm(uv * 4.0 + 9.0 * pv_seed(1), 5) - 0.5);
    // parchment from pale cream to dark tan, with broad stains and a darkened rim
    float phue = mix(-0.03, 0.2, iSeed.z);
    vec3 parch = pv_hsv2rgb(vec3(phue, mix(0.08, 0.6, pv_seed(11)), mix(0.35, 1.0, sqrt(pv_seed(12)))));
    parch *= 0.85 + 0.2 * pv_fbm(uv * 3.0 + 2.0, 4);
    float stain = smoothstep(0.5, 0.68, pv_fbm(uv * 2.2 + 31.0 * pv_seed(13), 3));
    parch = mix(parch, parch * vec3(0.7, 0.55, 0.4), stain * pv_seed(13));
    parch *= 1.0 - mix(0.05, 0.6, pv_seed(14) * pv_seed(14)) * smoothstep(0.3, 0.8, length(uv));
    // watercolour washes: sea strongest along the coast, land in green or ochre
    vec3 seaw = pv_hsv2rgb(vec3(mix(0.42, 0.66, pv_seed(15)), mix(0.35, 0.9, pv_seed(26)), 1.0));
    vec3 landw = pv_hsv2rgb(vec3(mix(0.08, 0.35, pv_seed(17)), 0.65, 1.0));
    float seaAmt = smoothstep(0.15, 0.9, pv_seed(16));
    float landAmt = smoothstep(0.25, 1.0, pv_seed(18));
    vec3 ink = pv_hsv2rgb(vec3(mix(-0.05, 0.7, pv_seed(19)), 0.75 * pv_seed(20), mix(0.06, 0.28, pv_seed(21))));
    vec3 col = parch;
    float px = 1.2 / iResolution.y;
    float g = max(length(vec2(dFdx(land), dFdy(land))), 1e-4);
    // offshore ripple lines parallel to the coast
    if (land < 0.0) {
        col *= mix(vec3(1.0), seaw, seaAmt * mix(0.3 + 0.7 * pv_seed(27), 1.0, smoothstep(-0.25, 0.0, land)));
        float rip = abs(fract(-land * 40.0) - 0.5) / 40.0;
        col = mix(col, ink, smoothstep(px * 1.2, 0.0, rip / g * px * 0.6) * smoothstep(-0.12, 0.0, land) * 0.6);
    } else {
        col = mix(col, parch * vec3(0.9, 0.92, 0.75), 0.5);
        col *= mix(vec3(1.0), landw, landAmt);
        float hill = pv_fbm(uv * 8.0, 3);
        float hatch = step(0.5, fract((uv.x - uv.y) * 120.0)) * smoothstep(0.55, 0.65, hill);
        col = mix(col, ink, hatch * 0.5);
    }
    col = mix(col, ink, smoothstep(2.0 * px, 0.0, abs(land) / g));
    // compass rose in a seeded corner
    vec2 corner = sign(pv_seed2(22) - 0.5) * vec2(0.33, 0.3);
    float cs = mix(0.06, 0.12, pv_seed(24));
    vec2 cr = uv - corner * (1.0 - 0.3 * cs);
    // (pv_sdStar is positive inside the star, so the shaded half-points take star > 0)
    float star = pv_sdStar(pv_rot2(0.1 * iTime) * cr, cs, 8.0, 0.25);
    col = mix(col, ink, smoothstep(px, 0.0, abs(star)) + 0.4 * step(0.0, star) * step(length(cr), cs) * step(0.0, cr.x * cr.y));
    col = mix(col, ink, smoothstep(px, 0.0, abs(length(cr) - 0.55 * cs)));
    // dotted route from the chart's edge to the X on the island
    float sa = 6.2831853 * pv_seed(25);
    vec2 a = vec2(cos(sa), sin(sa));
    a *= 0.46 / max(abs(a.x), abs(a.y));
    vec2 b = c1 + 0.6 * r1 * (pv_seed2(2) - 0.5);
    float route = 1e3, along = 0.0, arc = 0.0;
    vec2 prev = a;
    for (int i = 1; i <= 12; i++) {
        float t = float(i) / 12.0;
        vec2 q = mix(a, b, t) + 0.08 * vec2(sin(t * 9.0 + 6.0 * pv_seed(3)), cos(t * 7.0)) * sin(3.14 * t) * mix(0.5, 2.0, iSeed.w);
        float d = pv_sdSegment(uv, prev, q);
        if (d < route) { route = d; along = arc + dot(uv - prev, normalize(q - prev + 1e-5)); }
        arc += length(q - prev);
        prev = q;
    }
    vec3 red = vec3(0.6, 0.1, 0.05);
    col = mix(col, red, smoothstep(0.005, 0.003, route) * step(0.5, fract(along * 60.0)));
    vec2 xd = abs(pv_rot2(0.785) * (uv - b));
    col = mix(col, red, smoothstep(0.006, 0.003, min(xd.x, xd.y)) * step(max(xd.x, xd.y), 0.03));
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
