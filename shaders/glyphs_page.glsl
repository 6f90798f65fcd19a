// name: glyphs_page
// family: glyphs
// author: procvision
// licence: MIT
// description: A printed page from above: lines of invented lower-case letters in words, with ascenders, descenders, bold words, ragged paragraph ends and columns.
// params: iSeed.x line height, iSeed.y column count, iSeed.z paper/ink scheme, iSeed.w word length; pv_seed tilt and zoom

#include "hash.glsl"
#include "sdf.glsl"
#include "palette.glsl"

// Distance to one letter drawn in a cell: f in [0,1]^2 of the line, x-height band 0.3..0.62.
float letter(vec2 f, int kind, float w) {
    vec2 c = vec2(0.5, 0.46);
    float ring = abs(pv_sdBox2(f - c, vec2(0.22, 0.13)) - 0.05);
    float stemL = pv_sdSegment(f, vec2(0.23, 0.3), vec2(0.23, 0.62));
    float stemR = pv_sdSegment(f, vec2(0.77, 0.3), vec2(0.77, 0.62));
    if (kind == 0) return ring;                                                   // o
    if (kind == 1) return min(max(ring, 0.42 - f.y), min(stemL, stemR));          // n
    if (kind == 2) return pv_sdSegment(f, vec2(0.5, 0.3), vec2(0.5, 0.9));        // l
    if (kind == 3) return min(ring, pv_sdSegment(f, vec2(0.3, 0.47), vec2(0.72, 0.47))); // e
    if (kind == 4) return min(ring, pv_sdSegment(f, vec2(0.23, 0.05), vec2(0.23, 0.6))); // p
    if (kind == 5) return min(ring, pv_sdSegment(f, vec2(0.77, 0.3), vec2(0.77, 0.9)));  // d
    if (kind == 6) return min(stemL, pv_sdSegment(f, vec2(0.23, 0.55), vec2(0.7, 0.62))); // r
    return min(pv_sdSegment(f, vec2(0.2, 0.62), vec2(0.5, 0.3)), pv_sdSegment(f, vec2(0.5, 0.3), vec2(0.8, 0.62))); // v
}

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    float zoom = mix(0.8, 1.7, pv_seed(2));
    uv = pv_rot2(0.35 * (pv_seed(1) - 0.5)) * uv * zoom;
    uv.y -= 0.015 * iTime;
    float lh = mix(0.04, 0.1, iSeed.x);
    int cols = 1 + int(iSeed.y * 2.99);
    float colw = 2.2 / float(cols);
    float cx = (uv.x + 1.1) / colw;
    float ci = floor(cx);
    float gutter = step(0.05, fract(cx)) * step(fract(cx), 0.95);
    float x = (fract(cx) - 0.05) * colw;
    float li = floor(uv.y / lh);
    vec2 f = vec2(0.0, fract(uv.y / lh) * 1.3 - 0.15);  // leading between lines
    float lw = lh * 0.5;
    float k = floor(x / lw);
    f.x = fract(x / lw);
    ivec2 cell = ivec2(int(k), int(li) + 977 * int(ci));
    float wordlen = mix(0.12, 0.3, iSeed.w);
    bool space = pv_ihash12(cell) < wordlen;
    // paragraphs: some lines end early, every so often a blank line
    float lineh = pv_ihash12(ivec2(int(li), int(ci) + 55));
    float lineEnd = lineh < 0.18 ? mix(0.2, 0.9, fract(lineh * 7.0)) : 1.0;
    bool blank = lineh > 0.93;
    bool indent = pv_ihash12(ivec2(int(li) + 1, int(ci) + 55)) < 0.18 && k < 3.0;
    int kind = int(8.0 * pv_ihash12(cell + ivec2(13, 71)));
    float bold = pv_ihash12(ivec2(int(k / 6.0), int(li)) + ivec2(5, 9)) < 0.08 ? 1.8 : 1.0;
    float w = 0.055 * bold;
    float d = letter(f, kind, w) - w;
    float ink = smoothstep(1.5 * zoom / (iResolution.y * lw), 0.0, d);
    ink *= gutter * (space || blank || indent ? 0.0 : 1.0) * step(x / (colw * 0.9), lineEnd);
    bool dark = iSeed.z > 0.75;
    vec3 paper = dark ? vec3(0.06, 0.07, 0.09) : mix(vec3(0.96, 0.94, 0.88), vec3(0.88, 0.9, 0.93), pv_seed(3));
    paper *= 0.92 + 0.08 * pv_hash12(floor(fragCoord));
    vec3 inkc = dark ? pv_hsv2rgb(vec3(pv_seed(4), 0.3, 0.9)) : pv_hsv2rgb(vec3(pv_seed(4), 0.6 * iSeed.z, 0.12));
    if (bold > 1.0 && pv_seed(5) > 0.5) inkc = pv_hsv2rgb(vec3(pv_seed(6), 0.8, 0.6));
    vec3 col = mix(paper, inkc, ink);
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
