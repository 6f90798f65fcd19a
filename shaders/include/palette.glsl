// Colour helpers: cosine palettes (a + b cos(2 pi (c t + d))) parameterised by
// seed, HSV conversion, and a few contrasting duotone helpers.
#ifndef PV_PALETTE_GLSL
#define PV_PALETTE_GLSL

#include "hash.glsl"

vec3 pv_cospal(float t, vec3 a, vec3 b, vec3 c, vec3 d) {
    return clamp(a + b * cos(6.2831853 * (c * t + d)), 0.0, 1.0);
}

vec3 pv_hsv2rgb(vec3 c) {
    vec3 p = abs(fract(c.xxx + vec3(0.0, 2.0 / 3.0, 1.0 / 3.0)) * 6.0 - 3.0);
    return c.z * mix(vec3(1.0), clamp(p - 1.0, 0.0, 1.0), c.y);
}

// Cosine palette whose four coefficient vectors are drawn from `salt` and the
// image seed. Amplitudes are kept large enough that the palette is never grey.
vec3 pv_seedpal(float t, int salt) {
    vec3 a = 0.35 + 0.3 * pv_seed3(salt);
    vec3 b = 0.25 + 0.25 * pv_seed3(salt + 1);
    vec3 c = floor(1.0 + 2.0 * pv_seed3(salt + 2)) * (0.5 + 0.5 * pv_seed(salt * 7 + 3));
    vec3 d = pv_seed3(salt + 3);
    return pv_cospal(t, a, b, c, d);
}

// One of several hand-designed palette styles chosen by `style` in [0, 1),
// each further shifted by the seed: warm fire, ice, neon, earth, pastel, mono.
vec3 pv_stylepal(float t, float style, int salt) {
    float h = pv_seed(salt);
    int k = int(style * 6.0);
    if (k == 0) return pv_cospal(t, vec3(0.5, 0.3, 0.15), vec3(0.5, 0.4, 0.2), vec3(1.0, 1.0, 1.0), vec3(0.0, 0.1, 0.2) + 0.1 * h);
    if (k == 1) return pv_cospal(t, vec3(0.4, 0.6, 0.75), vec3(0.35, 0.35, 0.25), vec3(1.0), vec3(0.55, 0.6, 0.65) + 0.15 * h);
    if (k == 2) return pv_hsv2rgb(vec3(fract(h + 0.7 * t), 0.9, 0.35 + 0.65 * smoothstep(0.0, 1.0, fract(t * 2.0))));
    if (k == 3) return pv_cospal(t, vec3(0.45, 0.38, 0.28), vec3(0.3, 0.25, 0.2), vec3(1.0, 1.0, 0.8), vec3(0.05, 0.12, 0.2) + 0.2 * h);
    if (k == 4) return pv_hsv2rgb(vec3(fract(h + 0.35 * t), 0.35, 0.95));
    return vec3(clamp(0.5 + 0.5 * cos(6.2831853 * (t + h)), 0.0, 1.0)) * mix(vec3(1.0), vec3(1.0, 0.9, 0.75), h);
}

// Two seed-chosen, well separated colours mixed by t.
vec3 pv_duotone(float t, int salt) {
    float h = pv_seed(salt);
    vec3 c0 = pv_hsv2rgb(vec3(h, 0.5 + 0.5 * pv_seed(salt + 1), 0.1 + 0.3 * pv_seed(salt + 2)));
    vec3 c1 = pv_hsv2rgb(vec3(fract(h + 0.3 + 0.4 * pv_seed(salt + 3)), 0.4 + 0.6 * pv_seed(salt + 4), 0.75 + 0.25 * pv_seed(salt + 5)));
    return mix(c0, c1, clamp(t, 0.0, 1.0));
}

#endif
