// name: light_neon
// family: light
// author: procvision
// licence: MIT
// description: Neon signs on a brick wall at night: bent glass tubes tracing arcs, zigzags and outlines in saturated colours, with halos on the wall and an occasional flicker.
// params: iSeed.x tube count, iSeed.y tube shapes, iSeed.z hues, iSeed.w wall (brick, concrete, dark)

#include "hash.glsl"
#include "noise.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    int wall = int(iSeed.w * 2.99);
    vec3 col;
    if (wall == 0) {
        vec2 b = uv * vec2(8.0, 16.0);
        b.x += 0.5 * mod(floor(b.y), 2.0);
        vec2 f = fract(b);
        float mortar = step(0.92, max(f.x, f.y * 0.98 + 0.02));
        col = mix(vec3(0.18, 0.07, 0.05), vec3(0.08), mortar) * (0.7 + 0.5 * pv_ihash12(ivec2(floor(b))));
    } else if (wall == 1) col = vec3(0.12) * (0.7 + 0.5 * pv_fbm(uv * 10.0, 4));
    else col = vec3(0.02, 0.02, 0.03);
    col *= 0.35;
    int n = 1 + int(iSeed.x * 3.99);
    for (int i = 0; i < 4; i++) {
        if (i >= n) break;
        vec2 c = (pv_seed2(10 + i) - 0.5) * 0.7;
        int kind = int(4.0 * fract(pv_seed(20 + i) + iSeed.y));
        vec2 q = uv - c;
        float s = mix(0.1, 0.25, pv_seed(30 + i));
        float d;
        if (kind == 0) d = abs(pv_sdCircle(q, s));
        else if (kind == 1) d = abs(pv_sdBox2(q, vec2(s, s * 0.6)) - 0.03);
        else if (kind == 2) {
            float x = clamp(q.x, -s, s);
            d = length(vec2(q.x - x, q.y - 0.08 * (abs(fract(x / 0.1) - 0.5) * 4.0 - 1.0)));
        } else d = abs(pv_sdStar(q, s, 5.0, 0.5));
        vec3 hue = pv_hsv2rgb(vec3(fract(iSeed.z + 0.27 * float(i)), 0.85, 1.0));
        float flick = pv_hash11(floor(iTime * 8.0) + float(i) * 3.0) < 0.07 ? 0.2 : 1.0;
        // a pulse chases round the tube as in animated signs
        flick *= 0.55 + 0.45 * sin(3.0 * pv_atan2(q.y, q.x) + 10.0 * q.x - 3.0 * iTime + float(i));
        col += hue * flick * (0.5 * exp(-d * 18.0) + 0.008 / (d + 0.008) * 0.35);
        col = mix(col, mix(hue, vec3(1.0), 0.6) * flick, smoothstep(0.008, 0.003, d));
    }
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
