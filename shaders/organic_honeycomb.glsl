// name: organic_honeycomb
// family: organic
// author: procvision
// licence: MIT
// description: Honeycomb: hexagonal wax cells, some capped, some open with glossy honey or larvae, seen at a tilt and any rotation with wax walls catching the light; the comb ranges from fresh white wax to dark old brood comb, and may end in a ragged edge against the dark hive, a wooden frame or bright daylight.
// params: iSeed.x cell size, iSeed.y capped fraction, iSeed.z wax age (white to dark brown) and honey shade, iSeed.w tilt; pv_seed(1) lattice rotation, pv_seed(2) light level, pv_seed(3..4) comb edge direction and position, pv_seed(5..7) background hue, saturation and brightness, pv_seed(8) honey hue, pv_seed(9) larva fraction

#include "hash.glsl"
#include "noise.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv0 = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    vec2 uv = pv_rot2(6.2831853 * pv_seed(1)) * uv0;
    uv.y *= 1.0 + 0.6 * iSeed.w * uv.y;
    float cs = iSeed.x;
    float n = mix(2.5, 20.0, cs * cs);
    vec2 p = uv * n + vec2(0.1 * iTime, 0.0) + 20.0 * pv_seed2(3);
    // hex lattice: pick the nearer of two offset rectangular lattices' centres
    vec2 s = vec2(1.0, 1.7320508);
    vec2 a = mod(p, s) - 0.5 * s;
    vec2 b = mod(p + 0.5 * s, s) - 0.5 * s;
    vec2 g = dot(a, a) < dot(b, b) ? a : b;
    vec2 id = p - g;
    float d = -pv_sdHexagon(pv_rot2(0.5236) * g, 0.5);
    float h = pv_hash12(floor(id * 2.0 + 0.5) + floor(pv_seed(4) * 64.0));
    // wax darkens with age: fresh white-yellow, golden, brown, near-black brood comb
    float age = iSeed.z;
    vec3 wax = pv_hsv2rgb(vec3(mix(0.14, 0.06, age), mix(0.25, 0.85, sqrt(age)), mix(0.97, 0.28, age * age)));
    float hz = pv_seed(8);
    vec3 honey = pv_hsv2rgb(vec3(mix(0.04, 0.14, hz), mix(0.95, 0.6, hz), mix(0.55, 1.0, hz)));
    float light = mix(0.55, 1.3, pv_seed(2));
    vec3 col;
    float wall = smoothstep(0.03, 0.08, d);
    float capped = mix(0.05, 0.9, iSeed.y);
    if (h < capped) {
        col = wax * (0.85 + 0.15 * pv_vnoise(p * 12.0)) * (0.8 + 0.4 * d);  // cap dome
    } else if (h > 1.0 - 0.15 * pv_seed(9)) {
        col = vec3(0.95, 0.92, 0.82) * smoothstep(0.35, 0.2, length(g));  // larva
        col += wax * 0.3;
    } else {
        col = honey * (0.35 + 0.65 * d * 2.5);
        col += 0.5 * smoothstep(0.12, 0.0, length(g - vec2(0.12, 0.14) - 0.03 * vec2(sin(iTime), cos(iTime))));
    }
    col = mix(wax * 1.15, col, wall) * light;
    // the comb may stop at a ragged edge; beyond it the hive, a frame or the sky
    float ea = 6.2831853 * pv_seed(3);
    float edge = dot(uv0, vec2(cos(ea), sin(ea))) - mix(-0.1, 1.2, pv_seed(4)) + 0.08 * pv_vnoise(uv0 * 6.0 + 3.0 * pv_seed(5));
    vec3 bg = pv_hsv2rgb(vec3(pv_seed(5), mix(0.0, 0.6, pv_seed(6)), mix(0.05, 0.95, pv_seed(7))));
    bg *= 0.85 + 0.3 * pv_vnoise(uv0 * 3.0 + 0.05 * iTime);
    col = mix(col, wax * 0.6, smoothstep(-0.03, 0.0, edge));
    col = mix(col, bg, smoothstep(0.0, 0.01, edge));
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
