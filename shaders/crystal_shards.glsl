// name: crystal_shards
// family: crystal
// author: procvision
// licence: MIT
// description: Overlapping translucent glassy shards (thin random triangles and prisms) with bright refracted edges and tinted overlaps on a dark field.
// params: iSeed.x shard count, iSeed.y shard thinness, iSeed.z hue spread, iSeed.w additive or layered mixing

#include "hash.glsl"
#include "sdf.glsl"
#include "palette.glsl"

float sdTri(vec2 p, vec2 a, vec2 b, vec2 c) {
    float d = min(min(pv_sdSegment(p, a, b), pv_sdSegment(p, b, c)), pv_sdSegment(p, c, a));
    vec2 e0 = b - a, e1 = c - b, e2 = a - c;
    float s = sign(e0.x * e2.y - e0.y * e2.x);
    float s0 = s * (e0.x * (p.y - a.y) - e0.y * (p.x - a.x));
    float s1 = s * (e1.x * (p.y - b.y) - e1.y * (p.x - b.x));
    float s2 = s * (e2.x * (p.y - c.y) - e2.y * (p.x - c.x));
    return (s0 >= 0.0 && s1 >= 0.0 && s2 >= 0.0) ? -d : d;
}

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    int n = 6 + int(iSeed.x * 14.0);
    float thin = mix(0.05, 0.35, iSeed.y);
    vec3 col = vec3(0.02, 0.02, 0.04) + 0.05 * pv_seedpal(uv.y, 2);
    float px = 1.5 / iResolution.y;
    for (int i = 0; i < 20; i++) {
        if (i >= n) break;
        vec2 c = (pv_seed2(10 + i) - 0.5) * 1.2;
        float a = 6.2831853 * pv_seed(60 + i) + 0.15 * sin(0.4 * iTime + float(i));
        float len = mix(0.2, 0.7, pv_seed(80 + i));
        vec2 dir = vec2(cos(a), sin(a));
        vec2 nor = vec2(-dir.y, dir.x);
        vec2 A = c - dir * len * 0.5, B = c + dir * len * 0.5;
        vec2 C = c + nor * len * thin * (pv_seed(90 + i) - 0.3) + dir * len * 0.2 * (pv_seed(95 + i) - 0.5);
        float d = sdTri(uv, A, B, C);
        vec3 tint = pv_hsv2rgb(vec3(fract(pv_seed(3) + iSeed.z * pv_seed(100 + i)), 0.7, 1.0));
        float inside = smoothstep(px, -px, d);
        float edge = smoothstep(3.0 * px, 0.0, abs(d));
        float grad = 0.5 + 0.5 * dot(normalize(uv - c + 1e-4), vec2(cos(iTime * 0.3), sin(iTime * 0.3)));
        if (iSeed.w > 0.5) col += inside * tint * 0.22 * (0.5 + grad) + edge * 0.5 * tint;
        else col = mix(col, mix(col, tint * (0.4 + 0.6 * grad), 0.55), inside) + edge * 0.4;
    }
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
