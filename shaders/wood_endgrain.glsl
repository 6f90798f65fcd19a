// name: wood_endgrain
// family: wood
// author: procvision
// licence: MIT
// description: A log cross-section: eccentric annual growth rings of early and late wood, medullary rays, radial drying checks, bark rim and a darker heartwood.
// params: iSeed.x ring count, iSeed.y eccentricity, iSeed.z wood tone, iSeed.w crack count

#include "hash.glsl"
#include "noise.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    uv *= mix(0.9, 1.3, pv_seed(1));
    vec2 pith = (pv_seed2(2) - 0.5) * 0.25 * iSeed.y;
    vec2 d = uv - pith;
    float a = pv_atan2(d.y, d.x);
    float r = length(d) * (1.0 + 0.15 * iSeed.y * cos(a - 6.28 * pv_seed(3)));
    r += 0.02 * pv_gnoise(vec2(a * 3.0, r * 4.0));
    float R = 0.44 + 0.02 * sin(a * 7.0 + 6.28 * pv_seed(4));
    float n = mix(12.0, 45.0, iSeed.x);
    float ring = fract(r / R * n);
    float late = smoothstep(0.65, 0.95, ring);
    vec3 tone = pv_cospal(iSeed.z, vec3(0.65, 0.5, 0.35), vec3(0.15, 0.12, 0.1), vec3(1.0), vec3(0.0, 0.05, 0.1));
    vec3 col = mix(tone, tone * 0.6, late);
    col = mix(col, col * 0.75, smoothstep(0.5, 0.3, r / R));  // heartwood
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
    col = mix(col, vec3(0.25, 0.17, 0.1) * (0.6 + 0.6 * pv_vnoise(vec2(a * 30.0, r * 50.0))), smoothstep(R - 0.005, R + 0.005, r));
    col = mix(col, vec3(0.15, 0.2, 0.1) * (0.8 + 0.4 * pv_fbm(uv * 6.0 + 0.1 * iTime, 3)), smoothstep(R + 0.04, R + 0.05, r));
    col *= 0.9 + 0.1 * sin(0.5 * iTime + r * 4.0);
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
