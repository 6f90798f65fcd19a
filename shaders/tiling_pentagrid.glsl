// name: tiling_pentagrid
// family: tiling
// author: procvision
// licence: MIT
// description: Penrose-like quasi-periodic tiling from a de Bruijn multigrid (5 or 7 line families); cells coloured by index sum.
// params: iSeed.x symmetry (5 or 7), iSeed.y line spacing, iSeed.z grid offsets, iSeed.w palette

#include "hash.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    int nfam = iSeed.x < 0.6 ? 5 : 7;
    float scale = mix(3.0, 9.0, iSeed.y);
    vec2 p = uv * scale + 0.1 * iTime * vec2(1.0, 0.3);
    float sum = 0.0, edge = 1e3, sumsq = 0.0;
    for (int k = 0; k < 7; k++) {
        if (k >= nfam) break;
        float a = 3.14159265 * float(k) / float(nfam);
        float proj = dot(p, vec2(cos(a), sin(a))) + pv_seed(10 + k) * iSeed.z + 0.2;
        float idx = floor(proj);
        sum += idx;
        sumsq += mod(idx, 2.0);
        edge = min(edge, min(fract(proj), 1.0 - fract(proj)));
    }
    float t = mod(sum, float(nfam)) / float(nfam);
    vec3 col = pv_seedpal(t + iSeed.w, 130);
    if (pv_seed(2) < 0.5) col *= 0.6 + 0.4 * sumsq / float(nfam);
    float px = scale / iResolution.y;
    float w = mix(0.0, 0.06, pv_seed(3));
    col *= mix(0.15, 1.0, smoothstep(w, w + px, edge));
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
