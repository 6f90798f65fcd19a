// name: glyphs_runes
// family: glyphs
// author: procvision
// licence: MIT
// description: An inscription carved in stone: angular rune-like letters (a vertical stave with diagonal twigs) in framed bands, V-cut strokes lit from one side, on weathered rock.
// params: iSeed.x letter height, iSeed.y band count, iSeed.z stone colour, iSeed.w twig count

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
    vec2 uv = fragCoord / iResolution.y;
    int bands = 2 + int(iSeed.y * 3.99);
    float bh = 1.0 / float(bands);
    float bi = floor(uv.y / bh);
    float by = fract(uv.y / bh);
    float lh = mix(0.5, 0.8, iSeed.x);
    vec2 p = vec2(uv.x / (bh * lh * 0.55) + bi * 3.7 + 0.5 * iTime, (by - 0.5) / lh);
    ivec2 c = ivec2(int(floor(p.x)), int(bi));
    vec2 f = vec2(fract(p.x) - 0.5, p.y);
    int twigs = 1 + int(iSeed.w * 2.99);
    float d = rune(f, c, twigs);
    float w = 0.06;
    // V-cut: the groove's two walls face opposite ways, so light one and shade the other
    float e = 0.01;
    float dx = rune(f + vec2(e, 0.0), c, twigs) - d;
    float groove = smoothstep(w, 0.0, d);
    float light = dx > 0.0 ? 0.5 : 1.2;
    vec3 stone = pv_hsv2rgb(vec3(mix(0.05, 0.6, iSeed.z), mix(0.05, 0.25, pv_seed(1)), 0.6));
    stone *= 0.75 + 0.35 * pv_fbm(uv * 12.0, 5);
    vec3 col = mix(stone, stone * light * 0.7, groove);
    float frame = min(by, 1.0 - by) * bh;
    col *= 0.6 + 0.4 * smoothstep(0.0, 0.012, frame);
    col = mix(col, stone * 1.2, smoothstep(0.004, 0.0, abs(frame - 0.015)));
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
