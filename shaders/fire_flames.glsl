// name: fire_flames
// family: fire
// author: procvision
// licence: MIT
// description: Flames rising from a line or a point: turbulent noise stretched upward and advected with time, through a black-body colour ramp from deep red to white, with sparks, lighting up a dim surrounding scene and the ground below.
// params: iSeed.x flame height, iSeed.y source width (torch to line), iSeed.z colour temperature or tint, iSeed.w turbulence; pv_seed(12) colour kind (fire, gas blue, chemical), pv_seed(2..3) source position and ground height, pv_seed(5..7) backdrop hue, saturation and brightness, pv_seed(8) glow strength, pv_seed(9) flicker phase, pv_seed(1) chemical hue

#include "hash.glsl"
#include "noise.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv0 = (fragCoord - vec2(0.5 * iResolution.x, 0.0)) / iResolution.y;
    // the source sits at a seed place on the ground
    vec2 base = vec2(0.35 * (pv_seed(2) - 0.5), mix(0.0, 0.3, pv_seed(3)));
    vec2 uv = uv0 - base;
    // the flame's height breathes with time; the glow flickers with it
    float flicker = pv_vnoise(vec2(iTime * 7.0, 3.0 * pv_seed(9)));
    float height = mix(0.4, 1.0, iSeed.x) * (0.85 + 0.3 * flicker);
    float width = mix(0.1, 0.8, iSeed.y * iSeed.y);
    float turb = mix(0.5, 1.6, iSeed.w);
    vec2 q = vec2(uv.x * 3.0, uv.y * 2.0 - iTime * 1.8);
    float n = pv_fbm(q + turb * vec2(pv_fbm(q * 1.5 + 3.0, 3), 0.0), 5);
    float profile = 1.0 - smoothstep(0.0, width, abs(uv.x + 0.25 * (n - 0.5) * uv.y * 3.0));
    float heat = profile * (1.0 - uv.y / height) * 1.6 - (1.0 - n) * 0.9 * (0.4 + uv.y);
    heat = uv.y < 0.0 ? 0.0 : clamp(heat, 0.0, 1.0);
    // colour kind: mostly wood fire, some gas-blue, some chemical; iSeed.z shifts the ramp within the kind
    float kk = pv_seed(12);
    int kind = kk < 0.5 ? 0 : (kk < 0.7 ? 1 : 2);
    float tz = iSeed.z;
    vec3 col, glowc;
    if (kind == 0) {
        col = vec3(1.5 * heat, mix(1.1, 1.6, tz) * heat * heat, heat * heat * heat * heat * mix(0.3, 1.5, tz));
        glowc = vec3(1.0, mix(0.35, 0.6, tz), mix(0.05, 0.2, tz));
    } else if (kind == 1) {
        col = vec3(heat * heat * heat, heat * heat * mix(0.5, 1.0, tz), heat * 1.4);
        glowc = vec3(0.3, 0.45 * mix(0.5, 1.0, tz), 1.0);
    } else {
        float hue = fract(pv_seed(1) + 0.3 * tz);
        col = pv_hsv2rgb(vec3(fract(hue + 0.1 * heat), 0.8, heat * 1.3));
        glowc = pv_hsv2rgb(vec3(hue, 0.8, 1.0));
    }
    // surroundings: a dim scene of seed colour, a darker ground, both lit by the flame's glow
    vec3 bg = pv_hsv2rgb(vec3(pv_seed(5), mix(0.1, 0.7, pv_seed(6)), mix(0.0, 0.3, pv_seed(7))));
    bg *= uv.y < 0.0 ? 0.45 : 1.0 - 0.4 * smoothstep(0.0, 1.0, uv.y);
    float fsize = (0.5 * width + 0.4 * height);
    float glow = (0.8 + 0.4 * flicker) * mix(0.15, 0.7, pv_seed(8)) * exp(-length(uv * vec2(1.0, 1.6) - vec2(0.0, 0.2 * height)) / fsize * 1.5);
    col += bg + glowc * glow * (uv.y < 0.0 ? 0.6 : 1.0);
    // sparks: bright specks rising and drifting
    vec2 sp = vec2(uv.x * 18.0, uv.y * 12.0 - iTime * 3.0);
    ivec2 sc = ivec2(floor(sp));
    vec2 sf = fract(sp) - 0.5 - 0.3 * (pv_ihash22(sc) - 0.5);
    float spark = smoothstep(0.08, 0.0, length(sf)) * step(0.9, pv_ihash12(sc)) * smoothstep(height * 1.3, 0.1, uv.y) * step(abs(uv.x), width + 0.2) * step(0.0, uv.y);
    col += spark * (kind == 1 ? vec3(0.5, 0.7, 1.0) : vec3(1.0, 0.7, 0.3));
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
