// name: ice_snowflakes
// family: ice
// author: procvision
// licence: MIT
// description: Snow crystals: six-fold symmetric dendrites, plates and stars, each flake generated from its own branch recipe, falling and turning over a dark or wintry backdrop.
// params: iSeed.x flake size, iSeed.y flake count, iSeed.z branchiness, iSeed.w backdrop

#include "hash.glsl"
#include "sdf.glsl"
#include "palette.glsl"

// Distance to a flake: fold into one twelfth of the plane, then a stem with side branches and a central plate.
float flake(vec2 p, float salt, float branchy) {
    p = pv_polarFold(p, 6.0);
    float d = pv_sdSegment(p, vec2(0.0), vec2(1.0, 0.0)) - 0.03;
    int nb = 2 + int(3.0 * pv_hash11(salt));
    for (int i = 0; i < 5; i++) {
        if (i >= nb) break;
        float t = mix(0.25, 0.85, (float(i) + 0.5) / float(nb));
        float l = (1.0 - t) * mix(0.3, 0.9, pv_hash11(salt + float(i) * 3.1)) * branchy;
        vec2 a = vec2(t, 0.0);
        d = min(d, pv_sdSegment(p, a, a + l * vec2(0.5, 0.866)) - 0.022);
    }
    float plate = pv_sdHexagon(pv_rot2(0.5236) * p, mix(0.1, 0.35, pv_hash11(salt + 9.0)));
    d = min(d, abs(plate) - 0.02);
    return d;
}

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = fragCoord / iResolution.y;
    float n = mix(2.0, 6.0, iSeed.y);
    vec2 p = uv * n + vec2(0.0, 0.15 * iTime);
    ivec2 c = ivec2(floor(p));
    vec2 f = fract(p) - 0.5;
    float salt = pv_ihash12(c) * 100.0;
    f += 0.15 * (pv_ihash22(c) - 0.5);
    float size = mix(0.25, 0.45, iSeed.x) * mix(0.6, 1.0, pv_ihash12(c + ivec2(3)));
    vec2 q = pv_rot2(0.3 * iTime * (pv_ihash12(c + ivec2(7)) - 0.5) + salt) * f / size;
    float d = flake(q, salt, mix(0.4, 1.2, iSeed.z)) * size;
    vec3 bg = iSeed.w > 0.5 ? mix(vec3(0.05, 0.08, 0.2), vec3(0.15, 0.25, 0.45), uv.y) : mix(vec3(0.55, 0.65, 0.75), vec3(0.8, 0.85, 0.9), uv.y);
    float px = 1.5 * n / iResolution.y;
    vec3 ice = vec3(0.9, 0.95, 1.0);
    vec3 col = mix(bg, ice, smoothstep(px, 0.0, d));
    col += 0.15 * ice * exp(-max(d, 0.0) * 30.0) * step(0.5, iSeed.w);
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
