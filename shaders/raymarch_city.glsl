// name: raymarch_city
// family: raymarch
// author: procvision
// licence: MIT
// description: Ray-marched grid of box towers of hashed heights seen from above at an angle, with window stripes and fog.
// params: iSeed.x camera heading, iSeed.y tower density and height, iSeed.z light / night, iSeed.w palette

#include "hash.glsl"
#include "sdf.glsl"
#include "palette.glsl"

float g_fill;
vec2 g_off;

float towers(vec3 p) {
    vec2 cell = floor(p.xz);
    vec2 q = fract(p.xz) - 0.5;
    float h = pv_hash12(cell + g_off);
    float height = h < g_fill ? 0.3 + 2.5 * h * h / max(g_fill * g_fill, 1e-3) : 0.02;
    float w = 0.28 + 0.12 * fract(h * 17.0);
    float d = pv_sdBox(vec3(q.x, p.y - height * 0.5, q.y), vec3(w, height * 0.5, w));
    return d;  // exact only inside this cell: the march clamps steps at cell borders
}

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    g_fill = mix(0.35, 0.95, iSeed.y);
    g_off = floor(13.0 * pv_seed2(2) * 100.0);
    float ca = 6.2831853 * iSeed.x;
    vec3 ro = vec3(0.3 * iTime, mix(3.0, 6.0, pv_seed(1)), 0.0) + vec3(50.0 * pv_seed2(3), 0.0).xzy;
    vec3 fw = normalize(vec3(cos(ca), -mix(0.5, 1.5, pv_seed(4)), sin(ca)));
    vec3 rt = normalize(cross(fw, vec3(0.0, 1.0, 0.0)));
    vec3 up = cross(rt, fw);
    vec3 rd = normalize(fw * 1.2 + uv.x * rt + uv.y * up);
    bool night = iSeed.z < 0.4;
    vec3 fog = night ? vec3(0.02, 0.02, 0.08) : mix(vec3(0.8, 0.85, 0.9), vec3(1.0, 0.7, 0.5), pv_seed(5));
    vec3 col = fog;
    float t = 0.0;
    float d = 1.0;
    for (int i = 0; i < 24; i++) {
        vec3 p = ro + rd * t;
        d = min(towers(p), p.y);
        if (d < 0.003 || t > 12.0) break;
        // Never step past the next cell border, where another tower's SDF takes over.
        vec2 f = fract(p.xz);
        vec2 toBorder = mix(f, 1.0 - f, step(0.0, rd.xz)) / max(abs(rd.xz), vec2(1e-4));
        t += min(d, min(toBorder.x, toBorder.y) + 0.01);
    }
    if (t < 12.0) {
        vec3 p = ro + rd * t;
        const vec2 e = vec2(0.003, -0.003);
        vec3 n = normalize(e.xyy * min(towers(p + e.xyy), p.y + e.y) + e.yyx * min(towers(p + e.yyx), p.y + e.y) +
                           e.yxy * min(towers(p + e.yxy), p.y + e.x) + e.xxx * min(towers(p + e.xxx), p.y + e.x) + 1e-7);
        float id = pv_hash12(floor(p.xz) + 3.0);
        vec3 base = pv_seedpal(0.2 * id + iSeed.w, 100);
        if (p.y < 0.01) base = vec3(0.15);
        vec3 l = normalize(vec3(0.4, 0.8, 0.3));
        float dif = 0.3 + 0.7 * max(dot(n, l), 0.0);
        float win = step(0.5, fract(p.y * 6.0)) * step(0.3, fract((p.x + p.z) * 5.0)) * step(0.02, p.y);
        if (night) col = base * 0.12 + win * vec3(1.0, 0.85, 0.4) * step(0.5, pv_hash12(floor(p.xz * 5.0 + p.y * 6.0)));
        else col = base * dif * (1.0 - 0.25 * win);
        col = mix(col, fog, 1.0 - exp(-0.02 * t * t));
    }
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
