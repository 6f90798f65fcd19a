// name: stone_cobbles
// family: stone
// author: procvision
// licence: MIT
// description: A cobbled street from above: rounded stones of varied tone set in rows, arcs (fan pattern) or at random, with sandy or mossy joints, wet sheen after rain.
// params: iSeed.x stone size, iSeed.y layout (rows, fans, random), iSeed.z stone palette, iSeed.w joint moss and wetness

#include "hash.glsl"
#include "noise.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    float sc = mix(5.0, 14.0, iSeed.x);
    vec2 p = uv * sc + vec2(0.0, 0.3 * iTime);
    int lay = int(iSeed.y * 2.99);
    if (lay == 0) {  // running rows: offset every other row
        p.x += 0.5 * mod(floor(p.y), 2.0);
        p.y *= 1.3;
    } else if (lay == 1) {  // fans: arcs of a polar grid repeated in cells
        vec2 cell = floor(p / 4.0);
        vec2 q = p - cell * 4.0 - vec2(2.0, 0.0);
        float r = length(q);
        float a = pv_atan2(q.y, q.x);
        p = vec2(a * r, r * 1.2) + cell * 17.0;
    }
    vec4 v = pv_voronoi_edge(p, lay == 2 ? 0.9 : 0.35);
    float stone = smoothstep(0.03, 0.15, v.x);
    float dome = sqrt(clamp(v.x * 2.5, 0.0, 1.0));
    vec3 sc1 = pv_stylepal(fract(v.y * 0.3 + pv_seed(1)), iSeed.z * 0.999, 3) * 0.5 + 0.3 * vec3(v.y);
    vec3 col = sc1 * (0.6 + 0.4 * dome) * (0.85 + 0.2 * pv_vnoise(p * 7.0));
    vec3 joint = mix(vec3(0.5, 0.45, 0.35), vec3(0.2, 0.35, 0.12), iSeed.w);
    col = mix(joint * (0.7 + 0.3 * pv_vnoise(p * 20.0)), col, stone);
    float wet = iSeed.w * smoothstep(0.5, 0.8, pv_fbm(uv * 2.0 + 0.1 * iTime, 3));
    col += wet * 0.25 * pow(dome, 8.0) * stone;
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
