// name: strokes_brush
// family: strokes
// author: procvision
// licence: MIT
// description: Impasto painting: short oriented brush strokes with bristle streaks and paint ridges following a flow field, colours sampled from a soft underlying scene.
// params: iSeed.x stroke size, iSeed.y stroke length, iSeed.z palette, iSeed.w flow turbulence

#include "hash.glsl"
#include "noise.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = fragCoord / iResolution.y;
    float n = mix(8.0, 24.0, iSeed.x);
    vec2 p = uv * n;
    ivec2 c0 = ivec2(floor(p));
    float len = mix(0.7, 1.6, iSeed.y);
    float best = -1.0;
    vec3 col = pv_seedpal(0.5, 4) * 0.4;
    float ridge = 0.0;
    float flow = 3.0 * mix(0.3, 1.5, iSeed.w);
    float turn = 6.28 * pv_seed(1);
    ivec2 top = c0;
    vec2 topq = vec2(0.0);
    float topd = 2.0;
    // strokes of the 3x3 neighbourhood; the one with the highest hash lies on top
    for (int j = -1; j <= 1; j++) {
        for (int i = -1; i <= 1; i++) {
            ivec2 c = c0 + ivec2(i, j);
            vec2 h = pv_ihash22(c);
            vec2 centre = vec2(c) + h;
            float ang = flow * pv_gfbm(centre / n * 2.0 + 0.03 * iTime, 2) + turn;
            vec2 q = pv_rot2(-ang) * (p - centre);
            vec2 e = q / vec2(len, 0.35);
            float d = length(e);
            float order = pv_ihash12(c + ivec2(71, 3));
            if (d < 1.0 && order > best) {
                best = order;
                top = c;
                topq = q;
                topd = d;
            }
        }
    }
    // paint only the stroke on top (its colour comes from the scene at its centre)
    if (best >= 0.0) {
        vec2 s = (vec2(top) + pv_ihash22(top)) / n;
        float tone = pv_fbm(s * 3.0 + 5.0 * pv_seed(2), 4);
        vec3 paint = pv_seedpal(fract(tone * 1.3 + iSeed.z), 4);
        float bristle = 0.75 + 0.25 * sin(topq.y * 60.0 + 3.0 * pv_hash12(vec2(top)));
        col = paint * bristle * (0.85 + 0.3 * (1.0 - topd) * (0.5 + 0.5 * topq.x / len));
        ridge = smoothstep(0.7, 1.0, topd);
    }
    col *= 1.0 - 0.35 * ridge;
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
