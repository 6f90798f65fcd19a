// name: tiling_hex_blocks
// family: tiling
// author: procvision
// licence: MIT
// description: Hexagonal tiling drawn as isometric cubes (tumbling blocks): three shaded rhombi per hex, lit from a seed direction, coloured per cube, per face or by a sweep across the image, with dark or light outlines, from deep to pastel tones.
// params: iSeed.x cube count, iSeed.y hue variation, iSeed.z base hue, iSeed.w overall brightness; pv_seed2(1) tiling offset, pv_seed(2) saturation, pv_seed(3) colouring mode (per cube, per face, sweep), pv_seed(4) tiling rotation, pv_seed(5) light direction, pv_seed(6) face contrast, pv_seed(7) outline width, pv_seed(8) outline tone, pv_seed(9..10) brightness sweep direction and strength, pv_seed(11) missing cubes

#include "hash.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    float n = mix(2.0, 12.0, iSeed.x * iSeed.x);
    // orientation: mostly upright, sometimes turned
    float rk = pv_seed(4);
    float rot = rk < 0.5 ? 0.0 : (rk < 0.75 ? 1.5707963 : 6.2831853 * rk);
    vec2 p = pv_rot2(rot) * uv * n + 10.0 * pv_seed2(1) + vec2(0.05 * iTime, 0.0);
    const vec2 s = vec2(1.0, 1.7320508);
    vec4 c = floor(vec4(p, p - vec2(0.5, 1.0)) / s.xyxy) + 0.5;
    vec4 h = vec4(p - c.xy * s, p - (c.zw + 0.5) * s);
    vec2 q; vec2 id;
    if (dot(h.xy, h.xy) < dot(h.zw, h.zw)) { q = h.xy; id = c.xy; } else { q = h.zw; id = c.zw + 0.5; }
    // which rhombus: top (between the 30 and 150 degree spokes), left or right
    int face = q.y > 0.57735 * abs(q.x) ? 0 : (q.x < 0.0 ? 1 : 2);
    float faceAng = face == 0 ? 1.5707963 : (face == 1 ? 3.6651914 : 5.7595865);
    // light from a seed direction; contrast between faces from soft to stark
    float la = 6.2831853 * pv_seed(5);
    float fc = mix(0.25, 0.75, pv_seed(6));
    float shade = 1.0 - fc * (0.5 - 0.5 * cos(faceAng - la));
    float r = pv_hash12(id * 3.1 + 5.0);
    float val = mix(0.3, 1.0, iSeed.w);
    float sat = mix(0.1, 0.9, pv_seed(2));
    float mode = pv_seed(3);
    float hue;
    if (mode < 0.4) hue = iSeed.z + iSeed.y * 0.5 * r;                                   // per cube
    else if (mode < 0.7) hue = iSeed.z + (0.15 + 0.4 * iSeed.y) * float(face) + 0.05 * r; // per face
    else hue = iSeed.z + (0.2 + 0.5 * iSeed.y) * (0.5 + 0.5 * uv.x + 0.3 * uv.y) / 1.0;  // sweep
    vec3 col = pv_hsv2rgb(vec3(fract(hue), sat, val)) * shade;
    // some cubes missing: the hex shows a flat seed tone instead
    if (r < 0.35 * pv_seed(11) * pv_seed(11)) col = pv_hsv2rgb(vec3(fract(iSeed.z + 0.5), sat * 0.5, 1.0 - val * 0.8));
    // outlines: hex border and the three inner spokes
    float hexEdge = 0.5 - max(abs(q.x), dot(abs(q), vec2(0.5, 0.8660254)));
    // distance to the two spokes bounding this rhombus (spokes at 30, 150 and 270 degrees)
    float sA = abs(q.x * 0.5 - q.y * 0.8660254), sB = abs(q.x * 0.5 + q.y * 0.8660254), sC = abs(q.x);
    float sp = face == 0 ? min(sA, sB) : (face == 1 ? min(sB, sC) : min(sA, sC));
    float edge = min(hexEdge, sp);
    float w = mix(-0.01, 0.06, pv_seed(7));
    if (w > 0.0) {
        vec3 lc = pv_seed(8) < 0.5 ? vec3(0.05) : vec3(0.95, 0.93, 0.9);
        col = mix(col, lc, 1.0 - smoothstep(w, w + n / iResolution.y, edge));
    }
    // a broad brightness sweep across the image
    vec2 gd = vec2(cos(6.2831853 * pv_seed(9)), sin(6.2831853 * pv_seed(9)));
    col *= 1.0 + mix(0.0, 0.6, pv_seed(10)) * dot(uv, gd);
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
