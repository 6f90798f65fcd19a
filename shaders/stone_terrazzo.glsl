// name: stone_terrazzo
// family: stone
// author: procvision
// licence: MIT
// description: Polished terrazzo: angular chips of marble and glass of several sizes and colours set in a smooth cement or resin matrix.
// params: iSeed.x chip size, iSeed.y chip density, iSeed.z palette, iSeed.w matrix colour

#include "hash.glsl"
#include "noise.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    uv += vec2(0.02 * iTime, 0.0);
    vec3 matrix = pv_hsv2rgb(vec3(pv_seed(1), 0.15 * iSeed.w, mix(0.55, 0.95, iSeed.w)));
    vec3 col = matrix * (0.95 + 0.05 * pv_vnoise(uv * 100.0));
    float dens = mix(0.3, 0.8, iSeed.y);
    for (int layer = 0; layer < 3; layer++) {
        float sc = mix(2.5, 7.0, iSeed.x) * exp2(float(layer) * 0.9);
        vec2 p = uv * sc + 13.0 * float(layer);
        ivec2 c = ivec2(floor(p));
        vec2 f = fract(p) - 0.5;
        if (pv_ihash12(c + ivec2(layer * 7)) > dens) continue;
        vec2 off = 0.25 * (pv_ihash22(c) - 0.5);
        // an irregular polygon: a hexagon squashed and rotated per chip
        vec2 q = pv_rot2(6.28 * pv_ihash12(c + ivec2(3, 1))) * (f - off);
        q *= vec2(1.0, mix(1.0, 2.2, pv_ihash12(c + ivec2(5, 2))));
        float d = pv_sdNgon(q, mix(0.18, 0.32, pv_ihash12(c + ivec2(8, 8))), 3.0 + floor(4.0 * pv_ihash12(c + ivec2(2, 9))));
        vec3 chip = pv_seedpal(fract(iSeed.z + 0.7 * pv_ihash12(c + ivec2(1, 1))), 6);
        if (pv_ihash12(c + ivec2(4, 4)) < 0.3) chip = vec3(0.95, 0.95, 0.93);
        chip *= 0.85 + 0.15 * pv_vnoise(p * 12.0);
        col = mix(col, chip, smoothstep(0.02, 0.0, d));
    }
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
