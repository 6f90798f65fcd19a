// name: mineral_malachite
// family: mineral
// author: procvision
// licence: MIT
// description: Botryoidal mineral cut and polished: concentric growth bands around many nucleation points, meeting along sharp seams (malachite, rhodochrosite, azurite tones).
// params: iSeed.x band frequency, iSeed.y mineral palette, iSeed.z nucleus scale, iSeed.w band warp

#include "hash.glsl"
#include "noise.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    float sc = mix(1.5, 4.5, iSeed.z);
    vec2 p = uv * sc + pv_seed2(1) * 10.0 + vec2(0.05 * iTime, 0.0);
    p += mix(0.0, 0.4, iSeed.w) * vec2(pv_gfbm(p * 1.7, 4), pv_gfbm(p * 1.7 + 5.2, 4));
    vec4 v = pv_voronoi(p, 1.0);
    float freq = mix(12.0, 40.0, iSeed.x);
    float t = v.x * freq + 6.0 * v.z;
    float band = 0.5 + 0.5 * sin(t + 0.8 * sin(t * 0.31));
    band = mix(band, smoothstep(0.4, 0.6, band), 0.6);
    float seam = smoothstep(0.0, 0.04, v.y - v.x);
    int kind = int(iSeed.y * 3.99);
    vec3 dark, light;
    if (kind == 0) { dark = vec3(0.02, 0.22, 0.12); light = vec3(0.25, 0.75, 0.5); }
    else if (kind == 1) { dark = vec3(0.55, 0.15, 0.25); light = vec3(0.98, 0.7, 0.72); }
    else if (kind == 2) { dark = vec3(0.03, 0.08, 0.35); light = vec3(0.3, 0.5, 0.95); }
    else { dark = pv_seedpal(0.1, 3) * 0.4; light = pv_seedpal(0.6, 3); }
    vec3 col = mix(dark, light, band);
    col *= 0.75 + 0.25 * seam;
    col += 0.08 * pv_vnoise(uv * 200.0);
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
