// name: waves_ripples
// family: waves
// author: procvision
// licence: MIT
// description: Interference of circular waves from several point sources, shaded like a water surface or as signed amplitude.
// params: iSeed.x source count, iSeed.y wavelength, iSeed.z rendering (water, amplitude, contour), iSeed.w palette

#include "hash.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    int n = 2 + int(iSeed.x * 6.0);
    float k = mix(20.0, 70.0, iSeed.y);
    float h = 0.0;
    vec2 g = vec2(0.0);
    for (int i = 0; i < 8; i++) {
        if (i >= n) break;
        vec2 src = (pv_seed2(20 + i) - 0.5) * 1.6;
        vec2 d = uv - src;
        float r = length(d) + 1e-4;
        float amp = 1.0 / (1.0 + 4.0 * r);
        float ph = k * r - 3.0 * iTime;
        h += amp * sin(ph);
        g += amp * cos(ph) * k * d / r;
    }
    int mode = int(iSeed.z * 3.0);
    vec3 col;
    if (mode == 0) {
        vec3 nrm = normalize(vec3(-0.02 * g, 1.0));
        vec3 water = pv_hsv2rgb(vec3(mix(0.45, 0.65, iSeed.w), 0.7, 0.5));
        float spec = pow(max(dot(reflect(vec3(0.0, 0.0, -1.0), nrm), normalize(vec3(0.3, 0.4, 1.0))), 0.0), 30.0);
        col = water * (0.6 + 0.6 * nrm.y) + spec;
    } else if (mode == 1) {
        col = pv_seedpal(0.5 + 0.35 * h + iSeed.w, 30);
    } else {
        col = pv_duotone(smoothstep(0.1, 0.0, abs(fract(2.0 * h) - 0.5) - 0.2), 40);
    }
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
