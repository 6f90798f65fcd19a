// Noise helpers: value noise, gradient noise, fbm with an octave count,
// ridged fbm and a cellular (voronoi) helper. Loop bounds are compile-time
// constants (PV_MAX_OCTAVES) with an early break on the requested count.
#ifndef PV_NOISE_GLSL
#define PV_NOISE_GLSL

#include "hash.glsl"

#define PV_MAX_OCTAVES 8

float pv_vnoise(vec2 p) {
    ivec2 i = ivec2(floor(p));
    vec2 f = fract(p);
    vec2 u = f * f * (3.0 - 2.0 * f);
    float a = pv_ihash12(i);
    float b = pv_ihash12(i + ivec2(1, 0));
    float c = pv_ihash12(i + ivec2(0, 1));
    float d = pv_ihash12(i + ivec2(1, 1));
    return mix(mix(a, b, u.x), mix(c, d, u.x), u.y);
}

float pv_vnoise3(vec3 p) {
    ivec3 i = ivec3(floor(p));
    vec3 f = fract(p);
    vec3 u = f * f * (3.0 - 2.0 * f);
    float n000 = pv_ihash13(i);
    float n100 = pv_ihash13(i + ivec3(1, 0, 0));
    float n010 = pv_ihash13(i + ivec3(0, 1, 0));
    float n110 = pv_ihash13(i + ivec3(1, 1, 0));
    float n001 = pv_ihash13(i + ivec3(0, 0, 1));
    float n101 = pv_ihash13(i + ivec3(1, 0, 1));
    float n011 = pv_ihash13(i + ivec3(0, 1, 1));
    float n111 = pv_ihash13(i + ivec3(1, 1, 1));
    return mix(mix(mix(n000, n100, u.x), mix(n010, n110, u.x), u.y),
               mix(mix(n001, n101, u.x), mix(n011, n111, u.x), u.y), u.z);
}

vec2 pv_grad2(ivec2 c) {
    float a = 6.2831853 * pv_ihash12(c);
    return vec2(cos(a), sin(a));
}

// Gradient noise in about [-0.7, 0.7].
float pv_gnoise(vec2 p) {
    ivec2 i = ivec2(floor(p));
    vec2 f = fract(p);
    vec2 u = f * f * f * (f * (f * 6.0 - 15.0) + 10.0);
    float a = dot(pv_grad2(i), f);
    float b = dot(pv_grad2(i + ivec2(1, 0)), f - vec2(1.0, 0.0));
    float c = dot(pv_grad2(i + ivec2(0, 1)), f - vec2(0.0, 1.0));
    float d = dot(pv_grad2(i + ivec2(1, 1)), f - vec2(1.0, 1.0));
    return mix(mix(a, b, u.x), mix(c, d, u.x), u.y);
}

// Value-noise fbm in [0, 1), `octaves` in [1, PV_MAX_OCTAVES].
float pv_fbm(vec2 p, int octaves) {
    float sum = 0.0, amp = 0.5, norm = 0.0;
    mat2 rot = mat2(0.8, 0.6, -0.6, 0.8);
    for (int i = 0; i < PV_MAX_OCTAVES; i++) {
        if (i >= octaves) break;
        sum += amp * pv_vnoise(p);
        norm += amp;
        p = rot * p * 2.03 + vec2(17.1, 9.2);
        amp *= 0.5;
    }
    return sum / max(norm, 1e-6);
}

// Gradient-noise fbm, roughly zero-mean in [-0.7, 0.7].
float pv_gfbm(vec2 p, int octaves) {
    float sum = 0.0, amp = 0.5, norm = 0.0;
    mat2 rot = mat2(0.8, 0.6, -0.6, 0.8);
    for (int i = 0; i < PV_MAX_OCTAVES; i++) {
        if (i >= octaves) break;
        sum += amp * pv_gnoise(p);
        norm += amp;
        p = rot * p * 2.01 + vec2(3.7, 11.3);
        amp *= 0.5;
    }
    return sum / max(norm, 1e-6);
}

// Ridged fbm in [0, 1]: sharp crests where the gradient noise crosses zero.
float pv_ridged(vec2 p, int octaves) {
    float sum = 0.0, amp = 0.5, norm = 0.0, prev = 1.0;
    mat2 rot = mat2(0.8, 0.6, -0.6, 0.8);
    for (int i = 0; i < PV_MAX_OCTAVES; i++) {
        if (i >= octaves) break;
        float r = 1.0 - abs(pv_gnoise(p)) * 1.6;
        r = r * r;
        sum += amp * r * prev;
        prev = clamp(r, 0.0, 1.0);
        norm += amp;
        p = rot * p * 2.05 + vec2(5.3, 1.7);
        amp *= 0.5;
    }
    return clamp(sum / max(norm, 1e-6), 0.0, 1.0);
}

// Cellular noise. Returns (F1, F2, id, unused): distances to the nearest and
// second nearest feature point, and a [0, 1) hash of the nearest cell.
// `jitter` in [0, 1] moves feature points away from the cell centres.
vec4 pv_voronoi(vec2 p, float jitter) {
    ivec2 ip = ivec2(floor(p));
    vec2 fp = fract(p);
    float f1 = 8.0, f2 = 8.0, id = 0.0;
    for (int j = -1; j <= 1; j++) {
        for (int i = -1; i <= 1; i++) {
            ivec2 c = ip + ivec2(i, j);
            vec2 o = vec2(i, j) + 0.5 + jitter * (pv_ihash22(c) - 0.5) - fp;
            float d = dot(o, o);
            if (d < f1) { f2 = f1; f1 = d; id = pv_ihash12(c + ivec2(37, 91)); }
            else if (d < f2) { f2 = d; }
        }
    }
    return vec4(sqrt(f1), sqrt(f2), id, 0.0);
}

// Cellular noise with the exact distance to the nearest cell border.
// Returns (border distance, id, F1, unused).
vec4 pv_voronoi_edge(vec2 p, float jitter) {
    ivec2 ip = ivec2(floor(p));
    vec2 fp = fract(p);
    vec2 best = vec2(0.0);
    ivec2 bestc = ip;
    float f1 = 8.0;
    for (int j = -1; j <= 1; j++) {
        for (int i = -1; i <= 1; i++) {
            ivec2 c = ip + ivec2(i, j);
            vec2 o = vec2(i, j) + 0.5 + jitter * (pv_ihash22(c) - 0.5) - fp;
            float d = dot(o, o);
            if (d < f1) { f1 = d; best = o; bestc = c; }
        }
    }
    float edge = 8.0;
    for (int j = -2; j <= 2; j++) {
        for (int i = -2; i <= 2; i++) {
            ivec2 c = bestc + ivec2(i, j);
            vec2 o = vec2(c - ip) + 0.5 + jitter * (pv_ihash22(c) - 0.5) - fp;
            vec2 diff = o - best;
            if (dot(diff, diff) > 1e-5) {
                edge = min(edge, dot(0.5 * (best + o), diff / length(diff)));
            }
        }
    }
    return vec4(edge, pv_ihash12(bestc + ivec2(37, 91)), sqrt(f1), 0.0);
}

#endif
