// name: interference_phased
// family: interference
// author: procvision
// licence: MIT
// description: Wave field of a row of coherent point sources (a phased array or multiple slits): beams and side lobes fanning out, steered by a phase gradient that sweeps with time; shown as a glowing intensity map, as a ripple-tank snapshot of the crests, or as dark fringes printed on light paper, with the array anywhere in the frame at any angle.
// params: iSeed.x source count, iSeed.y wavelength, iSeed.z source spacing, iSeed.w array orientation; pv_seed(1) colour map style, pv_seed(2) crest visibility, pv_seed(3) display (intensity, ripple tank, print), pv_seed2(4) array position, pv_seed(5) exposure, pv_seed(6) paper hue, pv_seed(7) steering range

#include "hash.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    // the array sits at a seed place (centre to near an edge), facing a seed direction
    vec2 base = (pv_seed2(4) - 0.5) * vec2(0.8, 0.6);
    uv = pv_rot2(6.2831853 * iSeed.w) * (uv - base);
    int n = 2 + int(iSeed.x * 10.0);
    float lambda = mix(0.015, 0.08, iSeed.y * iSeed.y);
    float kw = 6.2831853 / lambda;
    float sp = mix(0.3, 1.5, iSeed.z) * lambda;
    float steer = mix(0.5, 2.0, pv_seed(7)) * sin(0.3 * iTime);
    vec2 sum = vec2(0.0);
    for (int i = 0; i < 12; i++) {
        if (i >= n) break;
        float x = (float(i) - 0.5 * float(n - 1)) * sp;
        vec2 d = uv - vec2(x, 0.0);
        float r = length(d) + 1e-4;
        float ph = kw * r - float(i) * steer - 2.0 * iTime;
        sum += vec2(cos(ph), sin(ph)) / sqrt(r);
    }
    float inten = dot(sum, sum) / float(n * n) * 0.4;
    float wave = 0.5 + 0.5 * sum.x / (length(sum) + 1e-4);
    float t = 1.0 - exp(-inten * mix(1.0, 4.0, pv_seed(5)));
    int mode = pv_seed_int(3, 0, 2);
    vec3 col;
    if (mode == 0) {
        // glowing intensity map on a dark ground
        col = pv_stylepal(0.15 + 0.7 * t, pv_seed(1), 3) * (0.15 + 0.85 * sqrt(t));
        col *= mix(1.0, 0.6 + 0.4 * wave, pv_seed(2));
    } else if (mode == 1) {
        // ripple tank: the crests themselves, brightest where the beams are
        float crest = mix(0.5, wave, sqrt(t));
        col = pv_duotone(crest, 8) * (0.55 + 0.6 * sqrt(t));
    } else {
        // print: dark beams and fringes on light, slightly tinted paper
        vec3 paper = pv_hsv2rgb(vec3(pv_seed(6), 0.15, 0.95));
        float tp = 1.0 - exp(-inten * mix(3.0, 8.0, pv_seed(5)));
        vec3 ink = pv_stylepal(0.3 + 0.5 * tp, pv_seed(1), 3) * 0.35;
        col = mix(paper, ink, tp * mix(1.0, 0.5 + 0.5 * wave, pv_seed(2)));
    }
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
