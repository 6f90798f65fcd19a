// name: fire_flames
// family: fire
// author: procvision
// licence: MIT
// description: Flames rising from a line or a point: turbulent noise stretched upward and advected with time, through a black-body colour ramp from deep red to white, with sparks.
// params: iSeed.x flame height, iSeed.y source shape (line, pool, torch), iSeed.z colour (fire, gas blue, chemical), iSeed.w turbulence

#include "hash.glsl"
#include "noise.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - vec2(0.5 * iResolution.x, 0.0)) / iResolution.y;
    float height = mix(0.4, 1.0, iSeed.x);
    int src = int(iSeed.y * 2.99);
    float width = src == 0 ? 0.8 : (src == 1 ? 0.35 : 0.12);
    float turb = mix(0.5, 1.6, iSeed.w);
    vec2 q = vec2(uv.x * 3.0, uv.y * 2.0 - iTime * 1.8);
    float n = pv_fbm(q + turb * vec2(pv_fbm(q * 1.5 + 3.0, 3), 0.0), 5);
    float profile = 1.0 - smoothstep(0.0, width, abs(uv.x + 0.1 * (n - 0.5) * uv.y * 3.0));
    float heat = profile * (1.0 - uv.y / height) * 1.6 - (1.0 - n) * 0.9 * (0.4 + uv.y);
    heat = clamp(heat, 0.0, 1.0);
    int kind = int(iSeed.z * 2.99);
    vec3 col;
    if (kind == 0) col = vec3(1.5 * heat, 1.5 * heat * heat, heat * heat * heat * heat);
    else if (kind == 1) col = vec3(heat * heat * heat, heat * heat * 0.8, heat * 1.4);
    else col = pv_hsv2rgb(vec3(fract(pv_seed(1) + 0.1 * heat), 0.8, heat * 1.3));
    // sparks: bright specks rising and drifting
    vec2 sp = vec2(uv.x * 18.0, uv.y * 12.0 - iTime * 3.0);
    ivec2 sc = ivec2(floor(sp));
    vec2 sf = fract(sp) - 0.5 - 0.3 * (pv_ihash22(sc) - 0.5);
    float spark = smoothstep(0.08, 0.0, length(sf)) * step(0.9, pv_ihash12(sc)) * smoothstep(height * 1.3, 0.1, uv.y) * step(abs(uv.x), width + 0.2);
    col += spark * (kind == 1 ? vec3(0.5, 0.7, 1.0) : vec3(1.0, 0.7, 0.3));
    col += vec3(0.03, 0.01, 0.0) * (1.0 - uv.y);
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
