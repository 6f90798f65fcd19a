// name: tiling_hex_blocks
// family: tiling
// author: procvision
// licence: MIT
// description: Hexagonal tiling drawn as isometric cubes (tumbling blocks): three shaded rhombi per hex, seeded hues per cube.
// params: iSeed.x cube count, iSeed.y hue variation, iSeed.z base hue, iSeed.w outline width

#include "hash.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = fragCoord / iResolution.y;
    float n = mix(2.5, 9.0, iSeed.x);
    vec2 p = uv * n + 10.0 * pv_seed2(1) + vec2(0.05 * iTime, 0.0);
    const vec2 s = vec2(1.0, 1.7320508);
    vec4 c = floor(vec4(p, p - vec2(0.5, 1.0)) / s.xyxy) + 0.5;
    vec4 h = vec4(p - c.xy * s, p - (c.zw + 0.5) * s);
    vec2 q; vec2 id;
    if (dot(h.xy, h.xy) < dot(h.zw, h.zw)) { q = h.xy; id = c.xy; } else { q = h.zw; id = c.zw + 0.5; }
    // Which of the three rhombi: top face above the two lower diagonals.
    float a = atan(q.y, q.x + 1e-9);
    float face = (a > 0.5235988 && a < 2.6179939) ? 0.0 : (q.x < 0.0 ? 1.0 : 2.0);
    float r = pv_hash12(id * 3.1 + 5.0);
    vec3 base = pv_hsv2rgb(vec3(fract(iSeed.z + iSeed.y * r), 0.35 + 0.5 * pv_seed(2), 0.9));
    float shade = face == 0.0 ? 1.0 : (face == 1.0 ? 0.65 : 0.35);
    vec3 col = base * shade;
    // Outlines along the rhombus edges.
    float w = mix(0.0, 0.05, iSeed.w);
    vec2 aq = abs(q);
    float hexEdge = 0.5 - max(aq.x, dot(aq, vec2(0.5, 0.8660254)));
    float spoke = min(abs(q.x) + 10.0 * step(q.y, 0.0) * 0.0, 1e3);
    float e1 = abs(dot(q, vec2(0.8660254, 0.5))) ;
    float e2 = abs(dot(q, vec2(-0.8660254, 0.5)));
    float inner = q.y < 0.0 ? abs(q.x) : min(e1 * step(0.0, q.x) + 1e3 * step(q.x, 0.0), e2 * step(q.x, 0.0) + 1e3 * step(0.0, q.x));
    inner = min(inner, spoke * step(q.y, 0.0) + 1e3 * step(0.0, q.y));
    float edge = min(hexEdge, inner);
    col *= smoothstep(w, w + n / iResolution.y, edge) * 0.8 + 0.2 * step(w, 0.004);
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
