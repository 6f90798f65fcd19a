// name: wood_endgrain
// family: wood
// author: procvision
// licence: MIT
// description: A log cross-section: eccentric annual growth rings of early and late wood, medullary rays, radial drying checks, bark rim and a darker heartwood, seen whole lying on the ground or close up so that only sweeping ring arcs fill the frame, in species tones from pale birch to walnut, red cedar or weathered grey.
// params: iSeed.x ring count, iSeed.y eccentricity, iSeed.z wood tone (hue, brightness), pv_seed(11) wood saturation, iSeed.w crack count; pv_seed(1) zoom (whole log to close-up), pv_seed2(2) pith position, pv_seed(3..4) ring distortion, pv_seed(5) ring contrast, pv_seed(6) heartwood darkness, pv_seed(7..9) ground hue, saturation and brightness, pv_seed(30) weathered grey, pv_seed(31) light direction

#include "hash.glsl"
#include "noise.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    // the log's radius on screen: small and whole, or so big that the frame holds only rings
    float zs = pv_seed(1);
    float R0 = mix(0.22, 1.6, zs * zs);
    // the pith wanders further off-centre (even off-frame) as the log grows on screen
    vec2 pith = (pv_seed2(2) - 0.5) * vec2(0.9, 0.5) * (0.4 + R0);
    vec2 d = uv - pith;
    float a = pv_atan2(d.y, d.x);
    float r = length(d) / R0 * (1.0 + 0.3 * iSeed.y * cos(a - 6.28 * pv_seed(3)));
    r += 0.04 * pv_gnoise(vec2(a * 3.0, r * 4.0) + 9.0 * pv_seed(4));
    float R = 1.0 + 0.05 * sin(a * 7.0 + 6.28 * pv_seed(4));
    float n = mix(8.0, 45.0, iSeed.x);
    float ring = fract(r / R * n);
    float late = smoothstep(0.6, 0.95, ring) * (0.8 + 0.2 * sin(r * 40.0));
    // species tone: hue from red cedar to yellow pine, saturation and brightness free; some weathered grey
    float tz = iSeed.z;
    vec3 tone = pv_hsv2rgb(vec3(mix(0.0, 0.12, fract(tz * 3.0)), mix(0.25, 0.75, pv_seed(11)), mix(0.35, 0.95, tz)));
    if (pv_seed(30) < 0.2) tone = vec3(dot(tone, vec3(0.33))) * vec3(0.95, 0.97, 1.0);
    float contrast = mix(0.15, 0.6, pv_seed(5));
    vec3 col = mix(tone, tone * (1.0 - contrast), late);
    col = mix(col, col * mix(0.45, 0.95, pv_seed(6)), smoothstep(0.55, 0.3, r / R));  // heartwood
    float rays = smoothstep(0.9, 1.0, pv_vnoise(vec2(a * 60.0, r * 3.0)));
    col *= 1.0 - 0.15 * rays;
    int cracks = int(iSeed.w * 5.0);
    for (int i = 0; i < 5; i++) {
        if (i >= cracks) break;
        float ca = 6.28 * pv_seed(10 + i);
        float da = abs(mod(a - ca + 3.14159, 6.28318) - 3.14159);
        float len = mix(0.3, 0.9, pv_seed(20 + i));
        float w = 0.03 * (1.0 - r / R / len);
        if (r / R < len) col = mix(col, vec3(0.08, 0.05, 0.03), smoothstep(w, w * 0.3, da * r / R));
    }
    // bark, then the ground the log lies on (grass, soil, sand, snow or concrete)
    vec3 bark = tone * vec3(0.45, 0.4, 0.35) * (0.6 + 0.6 * pv_vnoise(vec2(a * 30.0, r * 50.0)));
    col = mix(col, bark, smoothstep(R - 0.01, R + 0.01, r));
    vec3 ground = pv_hsv2rgb(vec3(pv_seed(7), mix(0.0, 0.5, pv_seed(8)), mix(0.12, 0.95, pv_seed(9))));
    ground *= 0.8 + 0.4 * pv_fbm(uv * 6.0 + 0.1 * iTime + 7.0 * pv_seed(7), 3);
    float out_ = smoothstep(R * 1.08, R * 1.1, r);
    // the log's shadow falls on the ground
    vec2 ld = vec2(cos(6.28 * pv_seed(31)), sin(6.28 * pv_seed(31)));
    float shadow = 1.0 - 0.5 * smoothstep(R0 * 1.25, R0 * 0.95, length(uv - pith + 0.08 * ld));
    col = mix(col, ground * shadow, out_);
    // a soft raking light drifts across the face
    col *= 0.85 + 0.25 * smoothstep(-1.0, 1.0, dot(uv, ld) + 0.5 * sin(0.4 * iTime));
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
