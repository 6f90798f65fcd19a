// name: flags_stripes
// family: flags
// author: procvision
// licence: MIT
// description: Invented flags waving in the wind: bands, crosses, cantons and emblems in bold flat colours, rippled and shaded by the cloth's folds.
// params: iSeed.x layout (bands, cross, canton, diagonal), iSeed.y flag proportions, iSeed.z colours, iSeed.w wind strength

#include "hash.glsl"
#include "sdf.glsl"
#include "palette.glsl"

vec3 flagColour(int k) {
    vec3 set[6] = vec3[6](vec3(0.8, 0.1, 0.15), vec3(0.0, 0.25, 0.6), vec3(0.98), vec3(0.0, 0.5, 0.25), vec3(1.0, 0.8, 0.0), vec3(0.05));
    return set[k];
}

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = fragCoord / iResolution.y;
    float fh = mix(0.45, 0.7, iSeed.y);
    vec2 p = (uv - vec2(0.1, 0.85 - fh)) / vec2(0.85, fh);
    float wind = mix(0.3, 1.6, iSeed.w);
    float wave = sin(p.x * 7.0 - 3.0 * iTime) * 0.04 * p.x * wind;
    p.y += wave;
    float shade = 0.8 + 0.35 * cos(p.x * 7.0 - 3.0 * iTime) * p.x * wind;
    vec3 sky = mix(vec3(0.55, 0.7, 0.9), vec3(0.8, 0.88, 0.95), uv.y);
    vec3 col = sky;
    col = mix(col, vec3(0.35), step(abs(uv.x - 0.085), 0.01) * step(uv.y, 0.85));  // pole
    if (p.x > 0.0 && p.x < 1.0 && p.y > 0.0 && p.y < 1.0) {
        int base = int(6.0 * iSeed.z);
        int c0 = base % 6, c1 = (base + 1 + int(pv_seed(1) * 4.0)) % 6, c2 = (base + 3) % 6;
        int design = int(iSeed.x * 3.99);
        int bands = 2 + int(pv_seed(9) * 2.99);
        vec3 fc;
        bool vertical = pv_seed(2) > 0.5;
        float s = vertical ? p.x : p.y;
        int bi = int(s * float(bands));
        fc = flagColour(bi == 0 ? c0 : (bi == 1 ? c1 : c2));
        if (design == 1) {
            float cr = min(abs(p.x - 0.35), abs(p.y - 0.5));
            fc = flagColour(c0);
            if (cr < 0.12) fc = flagColour(c2);
            if (cr < 0.07) fc = flagColour(c1);
        } else if (design == 2) {
            if (p.x < 0.45 && p.y > 0.45) fc = flagColour(c2);
        } else if (design == 3) {
            fc = flagColour(p.y > p.x * 0.6 + 0.2 ? c0 : c1);
            if (abs(p.y - p.x * 0.6 - 0.2) < 0.06) fc = flagColour(c2);
        }
        float emblem = pv_seed(8);
        if (emblem > 0.4) {
            vec2 ec = design == 2 ? vec2(0.22, 0.72) : vec2(0.5);
            float em = pv_sdStar((p - ec) * vec2(1.0, 0.6), 0.12, 5.0, 0.45);
            if (emblem > 0.75) em = abs(length((p - ec) * vec2(1.0, 0.6)) - 0.1) - 0.025;
            if (em < 0.0) fc = flagColour((c0 + 4) % 6);
        }
        col = fc * shade;
    }
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
