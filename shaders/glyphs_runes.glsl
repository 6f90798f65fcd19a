// name: glyphs_runes
// family: glyphs
// author: procvision
// licence: MIT
// description: An inscription carved in stone: angular rune-like letters (a vertical stave with diagonal twigs) in framed bands, V-cut strokes lit from one side and sometimes painted, on weathered rock that ranges from pale limestone to dark basalt with broad stains.
// params: iSeed.x letter height, iSeed.y band count, iSeed.z stone hue, iSeed.w twig count; pv_seed(1..2) stone saturation and brightness, pv_seed(3..4) tilt and row/column layout, pv_seed(5..7) stroke width, light direction and raking-light strength, pv_seed(8..13) stain colour, scale and amount, pv_seed(14..16) paint colour and amount

#include "hash.glsl"
#include "noise.glsl"
#include "sdf.glsl"
#include "palette.glsl"

float rune(vec2 f, ivec2 c, int twigs) {
    float d = pv_sdSegment(f, vec2(0.0, -0.4), vec2(0.0, 0.4));
    for (int k = 0; k < 3; k++) {
        if (k >= twigs) break;
        vec3 h = pv_ihash32(c * 5 + ivec2(k, 11 * k));
        float y = mix(-0.3, 0.4, h.x);
        float side = h.y < 0.5 ? -1.0 : 1.0;
        float dy = h.z < 0.5 ? -0.3 : 0.3;
        d = min(d, pv_sdSegment(f, vec2(0.0, y), vec2(0.28 * side, y + dy)));
    }
    if (pv_ihash12(c + ivec2(4, 4)) < 0.25) d = min(d, pv_sdSegment(f, vec2(0.25, -0.4), vec2(0.25, 0.4)));
    return d;
}

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv0 = fragCoord / iResolution.y;
    // the inscription is tilted a little, and on some stones runs in columns instead of rows
    float tilt = 0.5 * (pv_seed(3) - 0.5) + (pv_seed(4) < 0.3 ? 1.5708 : 0.0);
    vec2 uv = pv_rot2(tilt) * (uv0 - 0.5) + 0.5;
    int bands = 1 + int(iSeed.y * 4.99);
    float bh = 1.0 / float(bands);
    float bi = floor(uv.y / bh);
    float by = fract(uv.y / bh);
    float lh = mix(0.5, 0.85, iSeed.x);
    vec2 p = vec2(uv.x / (bh * lh * 0.55) + bi * 3.7 + 0.5 * iTime, (by - 0.5) / lh);
    ivec2 c = ivec2(int(floor(p.x)), int(bi));
    vec2 f = vec2(fract(p.x) - 0.5, p.y);
    int twigs = 1 + int(iSeed.w * 2.99);
    float d = rune(f, c, twigs);
    // bold strokes on some stones so the letters still read when the image is small
    float w = mix(0.05, 0.12, pv_seed(5));
    // V-cut: the groove's two walls face opposite ways, so light one and shade the other;
    // the light comes from a seeded side
    float la = 6.2831853 * pv_seed(6);
    vec2 ld = vec2(cos(la), sin(la));
    float e = 0.01;
    float dl = rune(f - e * ld, c, twigs) - d;
    float groove = smoothstep(w, 0.0, d);
    float light = dl > 0.0 ? 1.25 : 0.45;
    // stone from pale limestone to dark basalt, grey to strongly tinted
    vec3 stone = pv_hsv2rgb(vec3(iSeed.z, 0.55 * pow(pv_seed(1), 1.5), mix(0.16, 0.92, pv_seed(2))));
    // broad stains (lichen, iron, soot) in a second tone, at the scale of the whole stone
    vec3 stain = pv_hsv2rgb(vec3(fract(iSeed.z + pv_seed(8) - 0.5), mix(0.15, 0.7, pv_seed(9)), mix(0.12, 0.9, pv_seed(10))));
    float sn = pv_fbm(uv0 * mix(1.2, 3.5, pv_seed(11)) + 20.0 * pv_seed(12), 3);
    stone = mix(stone, stain, smoothstep(0.42, 0.62, sn) * 0.9 * pv_seed(13));
    stone *= 0.75 + 0.35 * pv_fbm(uv * 12.0, 5);
    // raking light: a broad brightness ramp across the face from the light's side
    stone *= 1.0 + mix(0.2, 0.9, pv_seed(7)) * dot(uv0 - 0.5, pv_rot2(-tilt) * ld);
    // some inscriptions keep traces of paint in the grooves
    vec3 paint = pv_hsv2rgb(vec3(pv_seed(14), mix(0.0, 0.9, pv_seed(15)), pv_seed(15) < 0.2 ? 0.95 : 0.6));
    float painted = smoothstep(0.4, 0.9, pv_seed(16));
    vec3 cut = mix(stone * 0.7, paint, painted) * light;
    vec3 col = mix(stone, cut, groove);
    float frame = min(by, 1.0 - by) * bh;
    col *= 0.6 + 0.4 * smoothstep(0.0, 0.012, frame);
    col = mix(col, stone * 1.2, smoothstep(0.004, 0.0, abs(frame - 0.015)));
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
