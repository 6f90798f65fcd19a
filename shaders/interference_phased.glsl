// name: interference_phased
// family: interference
// author: procvision
// licence: MIT
// description: Wave intensity of a row of coherent point sources (a phased array or multiple slits): beams and side lobes fanning out, steered by a phase gradient that sweeps with time.
// params: iSeed.x source count, iSeed.y wavelength, iSeed.z source spacing, iSeed.w colour map and array tilt

#include "hash.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    uv = pv_rot2(3.14159 * (iSeed.w - 0.5)) * uv;
    int n = 2 + int(iSeed.x * 10.0);
    float lambda = mix(0.015, 0.06, iSeed.y);
    float kw = 6.2831853 / lambda;
    float sp = mix(0.3, 1.5, iSeed.z) * lambda;
    float steer = 1.5 * sin(0.3 * iTime);
    vec2 sum = vec2(0.0);
    vec2 base = vec2(0.0, -0.45);
    for (int i = 0; i < 12; i++) {
        if (i >= n) break;
        float x = (float(i) - 0.5 * float(n - 1)) * sp;
        vec2 d = uv - base - vec2(x, 0.0);
        float r = length(d) + 1e-4;
        float ph = kw * r - float(i) * steer - 2.0 * iTime;
        sum += vec2(cos(ph), sin(ph)) / sqrt(r);
    }
    float inten = dot(sum, sum) / float(n * n) * 0.4;
    float wave = 0.5 + 0.5 * sum.x / (length(sum) + 1e-4);
    float t = clamp(inten, 0.0, 1.0);
    vec3 col = pv_stylepal(0.15 + 0.7 * t, pv_seed(1), 3) * (0.15 + 0.85 * sqrt(t));
    col *= mix(1.0, 0.6 + 0.4 * wave, pv_seed(2));
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
