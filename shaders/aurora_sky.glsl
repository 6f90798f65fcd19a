// name: aurora_sky
// family: aurora
// author: procvision
// licence: MIT
// description: Night sky with rippling aurora curtains above a dark horizon, with stars; green, violet or seeded curtain colours.
// params: iSeed.x curtain height, iSeed.y ripple frequency, iSeed.z colours, iSeed.w horizon and brightness

#include "noise.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = fragCoord / iResolution.xy;
    vec3 col = mix(vec3(0.0, 0.02, 0.06), vec3(0.0, 0.0, 0.02), uv.y);
    // Stars.
    vec2 sp = fragCoord / iResolution.y * 40.0;
    float st = pv_ihash12(ivec2(floor(sp)) + ivec2(floor(100.0 * pv_seed2(1))));
    col += vec3(0.9) * step(0.985, st) * smoothstep(0.4, 0.0, length(fract(sp) - 0.5));
    vec3 c0 = iSeed.z < 0.4 ? vec3(0.1, 1.0, 0.4) : pv_hsv2rgb(vec3(iSeed.z, 0.8, 1.0));
    vec3 c1 = iSeed.z < 0.7 ? vec3(0.6, 0.2, 0.9) : pv_hsv2rgb(vec3(pv_seed(2), 0.8, 1.0));
    float freq = mix(2.0, 6.0, iSeed.y);
    for (int i = 0; i < 3; i++) {
        float fi = float(i);
        float x = uv.x * freq * (1.0 + 0.3 * fi) + 10.0 * pv_seed(3 + i);
        float base = mix(0.35, 0.6, iSeed.x) + 0.12 * (pv_fbm(vec2(x * 0.5, fi * 7.0 + 0.05 * iTime), 3) - 0.5) * 2.0 + 0.08 * fi;
        float h = uv.y - base;
        // Bright lower edge that fades upward, striated by fine vertical rays.
        float curtain = smoothstep(-0.02, 0.01, h) * exp(-max(h, 0.0) * mix(4.0, 10.0, pv_seed(6 + i)));
        float rays = 0.5 + 0.5 * pv_vnoise(vec2(x * 12.0, 0.3 * iTime + fi));
        col += mix(c0, c1, clamp(h * 3.0, 0.0, 1.0)) * curtain * rays * mix(0.5, 1.0, iSeed.w);
    }
    float hz = 0.08 + 0.06 * iSeed.w * pv_fbm(vec2(uv.x * 6.0, 3.0), 3);
    col = mix(col, vec3(0.01, 0.015, 0.02), smoothstep(hz + 0.005, hz - 0.005, uv.y));
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
