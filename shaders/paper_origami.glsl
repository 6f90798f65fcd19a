// name: paper_origami
// family: paper
// author: procvision
// licence: MIT
// description: Folded paper tessellations: a sheet pleated into repeating mountain and valley facets (a square or triangle twist grid), each facet shaded flat by a moving light.
// params: iSeed.x fold density, iSeed.y grid type, iSeed.z paper colour, iSeed.w fold depth

#include "hash.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    float n = mix(3.0, 9.0, iSeed.x);
    vec2 p = pv_rot2(0.785 * pv_seed(1)) * uv * n;
    bool tri = iSeed.y > 0.5;
    vec2 f;
    ivec2 c;
    vec3 nrm;
    float depth = mix(0.3, 1.2, iSeed.w);
    if (tri) {
        // triangle grid: skewed coordinates, each rhombus split into two triangles
        vec2 s = vec2(p.x - p.y * 0.57735, p.y * 1.1547);
        c = ivec2(floor(s));
        f = fract(s);
        bool up = f.x + f.y < 1.0;
        vec2 ctr = up ? vec2(0.333) : vec2(0.667);
        vec2 d = f - ctr;
        // facets: the triangle split into three around its centre (a shallow pyramid)
        float a = pv_atan2(d.y, d.x);
        float sector = floor((a + 3.14159) / 2.0944);
        float sa = sector * 2.0944 - 3.14159 + 1.047;
        nrm = normalize(vec3(cos(sa) * depth, sin(sa) * depth, 1.0) * (up ? 1.0 : -1.0) * vec3(1.0, 1.0, -1.0));
        nrm.z = abs(nrm.z);
    } else {
        c = ivec2(floor(p));
        f = fract(p) - 0.5;
        // square twist: four facets per cell, alternating mountain/valley by cell parity
        float par = float((c.x + c.y) & 1) * 2.0 - 1.0;
        vec2 af = abs(f);
        vec2 dir = af.x > af.y ? vec2(sign(f.x), 0.0) : vec2(0.0, sign(f.y));
        dir = pv_rot2(0.3 * par) * dir;
        nrm = normalize(vec3(dir * depth * par, 1.0));
    }
    vec3 L = normalize(vec3(cos(0.5 * iTime), sin(0.5 * iTime), 1.2));
    float sh = clamp(dot(nrm, L), 0.0, 1.0);
    vec3 paper = iSeed.z > 0.3 ? pv_hsv2rgb(vec3(iSeed.z, 0.35, 0.95)) : vec3(0.96, 0.95, 0.92);
    vec3 col = paper * (0.25 + 0.8 * sh);
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
