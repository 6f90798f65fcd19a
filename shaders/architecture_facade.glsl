// name: architecture_facade
// family: architecture
// author: procvision
// licence: MIT
// description: Building facades seen straight on: floors of windows with frames, sills and lit or dark panes, storeys and bays varying per building, side by side along a street.
// params: iSeed.x window size, iSeed.y wall palette, iSeed.z lit-window fraction (day or night), iSeed.w building width

#include "hash.glsl"
#include "noise.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = fragCoord / iResolution.y;
    uv.x += 0.03 * iTime;
    float bw = mix(0.3, 0.8, iSeed.w);
    float bi = floor(uv.x / bw);
    float bx = fract(uv.x / bw);
    float h = pv_hash11(bi + 0.5);
    float top = 0.6 + 0.35 * h;
    float night = step(0.5, iSeed.z);
    vec3 sky = night > 0.5 ? vec3(0.02, 0.03, 0.08) : mix(vec3(0.6, 0.75, 0.95), vec3(0.85, 0.9, 1.0), uv.y);
    vec3 wall = pv_stylepal(fract(h * 3.1 + pv_seed(1)), iSeed.y * 0.999, 2) * mix(1.0, 0.35, night);
    float ws = mix(0.035, 0.08, iSeed.x) * (0.8 + 0.4 * pv_hash11(bi + 3.5));
    vec2 g = vec2(bx * bw, uv.y) / vec2(ws * 1.4, ws * 1.8);
    ivec2 wc = ivec2(floor(g));
    vec2 wf = fract(g) - 0.5;
    float win = pv_sdBox2(wf, vec2(0.28, 0.32));
    float frame = abs(win) - 0.04;
    float arch = pv_hash11(bi + 9.5) < 0.3 ? length(wf - vec2(0.0, 0.1)) - 0.3 : 1e3;
    win = min(win, max(arch, -wf.y - 0.32));
    bool lit = pv_ihash12(wc + ivec2(int(bi) * 31, 7)) < mix(0.1, 0.7, iSeed.z) + 0.05 * sin(iTime + float(wc.x));
    vec3 pane = night > 0.5 ? (lit ? vec3(1.0, 0.8, 0.45) : vec3(0.05, 0.06, 0.1)) : mix(vec3(0.2, 0.3, 0.4), vec3(0.6, 0.75, 0.9), 0.5 + 0.5 * wf.y);
    vec3 col = wall * (0.9 + 0.1 * pv_vnoise(uv * 80.0));
    float edgeB = min(bx, 1.0 - bx) * bw;
    bool inside = edgeB > 0.02 && uv.y > 0.06 && uv.y < top - 0.04;
    if (inside) {
        col = mix(col, pane, step(win, 0.0));
        col = mix(col, wall * 0.7, step(frame, 0.0) * step(0.0, win + 0.06));
        col = mix(col, wall * 1.2, step(abs(wf.y + 0.36), 0.03) * step(abs(wf.x), 0.34));
    }
    col = mix(col, wall * 0.6, step(abs(uv.y - top + 0.02), 0.02));  // cornice
    if (uv.y > top) col = sky;
    if (uv.y < 0.06) col = vec3(0.3, 0.3, 0.32);
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
