// name: fbm_domainwarp
// family: fbm
// author: procvision
// licence: MIT
// description: Two-level domain-warped value-noise fbm, coloured by a seeded cosine palette with shadowed folds.
// params: iSeed.x palette shift, iSeed.y scale, iSeed.z warp strength, iSeed.w octaves; pv_seed drives palette and offset

#include "noise.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = fragCoord / iResolution.y;
    float scale = mix(1.5, 6.0, iSeed.y);
    float warp = mix(0.8, 4.5, iSeed.z);
    int oct = 3 + int(iSeed.w * 3.0);
    vec2 p = uv * scale + 100.0 * pv_seed2(1);
    float t = 0.07 * iTime;
    vec2 q = vec2(pv_fbm(p + t, oct), pv_fbm(p + vec2(5.2, 1.3) - t, oct));
    vec2 r = vec2(pv_fbm(p + warp * q + vec2(1.7, 9.2), oct),
                  pv_fbm(p + warp * q + vec2(8.3, 2.8) + t, oct));
    float f = pv_fbm(p + warp * r, oct);
    vec3 col = pv_seedpal(1.6 * f + 0.6 * q.x + iSeed.x, 10);
    // Darken where the second warp layer folds, to give the marbled relief.
    col *= mix(0.35, 1.1, smoothstep(0.15, 0.85, r.y));
    col = mix(col, vec3(1.0), 0.3 * smoothstep(0.6, 0.9, f));
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
