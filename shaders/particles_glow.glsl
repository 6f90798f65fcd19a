// name: particles_glow
// family: particles
// author: procvision
// licence: MIT
// description: Additive glowing particles (bokeh discs or sharp sparks) drifting over a dark gradient.
// params: iSeed.x particle count, iSeed.y size, iSeed.z disc vs spark style, iSeed.w palette

#include "hash.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = fragCoord / iResolution.y;
    int n = 6 + int(iSeed.x * 26.0);
    float size = mix(0.01, 0.08, iSeed.y);
    bool bokeh = iSeed.z < 0.5;
    vec3 col = pv_hsv2rgb(vec3(pv_seed(1), 0.7, 0.05 + 0.15 * uv.y));
    // Two palette ends computed once; each particle mixes between them.
    vec3 pal0 = pv_seedpal(iSeed.w, 110), pal1 = pv_seedpal(iSeed.w + 0.6, 110);
    for (int i = 0; i < 32; i++) {
        if (i >= n) break;
        vec3 h = pv_hash33(vec3(float(i), iSeed.xy * 97.0));
        vec2 pos = fract(h.xy + vec2(0.02, 0.05) * iTime * (h.z - 0.5));
        pos.x *= iResolution.x / iResolution.y;
        float d = length(uv - pos);
        float s = size * (0.4 + 1.2 * h.z);
        vec3 c = mix(pal0, pal1, h.z);
        if (bokeh) col += c * 0.6 * smoothstep(s, s * 0.85, d) * (0.6 + 0.4 * smoothstep(0.5 * s, s, d));
        else col += c * (0.004 / (d * d + 0.0004) * s * 4.0);
    }
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
