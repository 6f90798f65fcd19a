// name: terrain_dunes
// family: terrain
// author: procvision
// licence: MIT
// description: A dune sea from above: asymmetric crescent ridges with sharp slip faces casting shadow, fine wind ripples over them, on golden, red or white sand.
// params: iSeed.x dune spacing, iSeed.y wind direction, iSeed.z sand colour, iSeed.w ripple strength

#include "hash.glsl"
#include "noise.glsl"
#include "sdf.glsl"
#include "palette.glsl"

float dune(vec2 p) {
    float w = p.x + 0.8 * pv_gfbm(p * 0.35, 4) * 3.0;
    float s = fract(w);
    // gentle windward slope, steep lee face
    return smoothstep(0.0, 0.8, s) * (1.0 - smoothstep(0.8, 1.0, s)) * (0.7 + 0.3 * pv_vnoise(p * 0.5));
}

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    uv = pv_rot2(6.28 * iSeed.y) * uv;
    float sc = mix(3.0, 9.0, iSeed.x);
    vec2 p = uv * sc + vec2(0.05 * iTime, 20.0 * pv_seed(1));
    float h = dune(p);
    float e = 0.02;
    float hx = dune(p + vec2(e, 0.0)), hy = dune(p + vec2(0.0, e));
    vec2 g = vec2(hx - h, hy - h) / e;
    float rip = mix(0.0, 0.08, iSeed.w) * sin(dot(p, vec2(1.0, 0.3)) * 40.0 + 3.0 * pv_gnoise(p * 3.0));
    vec3 n = normalize(vec3(-g * 0.12 - rip * vec2(1.0, 0.3), 1.0));
    vec3 L = normalize(vec3(cos(0.2 * iTime + 2.0), sin(0.2 * iTime + 2.0), 0.5));
    float diff = clamp(dot(n, L), 0.0, 1.0);
    int k = int(iSeed.z * 2.99);
    vec3 sand = k == 0 ? vec3(0.92, 0.72, 0.42) : (k == 1 ? vec3(0.78, 0.38, 0.2) : vec3(0.93, 0.9, 0.86));
    vec3 col = sand * (0.3 + 0.85 * diff);
    col = mix(col * vec3(0.7, 0.75, 0.95), col, smoothstep(0.0, 0.3, diff));
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
