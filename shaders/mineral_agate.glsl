// name: mineral_agate
// family: mineral
// author: procvision
// licence: MIT
// description: Polished agate slice: fine concentric bands following a noisy nodule outline, translucent and opaque layers, crystalline centre and hairline fractures.
// params: iSeed.x band frequency, iSeed.y palette, iSeed.z outline warp, iSeed.w band sharpness

#include "hash.glsl"
#include "noise.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    uv += 0.2 * (pv_seed2(1) - 0.5);
    vec2 q = uv * vec2(1.0, mix(0.7, 1.3, pv_seed(2)));
    float warp = mix(0.05, 0.3, iSeed.z);
    q += warp * vec2(pv_gfbm(uv * 2.5 + 1.3, 5), pv_gfbm(uv * 2.5 + 8.1, 5));
    float d = length(q) + 0.05 * pv_gfbm(uv * 12.0, 3);
    float freq = mix(15.0, 60.0, iSeed.x);
    float ph = d * freq - 0.3 * iTime;
    float band = 0.5 + 0.5 * sin(ph + 2.0 * sin(ph * 0.37));
    float sharp = mix(1.0, 8.0, iSeed.w);
    band = pow(band, sharp) + 0.3 * smoothstep(0.9, 1.0, 0.5 + 0.5 * sin(ph * 3.1));
    float layer = floor(ph / 6.2831853 / 3.0);
    vec3 c1 = pv_stylepal(fract(layer * 0.27), iSeed.y, 4);
    vec3 c2 = mix(c1, vec3(0.95, 0.93, 0.9), 0.7);
    vec3 col = mix(c1 * 0.55, c2, clamp(band, 0.0, 1.0));
    // quartz druse in the middle
    float core = smoothstep(0.12, 0.08, d);
    vec4 v = pv_voronoi(uv * 40.0, 1.0);
    col = mix(col, vec3(0.85, 0.87, 0.9) * (0.6 + 0.4 * v.y / (v.x + v.y + 1e-3)), core);
    // fractures
    float fr = abs(pv_gnoise(uv * 3.0 + 4.0 * pv_seed(5)));
    col *= 1.0 - 0.5 * smoothstep(0.012, 0.0, fr);
    col *= smoothstep(0.62, 0.55, d) * 0.85 + 0.15;
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
