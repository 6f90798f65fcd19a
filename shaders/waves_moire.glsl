// name: waves_moire
// family: waves
// author: procvision
// licence: MIT
// description: Moire interference of two slightly offset gratings (straight lines or concentric rings), hard or soft edged.
// params: iSeed.x grating kind, iSeed.y frequency, iSeed.z offset / rotation between the layers, iSeed.w colours

#include "hash.glsl"
#include "palette.glsl"

float grating(vec2 p, float freq, bool rings, float sharp, float phase) {
    float v = rings ? length(p) : p.x;
    float s = sin(6.2831853 * freq * v + phase);
    return mix(0.5 + 0.5 * s, step(0.0, s), sharp);
}

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    bool rings = iSeed.x < 0.5;
    float freq = mix(8.0, 25.0, iSeed.y);
    float sharp = step(0.5, pv_seed(1));
    float d = mix(0.02, 0.25, iSeed.z);
    float a = d * 0.8 + 0.02 * sin(0.3 * iTime);
    vec2 o = vec2(cos(6.28 * pv_seed(2)), sin(6.28 * pv_seed(2))) * d;
    vec2 p1 = uv + o, p2 = mat2(cos(a), sin(a), -sin(a), cos(a)) * (uv - o) * (1.0 + 0.1 * pv_seed(3));
    float g1 = grating(p1, freq, rings, sharp, 0.7 * iTime);
    float g2 = grating(p2, freq, rings || iSeed.x > 0.75, sharp, 0.0);
    float m = pv_seed(4) < 0.5 ? g1 * g2 : abs(g1 - g2);
    vec3 col = pv_duotone(m, 10);
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
