// name: ice_frost
// family: ice
// author: procvision
// licence: MIT
// description: Frost on a window pane: feathery ice ferns growing from the edges and from scratches, branching at sharp angles, over a cold blurred view.
// params: iSeed.x fern scale, iSeed.y coverage, iSeed.z tint, iSeed.w branch angle

#include "hash.glsl"
#include "noise.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = fragCoord / iResolution.y;
    float sc = mix(2.0, 5.0, iSeed.x);
    vec2 p = uv * sc;
    // main stems: cells with one random stem direction; barbs at a fixed angle to the stem
    float frost = 0.0;
    float ang = mix(0.6, 1.1, iSeed.w);
    for (int layer = 0; layer < 3; layer++) {
        float ls = exp2(float(layer));
        vec2 q = p * ls + 7.3 * float(layer);
        ivec2 c = ivec2(floor(q));
        vec2 f = fract(q) - 0.5;
        if (pv_ihash12(c + ivec2(5, layer)) > 0.55) continue;  // not every cell holds a fern
        float a = 6.28 * pv_ihash12(c + ivec2(layer * 11));
        vec2 dir = vec2(cos(a), sin(a));
        vec2 nor = vec2(-dir.y, dir.x);
        float along = dot(f, dir), across = dot(f, nor);
        float stem = abs(across);
        // barbs: lines leaving the stem at +-ang, spaced along it
        float bs = 0.06;
        float sgn = sign(across);
        vec2 bd = vec2(cos(ang), sgn * sin(ang));
        float bpos = along - abs(across) / tan(ang);
        float barb = abs(fract(bpos / bs) - 0.5) * bs * sin(ang);
        float len = 0.35 * (1.0 - abs(along) * 1.6);
        float m = smoothstep(0.02, 0.0, stem) + smoothstep(0.012, 0.0, barb) * step(abs(across), len);
        m *= step(abs(along), 0.45);
        frost = max(frost, m * (1.0 - 0.25 * float(layer)));
    }
    // growth from the pane edges inward, advancing with time
    float edge = min(min(uv.x, 1.0 - uv.x * iResolution.y / iResolution.x), min(uv.y, 1.0 - uv.y));
    float cover = mix(0.15, 0.5, iSeed.y) + 0.02 * iTime + 0.1 * pv_fbm(uv * 3.0, 3);
    frost *= smoothstep(cover, cover - 0.1, edge);
    vec3 view = mix(vec3(0.1, 0.15, 0.25), vec3(0.35, 0.45, 0.6), pv_fbm(uv * 2.0, 3));
    view = mix(view, pv_hsv2rgb(vec3(iSeed.z, 0.4, 0.5)), 0.4);
    vec3 col = mix(view, vec3(0.85, 0.92, 1.0), clamp(frost, 0.0, 1.0));
    col += 0.15 * smoothstep(cover, cover - 0.2, edge);
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
