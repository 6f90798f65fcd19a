// name: shapes_scatter
// family: shapes
// author: procvision
// licence: MIT
// description: Overlapping flat 2-D shapes (discs, boxes, stars, polygons, rings) with outlines and soft contact shadows, object-like layouts.
// params: iSeed.x shape count, iSeed.y size, iSeed.z shape mix, iSeed.w palette and background

#include "hash.glsl"
#include "sdf.glsl"
#include "palette.glsl"

float shapeSdf(vec2 p, float kind, float size, float h) {
    if (kind < 0.2) return pv_sdCircle(p, size);
    if (kind < 0.4) return pv_sdBox2(p, vec2(size, size * mix(0.4, 1.0, h)));
    if (kind < 0.6) return pv_sdStar(p, size * 1.2, floor(5.0 + 3.0 * h), 0.5);
    if (kind < 0.8) return pv_sdNgon(p, size, floor(3.0 + 4.0 * h));
    return abs(pv_sdCircle(p, size * 0.8)) - size * 0.25;
}

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = fragCoord / iResolution.y;
    int n = 2 + int(iSeed.x * 6.0);
    float sz = mix(0.06, 0.25, iSeed.y);
    vec3 bg = pv_hsv2rgb(vec3(pv_seed(1), 0.3 * pv_seed(2), mix(0.15, 0.95, step(0.4, iSeed.w))));
    vec3 col = bg * (0.9 + 0.1 * uv.y);
    float px = 1.5 / iResolution.y;
    // Palette ends and the outline switch are hoisted out of the shape loop.
    vec3 pal0 = pv_seedpal(iSeed.w, 170), pal1 = pv_seedpal(iSeed.w + 0.7, 170);
    float outline = step(0.5, pv_seed(3));
    for (int i = 0; i < 7; i++) {
        if (i >= n) break;
        vec3 h = pv_hash33(vec3(float(i), iSeed.zw * 131.0));
        vec2 c = vec2(h.x * iResolution.x / iResolution.y, h.y) + 0.02 * sin(iTime + 6.0 * h.z);
        float kind = fract(h.z * 7.0 + iSeed.z);
        float size = sz * (0.5 + h.z);
        mat2 rot = pv_rot2(6.28 * h.z + 0.1 * iTime * (h.x - 0.5));
        // Cheap reject: pixels far from this shape's bounding circle skip both SDFs.
        if (length(uv - c) > 1.5 * size + 0.05) continue;
        float d = shapeSdf(rot * (uv - c), kind, size, h.x);
        // Soft contact shadow around the shape (a halo, cheaper than a second SDF).
        col *= 1.0 - 0.4 * smoothstep(0.03, 0.0, d);
        vec3 fill = mix(pal0, pal1, h.z);
        col = mix(col, fill, smoothstep(px, -px, d));
        col = mix(col, fill * 0.25, smoothstep(px, 0.0, abs(d) - 0.004) * outline);
    }
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
