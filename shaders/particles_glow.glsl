// name: particles_glow
// family: particles
// author: procvision
// licence: MIT
// description: Glowing particles (bokeh discs or sharp sparks) drifting in a cluster, a streak or across the whole frame, over a two-colour gradient that ranges from night-dark to bright.
// params: iSeed.x particle count, iSeed.y size, iSeed.z disc vs spark style, iSeed.w palette; pv_seed(1) backdrop hue, pv_seed(2) backdrop brightness (night to bright), pv_seed(3) gradient direction, pv_seed(4..5) backdrop saturation and second hue, pv_seed2(6) cluster centre, pv_seed(7..9) cluster spread and angle, pv_seed(10) particle brightness

#include "hash.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = fragCoord / iResolution.y;
    float aspect = iResolution.x / iResolution.y;
    int n = 8 + int(iSeed.x * 24.0);
    float size = mix(0.022, 0.1, iSeed.y);
    bool bokeh = iSeed.z < 0.5;
    // backdrop: a two-colour gradient along a seed direction, from night-dark to bright
    float bgv = mix(0.1, 0.85, pv_seed(2));
    vec2 gd = vec2(cos(6.28 * pv_seed(3)), sin(6.28 * pv_seed(3)));
    float gt = smoothstep(-0.7, 0.7, dot(uv - vec2(0.5 * aspect, 0.5), gd));
    vec3 col = mix(pv_hsv2rgb(vec3(pv_seed(1), mix(0.3, 0.9, pv_seed(4)), bgv * 0.45)),
                   pv_hsv2rgb(vec3(fract(pv_seed(1) + 0.25 * (pv_seed(5) - 0.5)), mix(0.3, 0.9, pv_seed(4)), bgv)), gt);
    // Two palette ends computed once; each particle mixes between them.
    vec3 pal0 = pv_seedpal(iSeed.w, 110), pal1 = pv_seedpal(iSeed.w + 0.6, 110);
    // particles gather around a seed point with a seed spread: a cluster, a streak or the whole frame
    vec2 centre = vec2(aspect, 1.0) * (0.25 + 0.5 * pv_seed2(6));
    vec2 spread = vec2(aspect, 1.0) * mix(vec2(0.3), vec2(1.3), vec2(pv_seed(7), pv_seed(8)));
    mat2 rot = pv_rot2(6.28 * pv_seed(9));
    float gain = mix(0.8, 2.0, pv_seed(10));
    vec3 light = vec3(0.0);
    for (int i = 0; i < 32; i++) {
        if (i >= n) break;
        vec3 h = pv_hash33(vec3(float(i), iSeed.xy * 97.0));
        vec2 pos = fract(h.xy + vec2(0.02, 0.05) * iTime * (h.z - 0.5)) - 0.5;
        pos = centre + rot * (pos * spread);
        float d = length(uv - pos);
        float s = size * (0.4 + 1.2 * h.z);
        vec3 c = mix(pal0, pal1, h.z);
        if (bokeh) light += c * 0.6 * smoothstep(s, s * 0.85, d) * (0.6 + 0.4 * smoothstep(0.5 * s, s, d));
        else light += c * (0.004 / (d * d + 0.0004) * s * 4.0);
    }
    // light added to the scene, screen-like so it still shows on a bright backdrop
    light = clamp(light * gain, 0.0, 4.0);
    light = light / (1.0 + 0.3 * light);
    col = 1.0 - (1.0 - col) * (1.0 - clamp(light, 0.0, 1.0));
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
