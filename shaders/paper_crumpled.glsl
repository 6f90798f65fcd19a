// name: paper_crumpled
// family: paper
// author: procvision
// licence: MIT
// description: Crumpled then flattened paper: a network of sharp creases of random length and direction with flat facets between, lit at a grazing angle, with paper fibre and print faintly showing; white, kraft, newsprint, coloured or black stock, printed with ruled lines, a grid, text blocks or a large ink shape, lying on a desk or filling the frame.
// params: iSeed.x crease density, iSeed.y crumple strength and light contrast, iSeed.z paper stock (hue, saturation, brightness), iSeed.w printed matter (none, ruled lines, grid, text, ink shape); pv_seed2(1) crease offset, pv_seed(2) light direction, pv_seed(3) ink hue, pv_seed(4) print rotation, pv_seed(5..6) sheet edge direction and position, pv_seed(7..8) desk hue and brightness, pv_seed(17) desk saturation, pv_seed(10..12) coloured stock hue, brightness and saturation, pv_seed(13..14) ink saturation and darkness, pv_seed(9, 15, 16) ink shape place and size

#include "hash.glsl"
#include "noise.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    float sc = mix(2.0, 10.0, iSeed.x);
    // facets: voronoi cells at two scales, each tilted by a random normal
    vec4 a = pv_voronoi_edge(uv * sc + 3.0 * pv_seed2(1), 1.0);
    vec4 b = pv_voronoi_edge(uv * sc * 2.3 + 7.0, 1.0);
    vec2 na = pv_hash22(vec2(a.y * 113.0, 1.0)) - 0.5;
    vec2 nb = pv_hash22(vec2(b.y * 71.0, 2.0)) - 0.5;
    float str = mix(0.3, 1.4, iSeed.y);
    vec3 n = normalize(vec3((na + 0.5 * nb) * str, 1.0));
    float la = 6.2831853 * pv_seed(2) + 0.3 * iTime;
    vec3 L = normalize(vec3(cos(la), sin(la), mix(0.9, 0.35, iSeed.y)));
    float sh = clamp(dot(n, L), 0.0, 1.0);
    // paper stock: white, cream, kraft, newsprint grey, pastel or saturated coloured, black
    float pz = iSeed.z;
    vec3 paper;
    if (pz < 0.25) paper = mix(vec3(0.97, 0.96, 0.93), vec3(0.93, 0.89, 0.78), pz * 4.0);
    else if (pz < 0.4) paper = pv_hsv2rgb(vec3(0.08, mix(0.35, 0.55, pv_seed(10)), mix(0.5, 0.75, pv_seed(11))));  // kraft
    else if (pz < 0.5) paper = vec3(mix(0.55, 0.8, pv_seed(11)));                                                   // newsprint
    else if (pz < 0.9) paper = pv_hsv2rgb(vec3(pv_seed(10), mix(0.2, 0.85, pv_seed(12)), mix(0.5, 0.95, pv_seed(11))));
    else paper = vec3(mix(0.12, 0.25, pv_seed(11)));                                                                 // black card
    vec3 col = paper * (0.45 + 0.6 * sh) * (0.95 + 0.05 * pv_vnoise(uv * 150.0));
    col *= 1.0 - 0.25 * smoothstep(0.02, 0.0, a.x) - 0.12 * smoothstep(0.02, 0.0, b.x);
    // printed matter, bent slightly by the crumple
    vec2 q = pv_rot2(0.3 * (pv_seed(4) - 0.5)) * uv + 0.01 * na;
    vec3 ink = pv_hsv2rgb(vec3(pv_seed(3), mix(0.0, 0.8, pv_seed(13)), mix(0.1, 0.6, pv_seed(14))));
    if (pz >= 0.9) ink = vec3(0.9);
    float pw = iSeed.w;
    float cover = 0.0;
    if (pw > 0.2 && pw < 0.4) cover = smoothstep(0.0025, 0.0, abs(fract(q.y * 14.0) - 0.5) / 14.0) * 0.7;
    else if (pw < 0.55) {
        vec2 g = abs(fract(q * 12.0) - 0.5) / 12.0;
        cover = smoothstep(0.002, 0.0, min(g.x, g.y)) * 0.6;
    } else if (pw < 0.8) {
        // text blocks: rows of word-length dashes in a column
        float row = floor(q.y * 22.0);
        float wd = pv_hash12(vec2(floor(q.x * 9.0 + 3.0 * pv_hash11(row)), row));
        cover = step(abs(fract(q.y * 22.0) - 0.5), 0.22) * step(0.25, wd) * step(abs(q.x), 0.38) * 0.8;
    } else if (pw >= 0.8) {
        // a large printed ink shape
        vec2 c = (vec2(pv_seed(9), pv_seed(15)) - 0.5) * 0.6;
        cover = smoothstep(0.01, -0.01, pv_sdCircle(q - c, mix(0.2, 0.45, pv_seed(16)))) * 0.85;
    }
    col = mix(col, ink * (0.6 + 0.5 * sh), cover);
    // sometimes the sheet edge shows with the desk beyond
    float ea = 6.2831853 * pv_seed(5);
    float edge = dot(uv, vec2(cos(ea), sin(ea))) - mix(0.15, 1.5, pv_seed(6)) + 0.02 * (na.x + nb.y);
    vec3 desk = pv_hsv2rgb(vec3(pv_seed(7), mix(0.1, 0.6, pv_seed(17)), mix(0.08, 0.7, pv_seed(8))));
    col = mix(col, desk, smoothstep(0.0, 0.006, edge));
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
