// name: electronics_chip
// family: electronics
// author: procvision
// licence: MIT
// description: A silicon die photograph: blocks of regular memory arrays, random-logic seas, wide buses and a ring of bond pads, in the iridescent false colours of a micrograph.
// params: iSeed.x block layout scale, iSeed.y memory fraction, iSeed.z colour tint, iSeed.w zoom

#include "hash.glsl"
#include "noise.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = fragCoord / iResolution.y;
    float zoom = mix(0.6, 1.6, iSeed.w);
    vec2 p = (uv - 0.5) / zoom + 0.5 + 0.02 * vec2(sin(0.2 * iTime), cos(0.2 * iTime));
    vec3 tint = pv_hsv2rgb(vec3(iSeed.z, 0.5, 1.0));
    vec3 col = vec3(0.15, 0.12, 0.1);
    bool onDie = all(greaterThan(p, vec2(0.04))) && all(lessThan(p, vec2(0.96)));
    if (onDie) {
        // floorplan: a 2-level split of the die into rectangular blocks
        float bs = mix(2.0, 5.0, iSeed.x);
        vec2 q = (p - 0.1) / 0.8 * bs;
        ivec2 b = ivec2(floor(q));
        vec2 f = fract(q);
        float hv = pv_ihash12(b + ivec2(int(pv_seed(1) * 50.0)));
        float splitAt = 0.3 + 0.4 * pv_ihash12(b + ivec2(4, 4));
        bool sx = hv < 0.5;
        float side = sx ? step(splitAt, f.x) : step(splitAt, f.y);
        float kind = pv_ihash12(b * 2 + ivec2(int(side), 9));
        float margin = min(min(f.x, 1.0 - f.x), min(f.y, 1.0 - f.y));
        margin = min(margin, abs((sx ? f.x : f.y) - splitAt));
        bool inCore = all(greaterThan(p, vec2(0.1))) && all(lessThan(p, vec2(0.9)));
        if (!inCore) {
            // pad ring
            vec2 pr = fract(p * 24.0) - 0.5;
            float pad = pv_sdBox2(pr, vec2(0.3));
            col = mix(vec3(0.35, 0.3, 0.25), vec3(0.85, 0.8, 0.6), step(pad, 0.0));
        } else if (margin < 0.04) {
            col = mix(vec3(0.7, 0.55, 0.3), vec3(0.5, 0.4, 0.3), step(0.5, fract(dot(p, vec2(1.0, 0.0)) * 300.0)));  // buses
        } else if (kind < iSeed.y) {
            vec2 m = fract(p * vec2(220.0, 160.0));
            col = mix(vec3(0.25, 0.35, 0.55), vec3(0.55, 0.65, 0.8), step(0.45, m.x) * step(0.3, m.y));
        } else {
            float logic = pv_vnoise(p * 300.0) * 0.6 + 0.4 * pv_vnoise(p * 90.0);
            col = mix(vec3(0.35, 0.25, 0.4), vec3(0.7, 0.5, 0.35), logic);
            col *= 0.85 + 0.15 * step(0.5, fract(p.y * 200.0));
        }
        col *= mix(vec3(1.0), tint, 0.35);
        col *= 0.85 + 0.3 * pv_fbm(p * 3.0 + 0.1 * iTime, 3);  // thin-film sheen
    }
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
