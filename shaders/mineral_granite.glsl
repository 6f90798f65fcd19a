// name: mineral_granite
// family: mineral
// author: procvision
// licence: MIT
// description: Polished granite slab: interlocking grains of quartz, feldspar and mica at two sizes, with a glint of specular light sliding across.
// params: iSeed.x grain size, iSeed.y feldspar colour (pink, white, green, grey), iSeed.z mica fraction, iSeed.w gloss

#include "hash.glsl"
#include "noise.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    float sc = mix(12.0, 45.0, iSeed.x);
    vec2 p = uv * sc + 50.0 * pv_seed2(1);
    vec4 big = pv_voronoi(p, 1.0);
    vec4 small = pv_voronoi(p * 3.1 + 7.0, 1.0);
    float pick = big.z;
    if (small.z < 0.35) pick = fract(small.z * 7.3);
    float mica = mix(0.1, 0.35, iSeed.z);
    vec3 feld = pv_hsv2rgb(vec3(fract(0.98 + 0.4 * iSeed.y), mix(0.15, 0.55, pv_seed(2)), 0.85));
    if (iSeed.y > 0.75) feld = vec3(0.7);
    vec3 col;
    if (pick < mica) col = vec3(0.05, 0.05, 0.06) + 0.1 * pv_hash12(floor(p * 9.0));
    else if (pick < mica + 0.35) col = vec3(0.55, 0.56, 0.58) * (0.7 + 0.4 * pv_vnoise(p * 6.0));
    else col = feld * (0.75 + 0.25 * fract(pick * 13.0));
    col *= 0.85 + 0.15 * smoothstep(0.0, 0.05, big.y - big.x);
    // specular sweep
    float gloss = mix(0.1, 0.5, iSeed.w);
    float sweep = exp(-pow((uv.x + uv.y) * 2.0 - 2.0 * sin(0.4 * iTime), 2.0) * 3.0);
    col += gloss * sweep * (pick < mica ? 1.4 : 0.6);
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
