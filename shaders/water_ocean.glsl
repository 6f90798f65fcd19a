// name: water_ocean
// family: water
// author: procvision
// licence: MIT
// description: Open sea from above: sums of directional travelling waves with sun glitter, breaking whitecaps and foam streaks aligned with the wind, from calm to stormy.
// params: iSeed.x wave scale, iSeed.y wind direction, iSeed.z sea state (foam amount), iSeed.w water colour

#include "hash.glsl"
#include "noise.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    float sc = mix(4.0, 14.0, iSeed.x);
    vec2 p = uv * sc;
    float wind = 6.28 * iSeed.y;
    float h = 0.0;
    vec2 grad = vec2(0.0);
    float amp = 1.0, fr = 1.0;
    for (int i = 0; i < 9; i++) {
        float a = wind + 1.2 * (pv_seed(10 + i) - 0.5);
        vec2 k = vec2(cos(a), sin(a)) * fr;
        float ph = dot(p, k) - sqrt(fr) * 1.5 * iTime + 6.28 * pv_seed(20 + i);
        // trochoid-like crest: sharpen the sine towards the top
        float s = sin(ph);
        h += amp * (s + 0.3 * s * s);
        grad += amp * cos(ph) * (1.0 + 0.6 * s) * k;
        amp *= 0.72;
        fr *= 1.32;
    }
    vec3 n = normalize(vec3(-grad * 0.25, 1.0));
    vec3 Ls = normalize(vec3(0.3, 0.4, 0.85));
    vec3 deep = pv_hsv2rgb(vec3(mix(0.5, 0.62, iSeed.w), 0.85, 0.35));
    vec3 col = deep * (0.6 + 0.5 * n.z) + 0.15 * vec3(0.5, 0.7, 0.9) * (1.0 - n.z) * 4.0;
    float spec = pow(max(dot(reflect(-Ls, n), vec3(0.0, 0.0, 1.0)), 0.0), 80.0);
    col += vec3(1.0, 0.95, 0.85) * spec * 1.5;
    float foamAmt = iSeed.z;
    vec2 wd = vec2(cos(wind), sin(wind));
    float streak = pv_fbm(vec2(dot(p, wd) * 0.5, dot(p, vec2(-wd.y, wd.x)) * 4.0) + 0.2 * iTime, 4);
    float foam = smoothstep(3.0 - foamAmt, 3.6 - foamAmt, h + 0.8 * streak);
    col = mix(col, vec3(0.92, 0.95, 0.97), foam * 0.85);
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
