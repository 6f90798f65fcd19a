// name: landscape_layers
// family: landscape
// author: procvision
// licence: MIT
// description: Layered mountain silhouettes fading into the sky by aerial perspective, with a sun or moon disc.
// params: iSeed.x layer count, iSeed.y ridge roughness, iSeed.z time of day (sky colours), iSeed.w sun position

#include "noise.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = fragCoord / iResolution.xy;
    int mood = int(iSeed.z * 4.0);
    vec3 top, horizon, near;
    if (mood == 0) { top = vec3(0.25, 0.45, 0.8); horizon = vec3(0.8, 0.88, 0.95); near = vec3(0.1, 0.22, 0.15); }
    else if (mood == 1) { top = vec3(0.35, 0.15, 0.45); horizon = vec3(1.0, 0.55, 0.25); near = vec3(0.12, 0.05, 0.1); }
    else if (mood == 2) { top = vec3(0.01, 0.02, 0.08); horizon = vec3(0.1, 0.15, 0.3); near = vec3(0.0); }
    else { top = pv_hsv2rgb(vec3(pv_seed(1), 0.6, 0.5)); horizon = pv_hsv2rgb(vec3(pv_seed(2), 0.4, 0.95)); near = pv_hsv2rgb(vec3(pv_seed(3), 0.7, 0.2)); }
    vec3 col = mix(horizon, top, smoothstep(0.2, 1.0, uv.y));
    vec2 sun = vec2(iSeed.w, mix(0.45, 0.85, pv_seed(4)));
    float sd = length((uv - sun) * vec2(iResolution.x / iResolution.y, 1.0));
    col += (mood == 2 ? vec3(0.8) : vec3(1.0, 0.9, 0.6)) * (smoothstep(0.07, 0.06, sd) + 0.25 * exp(-sd * 8.0));
    int layers = 3 + int(iSeed.x * 4.0);
    float rough = mix(0.5, 1.0, iSeed.y);
    for (int i = 0; i < 7; i++) {
        if (i >= layers) break;
        float depth = float(i) / float(max(layers - 1, 1));  // 0 far .. 1 near
        float base = mix(0.6, 0.15, depth);
        float amp = mix(0.12, 0.3, depth) * rough;
        float x = uv.x * mix(2.0, 5.0, depth) + 0.08 * iTime * (0.3 + depth) + 13.7 * float(i) + 50.0 * pv_seed(5);
        float ridge = base + amp * (pv_fbm(vec2(x, float(i) * 3.1), 5) - 0.5) * 2.0;
        vec3 layer = mix(mix(horizon, top, 0.3), near, pow(depth, 0.8));
        float px = 1.5 / iResolution.y;
        col = mix(col, layer, smoothstep(ridge + px, ridge - px, uv.y));
    }
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
