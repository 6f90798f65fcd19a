// name: stripes_warped
// family: stripes
// author: procvision
// licence: MIT
// description: Parallel stripes bent by a gradient-noise warp (zebra, agate or op-art), hard or soft edges, 2-4 colours.
// params: iSeed.x stripe frequency, iSeed.y warp amount, iSeed.z edge hardness, iSeed.w colour scheme

#include "noise.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = fragCoord / iResolution.y;
    float ang = 3.14159265 * pv_seed(1);
    vec2 dir = vec2(cos(ang), sin(ang));
    float freq = mix(3.0, 14.0, iSeed.x);
    vec2 p = uv * 2.5 + 30.0 * pv_seed2(2) + 0.03 * iTime;
    float w = mix(0.2, 2.5, iSeed.y) * pv_gfbm(p, 5);
    float v = fract(freq * (dot(uv, dir) + w * 0.35));
    float hard = mix(0.25, 0.01, iSeed.z);
    int ncol = 2 + int(pv_seed(3) * 3.0);
    float idx = floor(fract(freq * (dot(uv, dir) + w * 0.35) / float(ncol)) * float(ncol));
    float edge = smoothstep(0.5 - hard, 0.5 + hard, v) * smoothstep(1.0, 1.0 - hard, v) + smoothstep(hard, 0.0, v);
    vec3 c0 = pv_seedpal(idx / float(ncol) + iSeed.w, 40);
    vec3 c1 = iSeed.w < 0.3 ? vec3(0.02) : pv_seedpal(idx / float(ncol) + iSeed.w + 0.5, 40);
    vec3 col = mix(c0, c1, edge);
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
