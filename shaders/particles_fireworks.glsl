// name: particles_fireworks
// family: particles
// author: procvision
// licence: MIT
// description: Fireworks bursts over a night skyline: shells exploding into rings of sparks falling under gravity with fading trails, in cycling colours, with haze and reflections.
// params: iSeed.x burst count, iSeed.y sparks per burst, iSeed.z hue spread, iSeed.w burst size

#include "hash.glsl"
#include "noise.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = fragCoord / iResolution.y;
    vec3 col = mix(vec3(0.0, 0.0, 0.03), vec3(0.04, 0.03, 0.1), uv.y);
    int bursts = 1 + int(iSeed.x * 3.99);
    int sparks = 16 + int(iSeed.y * 24.0);
    float size = mix(0.15, 0.35, iSeed.w);
    for (int b = 0; b < 4; b++) {
        if (b >= bursts) break;
        float period = 3.0 + pv_seed(10 + b);
        float tb = iTime + period * pv_seed(20 + b);
        float cycle = floor(tb / period);
        float age = fract(tb / period) * period;
        vec2 ctr = vec2(0.2 + 0.6 * pv_hash11(cycle + float(b) * 7.0), 0.55 + 0.3 * pv_hash11(cycle * 3.0 + float(b)));
        vec3 hue = pv_hsv2rgb(vec3(fract(pv_seed(30 + b) + iSeed.z * pv_hash11(cycle + 1.3)), 0.7, 1.0));
        float fade = exp(-age * 0.7);
        if (length(uv - ctr + vec2(0.0, 0.05 * age * age)) > size * 1.1 + 0.15) continue;
        for (int s = 0; s < 40; s++) {
            if (s >= sparks) break;
            float ang = 6.2831853 * (float(s) + 0.3 * pv_hash11(float(s) + cycle)) / float(sparks);
            float speed = size * (0.8 + 0.2 * pv_hash11(float(s) * 1.7 + cycle));
            vec2 v = vec2(cos(ang), sin(ang)) * speed;
            // position under drag and gravity; the trail is the segment back along the path
            float tt = 1.0 - exp(-age * 2.0);
            vec2 pos = ctr + v * tt - vec2(0.0, 0.05 * age * age);
            vec2 prev = ctr + v * tt * 0.7 - vec2(0.0, 0.05 * age * age * 0.8);
            vec2 pa = uv - prev, ba = pos - prev;
            float h = clamp(dot(pa, ba) / max(dot(ba, ba), 1e-6), 0.0, 1.0);
            float d = length(pa - ba * h);
            // the glow is windowed to 0.15 so that skipping distant bursts leaves no edge
            col += hue * fade * (0.004 / (d + 0.003)) * (0.3 + 0.7 * h) * smoothstep(0.15, 0.0, d);
        }
    }
    // skyline silhouette and water reflection band
    float bx = floor(uv.x * 20.0);
    float bh = 0.12 + 0.12 * pv_hash11(bx + 0.5 + 10.0 * pv_seed(5));
    if (uv.y < bh && uv.y > 0.08) col = vec3(0.01) + step(0.92, pv_hash12(floor(uv * vec2(120.0, 90.0)))) * vec3(0.6, 0.5, 0.2);
    if (uv.y < 0.08) col = col * 0.3 + 0.05 * pv_vnoise(vec2(uv.x * 30.0, uv.y * 200.0 + iTime));
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
