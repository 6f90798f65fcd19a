// name: light_neon
// family: light
// author: procvision
// licence: MIT
// description: Neon signs on a wall: bent glass tubes tracing arcs, zigzags and outlines in saturated colours, with halos and a wide glow on the wall and an occasional flicker; the wall is brick, plaster or tiles of any colour, from a dark alley at night to a lit wall by day, and the signs range from one big sign to a scattered group.
// params: iSeed.x tube count, iSeed.y tube shapes, iSeed.z base hue, iSeed.w wall (brick, plaster, tiles); pv_seed(5..7) wall brightness (night to day), hue and saturation, pv_seed(8) brick or tile size, pv_seed(9) room-light direction, pv_seed(4) sign size, pv_seed2(3) group position, pv_seed(2) hue step between tubes

#include "hash.glsl"
#include "noise.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    int wall = int(iSeed.w * 2.99);
    // the wall: seed colour and brightness, from a dark alley to a lit or painted daytime wall
    float wv = mix(0.04, 0.8, pow(pv_seed(5), 1.3));
    vec3 wc = pv_hsv2rgb(vec3(pv_seed(6), mix(0.0, 0.7, pv_seed(7)), 1.0));
    vec3 col;
    if (wall == 0) {
        vec2 b = uv * vec2(8.0, 16.0) * mix(0.6, 1.6, pv_seed(8));
        b.x += 0.5 * mod(floor(b.y), 2.0);
        vec2 f = fract(b);
        float mortar = step(0.92, max(f.x, f.y * 0.98 + 0.02));
        col = mix(wc, vec3(0.5), mortar * 0.6) * (0.7 + 0.5 * pv_ihash12(ivec2(floor(b))));
    } else if (wall == 1) col = wc * (0.7 + 0.5 * pv_fbm(uv * 10.0, 4));
    else {
        // square tiles with grout lines
        vec2 f = fract(uv * mix(5.0, 12.0, pv_seed(8)));
        col = mix(wc, vec3(0.85), 0.5 * step(0.93, max(f.x, f.y)));
    }
    // a room light falling across the wall from a seed direction
    vec2 ld = vec2(cos(6.28 * pv_seed(9)), sin(6.28 * pv_seed(9)));
    col *= wv * (0.5 + smoothstep(-0.9, 0.9, dot(uv, ld)));
    float day = wv;
    int n = 1 + int(iSeed.x * 3.99);
    // the signs' layout: a big single sign or a scattered group, centred at a seed point
    float scale = mix(0.7, 1.9, pv_seed(4)) / (0.6 + 0.4 * float(n));
    vec2 grp = (pv_seed2(3) - 0.5) * vec2(0.6, 0.4);
    float hue0 = iSeed.z;
    float hstep = mix(0.05, 0.45, pv_seed(2));
    for (int i = 0; i < 4; i++) {
        if (i >= n) break;
        vec2 c = grp + (pv_seed2(10 + i) - 0.5) * 0.7 * (float(n) > 1.0 ? 1.0 : 0.2);
        int kind = int(4.0 * fract(pv_seed(20 + i) + iSeed.y));
        vec2 q = uv - c;
        float s = mix(0.1, 0.25, pv_seed(30 + i)) * scale;
        float d;
        if (kind == 0) d = abs(pv_sdCircle(q, s));
        else if (kind == 1) d = abs(pv_sdBox2(q, vec2(s, s * 0.6)) - 0.03);
        else if (kind == 2) {
            float x = clamp(q.x, -s, s);
            d = length(vec2(q.x - x, q.y - 0.08 * scale * (abs(fract(x / (0.1 * scale)) - 0.5) * 4.0 - 1.0)));
        } else d = abs(pv_sdStar(q, s, 5.0, 0.5));
        vec3 hue = pv_hsv2rgb(vec3(fract(hue0 + hstep * float(i)), 0.85, 1.0));
        float flick = pv_hash11(floor(iTime * 8.0) + float(i) * 3.0) < 0.07 ? 0.2 : 1.0;
        // a pulse chases round the tube as in animated signs
        flick *= 0.55 + 0.45 * sin(3.0 * pv_atan2(q.y, q.x) + 10.0 * q.x - 3.0 * iTime + float(i));
        // wide soft light on the wall, then the halo and the tube itself
        col += hue * flick * (1.0 - 0.6 * day) * (0.25 * exp(-d * 5.0) + 0.5 * exp(-d * 18.0) + 0.008 / (d + 0.008) * 0.35);
        col = mix(col, mix(hue, vec3(1.0), 0.6) * (0.5 + 0.5 * flick), smoothstep(0.009 + 0.004 * day, 0.003, d));
    }
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
