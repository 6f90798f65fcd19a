// name: lowpoly_triangles
// family: lowpoly
// author: procvision
// licence: MIT
// description: Low-poly triangulation of a jittered grid; each flat triangle takes the colour of a smooth gradient field, lit by its facet.
// params: iSeed.x triangle count, iSeed.y vertex jitter, iSeed.z gradient palette, iSeed.w edge lines

#include "noise.glsl"
#include "palette.glsl"

vec2 vert(ivec2 c, float jit) { return vec2(c) + jit * (pv_ihash22(c) - 0.5); }

float cross2(vec2 a, vec2 b) { return a.x * b.y - a.y * b.x; }

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = fragCoord / iResolution.y;
    float n = mix(3.0, 10.0, iSeed.x);
    float jit = mix(0.2, 0.8, iSeed.y);
    vec2 p = uv * n + floor(30.0 * pv_seed2(1));
    ivec2 ip = ivec2(floor(p));
    vec2 A = vec2(0.0), B = vec2(0.0), C = vec2(0.0);
    bool found = false;
    // The jittered point may sit in a neighbouring cell's quad: test the 3x3 block.
    for (int j = -1; j <= 1; j++) {
        for (int i = -1; i <= 1; i++) {
            ivec2 c = ip + ivec2(i, j);
            vec2 v00 = vert(c, jit), v10 = vert(c + ivec2(1, 0), jit);
            vec2 v01 = vert(c + ivec2(0, 1), jit), v11 = vert(c + ivec2(1, 1), jit);
            bool diag = pv_ihash12(c + ivec2(71, 3)) < 0.5;
            for (int t = 0; t < 2; t++) {
                vec2 a = v00, b, d;
                if (diag) { b = t == 0 ? v10 : v11; d = t == 0 ? v11 : v01; }
                else { a = t == 0 ? v00 : v10; b = t == 0 ? v10 : v11; d = t == 0 ? v01 : v01; }
                float s0 = cross2(b - a, p - a), s1 = cross2(d - b, p - b), s2 = cross2(a - d, p - d);
                bool inside = (s0 >= 0.0 && s1 >= 0.0 && s2 >= 0.0) || (s0 <= 0.0 && s1 <= 0.0 && s2 <= 0.0);
                if (inside && !found) { A = a; B = b; C = d; found = true; }
            }
        }
    }
    vec2 cen = (A + B + C) / 3.0;
    float g = pv_fbm(cen * 0.25 + 0.03 * iTime, 3);
    float lin = dot(cen / n, normalize(pv_seed2(4) - 0.5 + 1e-3));
    vec3 col = pv_seedpal(0.8 * lin + 0.6 * g + iSeed.z, 140);
    // Facet lighting from a pseudo height at the three vertices.
    vec3 hA = vec3(A, pv_vnoise(A * 0.7)), hB = vec3(B, pv_vnoise(B * 0.7)), hC = vec3(C, pv_vnoise(C * 0.7));
    vec3 nrm = cross(hB - hA, hC - hA);
    nrm = nrm / max(length(nrm), 1e-6);
    nrm *= sign(nrm.z + 1e-6);
    col *= 0.65 + 0.5 * max(dot(nrm, normalize(vec3(0.3, 0.5, 1.0))), 0.0);
    if (iSeed.w > 0.6) {
        float e = min(min(abs(cross2(normalize(B - A), p - A)), abs(cross2(normalize(C - B), p - B))), abs(cross2(normalize(A - C), p - C)));
        col = mix(col * 0.4, col, smoothstep(0.0, 1.5 * n / iResolution.y, e));
    }
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
