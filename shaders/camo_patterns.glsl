// name: camo_patterns
// family: camo
// author: procvision
// licence: MIT
// description: Camouflage: stacked thresholded noise blotches in woodland, desert, urban, snow or vivid colours, smooth or pixelated (digital).
// params: iSeed.x colour scheme, iSeed.y blotch scale, iSeed.z pixelation, iSeed.w blotch coverage

#include "noise.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = fragCoord / iResolution.y;
    float px = mix(0.0, 0.06, step(0.55, iSeed.z) * iSeed.z);
    if (px > 0.0) uv = (floor(uv / px) + 0.5) * px;
    vec2 p = uv * mix(2.0, 6.0, iSeed.y) * vec2(1.0, mix(1.0, 2.0, pv_seed(1))) + 40.0 * pv_seed2(2) + 0.01 * iTime;
    int scheme = int(iSeed.x * 5.0);
    vec3 c[4];
    if (scheme == 0) { c[0] = vec3(0.33, 0.36, 0.2); c[1] = vec3(0.45, 0.35, 0.2); c[2] = vec3(0.15, 0.2, 0.1); c[3] = vec3(0.08, 0.07, 0.05); }
    else if (scheme == 1) { c[0] = vec3(0.8, 0.7, 0.5); c[1] = vec3(0.65, 0.5, 0.32); c[2] = vec3(0.5, 0.42, 0.3); c[3] = vec3(0.35, 0.28, 0.2); }
    else if (scheme == 2) { c[0] = vec3(0.6); c[1] = vec3(0.4); c[2] = vec3(0.25); c[3] = vec3(0.1); }
    else if (scheme == 3) { c[0] = vec3(0.95); c[1] = vec3(0.75, 0.78, 0.8); c[2] = vec3(0.5, 0.52, 0.55); c[3] = vec3(0.2); }
    else { for (int i = 0; i < 4; i++) c[i] = pv_hsv2rgb(vec3(fract(pv_seed(3) + 0.2 * float(i)), 0.8, 0.3 + 0.2 * float(i))); }
    vec3 col = c[0];
    float cover = mix(0.4, 0.62, iSeed.w);
    for (int i = 1; i < 4; i++) {
        // Stretch the fbm's narrow range so the coverage threshold is meaningful.
        float n = (pv_fbm(p * (1.0 + 0.35 * float(i)) + 17.0 * float(i), 4) - 0.5) * 2.5 + 0.5;
        float edge = px > 0.0 ? 0.001 : 0.02;
        col = mix(col, c[i], smoothstep(cover, cover + edge, n + 0.06 * float(i) - 0.06));
    }
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
