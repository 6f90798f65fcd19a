// name: bokeh_discs
// family: bokeh
// author: procvision
// licence: MIT
// description: Out-of-focus highlights: overlapping polygonal aperture discs (5 to 8 blades) with brighter rims, onion-ring texture and chromatic fringe, drifting over a dark blurred backdrop.
// params: iSeed.x disc count, iSeed.y aperture blades and size, iSeed.z hue range, iSeed.w rim brightness

#include "hash.glsl"
#include "noise.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    vec3 col = pv_seedpal(uv.y * 0.5 + 0.2, 3) * 0.12 * (0.6 + 0.8 * pv_fbm(uv * 2.0 + 0.1 * iTime, 3));
    int n = 8 + int(iSeed.x * 14.0);
    float blades = 5.0 + floor(iSeed.y * 3.99);
    float rot = 6.28 * pv_seed(2);
    float rim = mix(0.1, 0.6, iSeed.w);
    // per-disc numbers from one hash of (disc, image salt): cheaper than several pv_seed calls per disc
    float salt = pv_seed(5);
    for (int i = 0; i < 22; i++) {
        if (i >= n) break;
        vec3 hA = pv_hash32(vec2(float(i), salt));
        vec2 c = (hA.xy - 0.5) * vec2(1.6, 1.2);
        c += 0.05 * vec2(sin(0.3 * iTime + float(i)), cos(0.23 * iTime + 2.0 * float(i)));
        float r = mix(0.04, 0.2, hA.z * hA.z) * mix(0.7, 1.5, iSeed.y);
        if (length(uv - c) > r + 0.01) continue;
        vec3 hB = pv_hash32(vec2(float(i) + 0.5, salt));
        vec2 q = pv_rot2(rot) * (uv - c);
        float d = pv_sdNgon(q, r, blades);
        float inside = smoothstep(0.006, -0.006, d);
        float ring = smoothstep(0.02 * r / 0.1, 0.0, -d) * inside;
        float onion = 0.9 + 0.1 * sin(length(q) / r * 25.0);
        vec3 hue = pv_hsv2rgb(vec3(fract(pv_seed(3) + iSeed.z * hB.x), 0.55, 1.0));
        float bright = mix(0.1, 0.4, hB.y);
        col += hue * bright * inside * onion + hue * rim * ring * bright;
        col.r += 0.05 * smoothstep(0.01, 0.0, abs(d - 0.004)) * bright;
    }
    col = col / (1.0 + col * 0.5);
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
