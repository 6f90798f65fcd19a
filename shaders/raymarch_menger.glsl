// name: raymarch_menger
// family: raymarch
// author: procvision
// licence: MIT
// description: A ray-marched Menger-sponge-like fractal cube: a box with crosses cut out at three scales, turning slowly, lit with ambient occlusion from the iteration depth.
// params: iSeed.x cut width, iSeed.y iteration count, iSeed.z palette, iSeed.w rotation axis

#include "hash.glsl"
#include "sdf.glsl"
#include "palette.glsl"

float cutw;
int iters;
mat2 r1, r2;

float sdCross(vec3 p, float w) {
    vec3 a = abs(p);
    float dxy = max(a.x, a.y), dyz = max(a.y, a.z), dzx = max(a.z, a.x);
    return min(dxy, min(dyz, dzx)) - w;
}

float scene(vec3 p) {
    p.xz = r1 * p.xz;
    p.xy = r2 * p.xy;
    float d = pv_sdBox(p, vec3(1.0));
    float s = 1.0;
    for (int i = 0; i < 4; i++) {
        if (i >= iters) break;
        vec3 a = mod(p * s, 2.0) - 1.0;
        s *= 3.0;
        vec3 r = 1.0 - 3.0 * abs(a);
        float c = sdCross(r, cutw) / s;
        d = max(d, c);
    }
    return d;
}

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    cutw = mix(0.7, 1.1, iSeed.x);
    iters = 2 + int(iSeed.y * 2.99);
    float a1 = 0.3 * iTime + 6.28 * pv_seed(1);
    r1 = pv_rot2(a1);
    r2 = pv_rot2(0.6 + 0.5 * iSeed.w);
    vec3 ro = vec3(0.0, 0.0, -3.6);
    vec3 rd = normalize(vec3(uv, 1.4));
    float t = 0.0;
    bool hit = false;
    int steps = 0;
    for (int i = 0; i < 48; i++) {
        float d = scene(ro + rd * t);
        steps = i;
        if (d < 0.002) { hit = true; break; }
        t += d;
        if (t > 8.0) break;
    }
    vec3 bg = pv_seedpal(uv.y * 0.4 + 0.6, 4) * 0.35;
    vec3 col = bg;
    if (hit) {
        vec3 p = ro + rd * t;
        vec2 e = vec2(0.003, 0.0);
        vec3 n = normalize(vec3(scene(p + e.xyy) - scene(p - e.xyy), scene(p + e.yxy) - scene(p - e.yxy), scene(p + e.yyx) - scene(p - e.yyx)));
        float diff = clamp(dot(n, normalize(vec3(0.5, 0.8, -0.6))), 0.0, 1.0);
        float ao = 1.0 - float(steps) / 48.0;
        col = pv_seedpal(fract(iSeed.z + 0.2 * dot(n, vec3(1.0, 2.0, 3.0))), 4) * (0.2 + 0.8 * diff) * ao;
    }
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
