// name: fbm_ridged_terrain
// family: fbm
// author: procvision
// licence: MIT
// description: Top-down ridged-noise terrain map with hill shading, water level and elevation colour bands.
// params: iSeed.x sun direction, iSeed.y scale, iSeed.z water level, iSeed.w biome palette (earth, desert, alien, ice)

#include "noise.glsl"
#include "palette.glsl"

float terrain(vec2 p) {
    return 0.65 * pv_ridged(p, 4) + 0.35 * pv_fbm(p * 0.5 + 7.0, 2);
}

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = fragCoord / iResolution.y;
    float scale = mix(1.2, 5.0, iSeed.y);
    vec2 p = uv * scale + 80.0 * pv_seed2(3) + vec2(0.03 * iTime, 0.0);
    float e = 0.01 * scale;
    float h = terrain(p);
    float hx = terrain(p + vec2(e, 0.0));
    float hy = terrain(p + vec2(0.0, e));
    vec3 n = normalize(vec3((h - hx) * 3.0, (h - hy) * 3.0, e * 4.0 + 1e-4));
    float sa = 6.2831853 * iSeed.x;
    vec3 sun = normalize(vec3(cos(sa), sin(sa), 0.8));
    float shade = clamp(dot(n, sun), 0.0, 1.0);

    float water = mix(0.25, 0.55, iSeed.z);
    int biome = int(iSeed.w * 4.0);
    vec3 low, mid, high, sea;
    if (biome == 0) { low = vec3(0.2, 0.45, 0.15); mid = vec3(0.45, 0.38, 0.25); high = vec3(0.95); sea = vec3(0.05, 0.2, 0.45); }
    else if (biome == 1) { low = vec3(0.85, 0.65, 0.35); mid = vec3(0.7, 0.4, 0.2); high = vec3(0.45, 0.2, 0.1); sea = vec3(0.1, 0.5, 0.5); }
    else if (biome == 2) { low = pv_hsv2rgb(vec3(pv_seed(5), 0.7, 0.6)); mid = pv_hsv2rgb(vec3(pv_seed(6), 0.6, 0.5)); high = vec3(0.9, 0.9, 1.0); sea = vec3(0.3, 0.0, 0.35); }
    else { low = vec3(0.6, 0.7, 0.8); mid = vec3(0.8, 0.85, 0.9); high = vec3(1.0); sea = vec3(0.02, 0.05, 0.15); }

    float k = (h - water) / max(1.0 - water, 1e-3);
    vec3 land = mix(low, mid, smoothstep(0.1, 0.5, k));
    land = mix(land, high, smoothstep(0.55, 0.8, k));
    vec3 col = land * (0.25 + 0.85 * shade);
    // Contour lines every 0.05 of elevation.
    float c = abs(fract(h * 20.0) - 0.5);
    col *= mix(1.0, 0.75, smoothstep(0.45, 0.5, c) * step(0.5, pv_seed(7)));
    vec3 watercol = mix(sea * 1.6, sea * 0.5, smoothstep(0.0, 0.25, water - h));
    col = mix(watercol, col, smoothstep(-0.005, 0.005, h - water));
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
