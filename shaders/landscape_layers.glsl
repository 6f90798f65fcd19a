// name: landscape_layers
// family: landscape
// author: procvision
// licence: MIT
// description: Layered mountain or hill silhouettes fading into the sky by aerial perspective, with a sun or moon disc; the horizon sits low or high, the view is level or tilted, the ranges are few and tall or many and rolling, at noon, sunset, night, in fog, in desert heat or in seeded colours.
// params: iSeed.x layer count, iSeed.y ridge roughness, iSeed.z time of day (sky colours: day, sunset, night, seeded, fog, desert), iSeed.w sun position; pv_seed(1..3) seeded-sky hues, pv_seed(4) sun height, pv_seed(5) ridge shapes, pv_seed(6) horizon height, pv_seed(7) camera tilt, pv_seed(8) peak height, pv_seed(9) ridge width, pv_seed(10) depth spread of the ranges, pv_seed(11) sun size

#include "noise.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = fragCoord / iResolution.xy;
    // camera tilt: roll the view about the centre
    uv = pv_rot2(0.35 * (pv_seed(7) - 0.5)) * (uv - 0.5) + 0.5;
    int mood = min(int(iSeed.z * 6.0), 5);
    vec3 top, horizon, near;
    if (mood == 0) { top = vec3(0.25, 0.45, 0.8); horizon = vec3(0.8, 0.88, 0.95); near = vec3(0.1, 0.22, 0.15); }
    else if (mood == 1) { top = vec3(0.35, 0.15, 0.45); horizon = vec3(1.0, 0.55, 0.25); near = vec3(0.12, 0.05, 0.1); }
    else if (mood == 2) { top = vec3(0.06, 0.09, 0.25); horizon = vec3(0.35, 0.42, 0.65); near = vec3(0.06, 0.07, 0.14); }
    else if (mood == 3) { top = pv_hsv2rgb(vec3(pv_seed(1), 0.6, 0.5)); horizon = pv_hsv2rgb(vec3(pv_seed(2), 0.4, 0.95)); near = pv_hsv2rgb(vec3(pv_seed(3), 0.7, 0.2)); }
    else if (mood == 4) { top = vec3(0.78, 0.8, 0.82); horizon = vec3(0.95, 0.95, 0.93); near = pv_hsv2rgb(vec3(0.45 + 0.2 * pv_seed(1), 0.25, 0.3)); }
    else { top = vec3(0.45, 0.65, 0.85); horizon = vec3(1.0, 0.88, 0.65); near = vec3(0.55, 0.3, 0.15); }
    vec3 col = mix(horizon, top, smoothstep(0.2, 1.0, uv.y));
    // horizon: where the farthest range sits; the nearest sits a seed distance below it
    float hzn = mix(0.3, 0.8, pv_seed(6));
    float nearBase = hzn - mix(0.15, 0.6, pv_seed(10)) * hzn;
    vec2 sun = vec2(iSeed.w, mix(hzn - 0.05, 0.95, pv_seed(4)));
    float sd = length((uv - sun) * vec2(iResolution.x / iResolution.y, 1.0));
    float sr = mix(0.03, 0.1, pv_seed(11));
    col += (mood == 2 ? vec3(0.8) : vec3(1.0, 0.9, 0.6)) * (smoothstep(sr, sr - 0.01, sd) * (mood == 4 ? 0.3 : 1.0) + 0.25 * exp(-sd * 8.0));
    int layers = 2 + int(iSeed.x * 6.0);
    float rough = mix(0.5, 1.0, iSeed.y) * mix(0.35, 1.6, pv_seed(8));
    float wid = mix(0.5, 2.0, pv_seed(9));
    for (int i = 0; i < 7; i++) {
        if (i >= layers) break;
        float depth = float(i) / float(max(layers - 1, 1));  // 0 far .. 1 near
        float base = mix(hzn, nearBase, depth);
        float amp = mix(0.12, 0.3, depth) * rough;
        float x = uv.x * mix(2.0, 5.0, depth) * wid + 0.08 * iTime * (0.3 + depth) + 13.7 * float(i) + 50.0 * pv_seed(5);
        float ridge = base + amp * (pv_fbm(vec2(x, float(i) * 3.1), 5) - 0.5) * 2.0;
        vec3 layer = mix(mix(horizon, top, 0.3), near, pow(depth, 0.8));
        float px = 1.5 / iResolution.y;
        col = mix(col, layer, smoothstep(ridge + px, ridge - px, uv.y));
    }
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
