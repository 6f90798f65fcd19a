// name: fractal_kifs
// family: fractal
// author: procvision
// licence: MIT
// description: 2-D kaleidoscopic iterated function system (fold, rotate, scale) with line and point orbit traps.
// params: iSeed.x fold angle, iSeed.y scale factor, iSeed.z offset, iSeed.w palette and trap style

#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 p = (fragCoord - 0.5 * iResolution.xy) / iResolution.y * 3.0;
    float ang = mix(-0.6, 0.6, iSeed.x) + 0.03 * sin(0.3 * iTime);
    float s = mix(1.7, 2.5, iSeed.y);
    vec2 off = vec2(1.0, mix(0.1, 1.0, iSeed.z));
    mat2 r = pv_rot2(ang);
    float trap = 1e3, k = 1.0;
    for (int i = 0; i < 9; i++) {
        p = abs(p);
        if (p.x < p.y) p = p.yx;
        p = r * p;
        p = p * s - off * (s - 1.0);
        k *= s;
        trap = min(trap, abs(dot(p, p) - 0.5));
    }
    // Distance estimate to the attractor: a unit shape scaled back by k.
    float shape = pv_seed(2) < 0.5 ? length(p) - 0.9 : pv_sdBox2(p, vec2(0.75));
    float d = shape / k;
    float px = 2.2 / iResolution.y;
    vec3 ink = pv_seedpal(0.25 * log(1.0 + 8.0 * trap) + iSeed.w, 70);
    vec3 bg = pv_hsv2rgb(vec3(pv_seed(3), 0.4, 0.08 + 0.5 * step(0.6, pv_seed(4))));
    vec3 col = mix(bg, ink, smoothstep(px, 0.0, d));
    col += ink * 0.5 * exp(-max(d, 0.0) * 40.0) * step(0.0, d);
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
