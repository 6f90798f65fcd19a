// name: crystal_shards
// family: crystal
// author: procvision
// licence: MIT
// description: Overlapping translucent glassy shards (thin random triangles and prisms) with bright refracted edges and tinted overlaps, glowing on a dark field or laid like coloured glass on a light table, scattered, clustered or swept along one direction.
// params: iSeed.x shard count, iSeed.y shard thinness, iSeed.z hue spread, iSeed.w field brightness (dark additive glow to bright layered glass); pv_seed(3) base hue, pv_seed(4) saturation, pv_seed(5) shard size, pv_seed(6) shared direction strength, pv_seed(7) direction, pv_seed2(8) cluster centre, pv_seed(9) spread, pv_seed(1..2) field hue and gradient direction, pv_seed(10) field saturation, pv_seed(11) shard layout

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
    float thin = mix(0.05, 0.45, iSeed.y);
    // field: dark (shards glow, added) or light (shards are coloured glass, multiplied)
    bool bright = iSeed.w > 0.5;
    float fv = bright ? mix(0.6, 0.97, (iSeed.w - 0.5) / 0.5) : mix(0.03, 0.3, iSeed.w / 0.5);
    vec2 gd = vec2(cos(6.28 * pv_seed(2)), sin(6.28 * pv_seed(2)));
    vec3 col = pv_hsv2rgb(vec3(pv_seed(1), mix(0.1, 0.6, pv_seed(10)), fv)) * (0.8 + 0.4 * smoothstep(-0.8, 0.8, dot(uv, gd)));
    float px = 1.5 / iResolution.y;
    float size = mix(0.5, 2.0, pv_seed(5));
    float align = pv_seed(6);
    float dir0 = 6.2831853 * pv_seed(7);
    vec2 centre = (pv_seed2(8) - 0.5) * vec2(0.9, 0.5);
    float spread = mix(0.5, 1.6, pv_seed(9));
    float sat = mix(0.45, 1.0, pv_seed(4));
    float salt = pv_seed(11);
    for (int i = 0; i < 20; i++) {
        if (i >= n) break;
        vec3 hA = pv_hash32(vec2(float(i), salt));
        vec3 hB = pv_hash32(vec2(float(i) + 0.5, salt));
        vec2 c = centre + (hA.xy - 0.5) * spread;
        float a = mix(6.2831853 * hA.z, dir0 + 0.4 * (hA.z - 0.5), align * align) + 0.15 * sin(0.4 * iTime + float(i));
        float len = mix(0.15, 0.5, hB.x) * size;
        vec2 dir = vec2(cos(a), sin(a));
        vec2 nor = vec2(-dir.y, dir.x);
        vec2 A = c - dir * len * 0.5, B = c + dir * len * 0.5;
        vec2 C = c + nor * len * thin * (hB.y - 0.3) + dir * len * 0.2 * (hB.z - 0.5);
        float d = sdTri(uv, A, B, C);
        if (d > 4.0 * px) continue;
        vec3 tint = pv_hsv2rgb(vec3(fract(pv_seed(3) + iSeed.z * hB.x), sat, 1.0));
        float inside = smoothstep(px, -px, d);
        float edge = smoothstep(3.0 * px, 0.0, abs(d));
        float grad = 0.5 + 0.5 * dot(normalize(uv - c + 1e-4), vec2(cos(iTime * 0.3), sin(iTime * 0.3)));
        if (bright) col = col * mix(vec3(1.0), tint * (0.7 + 0.3 * grad), inside * 0.85) * (1.0 - 0.3 * edge) + edge * 0.25 * grad;
        else col += inside * tint * 0.3 * (0.5 + grad) + edge * 0.5 * tint;
    }
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
