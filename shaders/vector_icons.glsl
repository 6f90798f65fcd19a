// name: vector_icons
// family: vector
// author: procvision
// licence: MIT
// description: A grid of flat-design pictograms: rounded tiles holding combinations of circles, bars, triangles and rings with outlines, like an app icon sheet.
// params: iSeed.x grid size, iSeed.y tile shape (square, round, squircle), iSeed.z palette, iSeed.w outline or solid style

#include "hash.glsl"
#include "sdf.glsl"
#include "palette.glsl"

float glyph(vec2 p, int k, float h) {
    if (k == 0) return pv_sdCircle(p, 0.25);
    if (k == 1) return abs(pv_sdCircle(p, 0.22)) - 0.05;
    if (k == 2) return pv_sdNgon(pv_rot2(1.5708) * p, 0.22, 3.0);
    if (k == 3) return min(pv_sdBox2(p - vec2(0.0, 0.12), vec2(0.25, 0.05)), pv_sdBox2(p + vec2(0.0, 0.08), vec2(0.18, 0.05)));
    if (k == 4) return pv_sdStar(p, 0.3, 5.0, 0.45);
    if (k == 5) return min(pv_sdBox2(p, vec2(0.25, 0.06)), pv_sdBox2(p, vec2(0.06, 0.25)));
    if (k == 6) return max(pv_sdCircle(p, 0.27), -pv_sdCircle(p - vec2(0.12, 0.1), 0.22));
    return pv_sdBox2(pv_rot2(0.785) * p, vec2(0.18)) ;
}

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = fragCoord / iResolution.y;
    float n = mix(2.0, 5.0, iSeed.x);
    vec2 p = uv * n;
    ivec2 c = ivec2(floor(p));
    vec2 f = fract(p) - 0.5;
    float h = pv_ihash12(c);
    float pulse = 1.0 + 0.06 * sin(3.0 * iTime + 6.28 * h);
    vec2 q = f / pulse;
    float corner = iSeed.y < 0.33 ? 0.05 : (iSeed.y < 0.66 ? 0.4 : 0.18);
    float tile = pv_sdBox2(q, vec2(0.42 - corner)) - corner;
    vec3 tc = pv_hsv2rgb(vec3(fract(iSeed.z + 0.5 * pv_ihash12(c + ivec2(4, 4))), 0.6, 0.9));
    int k1 = int(8.0 * pv_ihash12(c + ivec2(1, 7)));
    float g = glyph(q * 1.1, k1, h);
    if (pv_ihash12(c + ivec2(6, 6)) < 0.4) g = min(g, glyph((q - vec2(0.14, -0.14)) * 2.2, int(8.0 * h), h) / 2.2);
    float px = 1.5 * n / iResolution.y;
    vec3 col = mix(vec3(0.94), vec3(0.13, 0.14, 0.17), step(0.5, pv_seed(1)));
    col = mix(col, col * 0.75, smoothstep(0.05, 0.0, tile - 0.03 + 0.0 * q.y) * 0.5);
    col = mix(col, tc, smoothstep(px, 0.0, tile));
    bool outline = iSeed.w > 0.5;
    vec3 gc = outline ? vec3(1.0) : mix(tc, vec3(0.05), 0.7);
    if (outline) col = mix(col, gc, smoothstep(px, 0.0, abs(g) - 0.025));
    else col = mix(col, gc, smoothstep(px, 0.0, g));
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
