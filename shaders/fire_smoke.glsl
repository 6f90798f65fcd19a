// name: fire_smoke
// family: fire
// author: procvision
// licence: MIT
// description: Smoke plumes rising and spreading: wisps of curling, thinning smoke from one or several sources, bent by a crosswind, lit from one side against a plain or dark backdrop.
// params: iSeed.x source count, iSeed.y crosswind, iSeed.z smoke colour and backdrop, iSeed.w curl detail

#include "hash.glsl"
#include "noise.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = fragCoord / iResolution.y;
    int n = 1 + int(iSeed.x * 2.99);
    float wind = mix(-0.6, 0.6, iSeed.y);
    float detail = mix(2.0, 6.0, iSeed.w);
    float dens = 0.0;
    float lit = 0.0;
    for (int i = 0; i < 3; i++) {
        if (i >= n) break;
        float x0 = (float(i) + 0.5) / float(n) * 1.0 + 0.15 * (pv_seed(i) - 0.5);
        float y = uv.y;
        vec2 q = vec2(uv.x - x0 - wind * y * y, y);
        vec2 w = vec2(pv_gfbm(vec2(q.x * detail, y * detail - iTime * 0.6) + float(i) * 5.0, 4), pv_gfbm(vec2(q.x * detail + 4.0, y * 2.0 - iTime * 0.4), 3));
        q.x += 0.15 * y * w.x;
        float spread = 0.03 + 0.25 * y;
        float core = exp(-q.x * q.x / (spread * spread));
        float wisps = pv_fbm(vec2(q.x * 8.0, y * 5.0 - iTime * 0.8) + w * 2.0, 5);
        float d = core * smoothstep(0.3, 0.8, wisps + 0.3 * core) * (1.0 - 0.6 * y);
        dens += d;
        lit += d * (0.5 + 0.5 * w.y);
    }
    dens = clamp(dens, 0.0, 1.0);
    bool darkBg = iSeed.z > 0.5;
    vec3 bg = darkBg ? vec3(0.03, 0.03, 0.05) : mix(vec3(0.75, 0.8, 0.88), vec3(0.95, 0.9, 0.85), uv.y);
    vec3 smoke = darkBg ? mix(vec3(0.5), vec3(0.95), lit) : mix(vec3(0.25, 0.25, 0.27), vec3(0.6, 0.6, 0.62), lit);
    smoke *= mix(vec3(1.0), pv_hsv2rgb(vec3(pv_seed(5), 0.3, 1.0)), 0.4 * step(0.7, pv_seed(6)));
    vec3 col = mix(bg, smoke, dens);
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
