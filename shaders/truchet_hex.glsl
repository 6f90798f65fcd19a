// name: truchet_hex
// family: truchet
// author: procvision
// licence: MIT
// description: Hexagonal Truchet tiling: each hex holds three arcs joining edge midpoints, giving woven loops and knots.
// params: iSeed.x hex count, iSeed.y line width, iSeed.z palette, iSeed.w over/under shading strength

#include "hash.glsl"
#include "palette.glsl"

// Nearest hex centre (pointy-top lattice) of p.
vec4 hexCell(vec2 p) {
    const vec2 s = vec2(1.0, 1.7320508);
    vec4 c = floor(vec4(p, p - vec2(0.5, 1.0)) / s.xyxy) + 0.5;
    vec4 h = vec4(p - c.xy * s, p - (c.zw + 0.5) * s);
    return dot(h.xy, h.xy) < dot(h.zw, h.zw) ? vec4(h.xy, c.xy) : vec4(h.zw, c.zw + 0.5);
}

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = fragCoord / iResolution.y;
    float n = mix(3.0, 10.0, iSeed.x);
    vec2 p = uv * n + 20.0 * pv_seed2(2) + vec2(0.0, 0.07 * iTime);
    vec4 h = hexCell(p);
    vec2 q = h.xy;
    float r = pv_hash12(h.zw * 2.0 + 7.0);
    // Rotate by a random multiple of 60 degrees.
    float a = floor(r * 6.0) * 1.0471976;
    q = mat2(cos(a), sin(a), -sin(a), cos(a)) * q;
    // Arcs centred on three alternate hex corners (radius 0.5 * edge length).
    float d = 1e3, which = 0.0;
    for (int i = 0; i < 3; i++) {
        float ang = 1.0471976 * (2.0 * float(i) + 0.5);
        vec2 corner = vec2(cos(ang), sin(ang)) * 0.57735;
        float di = abs(length(q - corner) - 0.288675);
        if (di < d) { d = di; which = float(i); }
    }
    float w = mix(0.03, 0.13, iSeed.y);
    float px = n / iResolution.y;
    float line = smoothstep(w + px, w - px, d);
    vec3 bg = pv_seedpal(0.1 * r, 120) * 0.35;
    vec3 ink = pv_seedpal(0.5 + 0.15 * which + iSeed.z, 120);
    float shade = 1.0 - iSeed.w * smoothstep(0.0, w, d);
    vec3 col = mix(bg, ink * shade, line);
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
