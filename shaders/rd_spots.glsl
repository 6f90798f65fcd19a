// name: rd_spots
// family: rd
// author: procvision
// licence: MIT
// description: Turing spots (leopard, polka, giraffe): peaks of single-wavelength band-limited noise minus a coarse noise, thresholded.
// params: iSeed.x spot size, iSeed.y spot/ring style, iSeed.z threshold, iSeed.w skin colours

#include "noise.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = fragCoord / iResolution.y;
    float k = mix(12.0, 30.0, iSeed.x);
    float v = 0.0;
    // Three waves 120 degrees apart give hexagonally packed spots; the extra
    // random waves break the lattice into an organic arrangement.
    float base = 6.2831853 * pv_seed(1);
    for (int i = 0; i < 8; i++) {
        vec2 h = pv_seed2(20 + i);
        float a = i < 3 ? base + 2.0943951 * float(i) : 6.2831853 * h.x;
        float w = i < 3 ? 1.0 : 0.6;
        v += w * cos(k * dot(uv, vec2(cos(a), sin(a))) + 6.2831853 * h.y + 0.05 * iTime);
    }
    v = v / 2.6 - 0.5 * pv_gfbm(uv * 2.0 + 10.0 * pv_seed2(3), 3);
    float th = mix(0.3, 0.7, iSeed.z);
    float spot = smoothstep(th, th + 0.08, v);
    float ring = spot * (1.0 - smoothstep(th + 0.25, th + 0.33, v));
    float m = iSeed.y < 0.5 ? spot : ring;
    vec3 skin = mix(pv_stylepal(0.2 + 0.3 * pv_seed(2), iSeed.w, 7), vec3(0.95, 0.85, 0.6), 0.3);
    vec3 ink = iSeed.w < 0.5 ? vec3(0.05, 0.03, 0.02) : pv_hsv2rgb(vec3(pv_seed(3), 0.8, 0.3));
    vec3 col = mix(skin, ink, m);
    if (iSeed.y >= 0.5) col = mix(col, skin * 0.7 + vec3(0.1, 0.05, 0.0), spot * (1.0 - ring));
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
