// name: interference_chladni
// family: interference
// author: procvision
// licence: MIT
// description: Chladni figures: sand gathered on the nodal lines of a vibrating square or round plate, for seeded mode numbers, drifting between two modes over time.
// params: iSeed.x first mode pair, iSeed.y second mode pair, iSeed.z sand line width, iSeed.w weight of the second mode

#include "hash.glsl"
#include "noise.glsl"
#include "sdf.glsl"
#include "palette.glsl"

float mode(vec2 p, float n, float m) {
    return cos(n * 3.14159 * p.x) * cos(m * 3.14159 * p.y) - cos(m * 3.14159 * p.x) * cos(n * 3.14159 * p.y);
}

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    vec2 p = uv * 2.1;
    float n1 = 1.0 + floor(iSeed.x * 7.0), m1 = n1 + 1.0 + floor(pv_seed(1) * 4.0);
    float n2 = 1.0 + floor(iSeed.y * 7.0), m2 = n2 + 2.0 + floor(pv_seed(2) * 3.0);
    float mixw = 0.5 + 0.5 * sin(0.3 * iTime);
    float v = mix(mode(p, n1, m1), mode(p, n2, m2) * (pv_seed(3) > 0.5 ? 1.0 : -1.0), mixw * mix(0.2, 0.9, iSeed.w));
    float g = length(vec2(dFdx(v), dFdy(v))) + 1e-4;
    float line = abs(v) / g;  // distance to the nodal line in pixels
    float sand = smoothstep(mix(1.5, 4.0, iSeed.z), 0.5, line) * (0.6 + 0.4 * pv_hash12(floor(fragCoord)));
    sand += 0.15 * step(0.97, pv_hash12(floor(fragCoord) + 3.0));  // stray grains
    bool round = pv_seed(6) > 0.6;
    float plate = round ? length(p) - 1.0 : max(abs(p.x), abs(p.y)) - 1.0;
    bool darkPlate = pv_seed(7) > 0.5;
    vec3 pc = darkPlate ? vec3(0.08, 0.08, 0.1) : pv_hsv2rgb(vec3(pv_seed(4), 0.5, 0.35));
    vec3 sc = mix(vec3(0.95, 0.88, 0.7), vec3(0.95), step(0.5, pv_seed(8)));
    vec3 col = mix(pc, sc, clamp(sand, 0.0, 1.0));
    col = mix(col, vec3(0.6, 0.62, 0.65), step(0.0, plate));
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
