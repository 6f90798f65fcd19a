// name: organic_honeycomb
// family: organic
// author: procvision
// licence: MIT
// description: Honeycomb: hexagonal wax cells, some capped, some open with glossy honey or larvae, seen at a slight tilt with wax walls catching the light.
// params: iSeed.x cell size, iSeed.y capped fraction, iSeed.z wax colour, iSeed.w tilt

#include "hash.glsl"
#include "noise.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    uv.y *= 1.0 + 0.3 * iSeed.w * uv.y;
    float n = mix(5.0, 16.0, iSeed.x);
    vec2 p = uv * n + vec2(0.1 * iTime, 0.0);
    // hex lattice: pick the nearer of two offset rectangular lattices' centres
    vec2 s = vec2(1.0, 1.7320508);
    vec2 a = mod(p, s) - 0.5 * s;
    vec2 b = mod(p + 0.5 * s, s) - 0.5 * s;
    vec2 g = dot(a, a) < dot(b, b) ? a : b;
    vec2 id = p - g;
    float d = -pv_sdHexagon(pv_rot2(0.5236) * g, 0.5);
    float h = pv_hash12(floor(id * 2.0 + 0.5));
    vec3 wax = pv_hsv2rgb(vec3(mix(0.08, 0.14, iSeed.z), mix(0.5, 0.9, iSeed.z), 0.9));
    vec3 col;
    float wall = smoothstep(0.03, 0.08, d);
    if (h < mix(0.2, 0.8, iSeed.y)) {
        col = wax * (0.85 + 0.15 * pv_vnoise(p * 12.0)) * (0.8 + 0.4 * d);  // cap dome
    } else if (h > 0.92) {
        col = vec3(0.95, 0.92, 0.82) * smoothstep(0.35, 0.2, length(g));  // larva
        col += wax * 0.3;
    } else {
        vec3 honey = vec3(0.85, 0.45, 0.05);
        col = honey * (0.35 + 0.65 * d * 2.5);
        col += 0.5 * smoothstep(0.12, 0.0, length(g - vec2(0.12, 0.14) - 0.03 * vec2(sin(iTime), cos(iTime))));
    }
    col = mix(wax * 1.15, col, wall);
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
