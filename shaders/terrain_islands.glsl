// name: terrain_islands
// family: terrain
// author: procvision
// licence: MIT
// description: An archipelago from above: hill-shaded islands with beaches, forest and bare peaks, turquoise shallows fading to deep water, and surf lines lapping the coasts.
// params: iSeed.x land fraction, iSeed.y feature scale, iSeed.z water colour, iSeed.w relief

#include "hash.glsl"
#include "noise.glsl"
#include "palette.glsl"

float height(vec2 p, float land) {
    return pv_fbm(p, 6) - 0.62 + 0.25 * land;
}

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    float sc = mix(2.0, 6.0, iSeed.y);
    vec2 p = uv * sc + 20.0 * pv_seed2(1);
    float land = iSeed.x;
    float h = height(p, land);
    float e = 1.5 / iResolution.y * sc;
    float hx = height(p + vec2(e, 0.0), land), hy = height(p + vec2(0.0, e), land);
    float relief = mix(4.0, 20.0, iSeed.w);
    vec3 n = normalize(vec3(-(hx - h) / e * relief * 0.05, -(hy - h) / e * relief * 0.05, 1.0));
    float sun = clamp(dot(n, normalize(vec3(-0.6, 0.5, 0.6))), 0.0, 1.0);
    vec3 deep = mix(vec3(0.02, 0.1, 0.3), vec3(0.05, 0.2, 0.25), iSeed.z);
    vec3 shallow = mix(vec3(0.2, 0.75, 0.75), vec3(0.35, 0.6, 0.5), iSeed.z);
    vec3 col;
    if (h < 0.0) {
        col = mix(deep, shallow, exp(h * 18.0));
        float surf = sin(h * 140.0 + 2.5 * iTime);
        col += 0.35 * smoothstep(0.9, 1.0, surf) * exp(h * 40.0);
        col += 0.04 * pv_vnoise(uv * 60.0 + iTime);
    } else {
        vec3 sand = vec3(0.9, 0.83, 0.6), forest = vec3(0.12, 0.35, 0.12), rock = vec3(0.5, 0.45, 0.4);
        col = mix(sand, forest, smoothstep(0.01, 0.03, h));
        col = mix(col, rock, smoothstep(0.12, 0.2, h));
        col = mix(col, vec3(0.95), smoothstep(0.25, 0.3, h) * step(0.5, pv_seed(2)));
        col *= 0.45 + 0.75 * sun;
    }
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
