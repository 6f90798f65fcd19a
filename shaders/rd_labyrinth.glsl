// name: rd_labyrinth
// family: rd
// author: procvision
// licence: MIT
// description: Turing-stripe labyrinth (brain coral, fingerprints): the sign of band-limited noise made of plane waves of one wavelength.
// params: iSeed.x stripe spacing, iSeed.y anisotropy (direction spread), iSeed.z line sharpness, iSeed.w palette

#include "noise.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = fragCoord / iResolution.y;
    // A sum of waves sharing one wavenumber is what a reaction-diffusion system
    // selects in its linear stage; its zero set is the labyrinth.
    float k = mix(12.0, 30.0, iSeed.x);
    float spread = mix(3.14159265, 0.6, iSeed.y);
    float base = 6.2831853 * pv_seed(1);
    float v = 0.0;
    for (int i = 0; i < 10; i++) {
        vec2 h = pv_seed2(10 + i);
        float a = base + spread * (h.x - 0.5);
        v += cos(k * dot(uv, vec2(cos(a), sin(a))) + 6.2831853 * h.y + 0.1 * iTime * (h.x - 0.5));
    }
    v /= 3.1623;
    float sharp = mix(0.5, 0.03, iSeed.z);
    float m = smoothstep(-sharp, sharp, v);
    // Duotone, not pv_seedpal(t) vs pv_seedpal(t + 0.5): a palette of frequency 2 maps those to one colour.
    vec3 a = pv_duotone(1.0, 70), b = pv_duotone(0.0, 70);
    if (iSeed.w > 0.5) { vec3 tmp = a; a = b; b = tmp; }
    if (pv_seed(4) < 0.4) { a = vec3(0.95, 0.9, 0.8); b = pv_hsv2rgb(vec3(pv_seed(5), 0.8, 0.4)); }
    vec3 col = mix(a, b, m) * (0.9 + 0.2 * pv_vnoise(uv * 40.0));
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
