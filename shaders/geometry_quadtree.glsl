// name: geometry_quadtree
// family: geometry
// author: procvision
// licence: MIT
// description: A generative quadtree composition: squares recursively split into four, each leaf holding a circle, quarter-disc, triangle or stripes in a limited palette, Bauhaus-poster style.
// params: iSeed.x split probability, iSeed.y maximum depth, iSeed.z palette, iSeed.w motif mix

#include "hash.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = fragCoord / iResolution.y;
    uv.x += 0.02 * iTime;
    float size = 1.0;
    vec2 org = floor(uv);
    float split = mix(0.35, 0.75, iSeed.x);
    int maxd = 3 + int(iSeed.y * 3.99);
    float salt = floor(iTime * 0.25);  // the layout reshuffles every four seconds
    for (int d = 0; d < 7; d++) {
        if (d >= maxd) break;
        if (pv_hash13(vec3(org * 64.0, size * 8.0 + salt)) > split && d > 0) break;
        size *= 0.5;
        org += step(org + size, uv) * size;
    }
    vec2 f = (uv - org) / size;
    float h = pv_hash13(vec3(org * 64.0 + 3.0, size * 8.0 + salt));
    float h2 = pv_hash13(vec3(org * 64.0 + 7.0, size * 8.0 + salt));
    vec3 c0 = pv_seedpal(fract(iSeed.z + 0.33 * floor(h * 3.0)), 5);
    vec3 c1 = pv_seedpal(fract(iSeed.z + 0.5 + 0.33 * floor(h2 * 3.0)), 5);
    if (h2 < 0.15) c1 = vec3(0.95, 0.93, 0.88);
    if (h < 0.1) c0 = vec3(0.08);
    int motif = int(h2 * 4.0 + iSeed.w * 4.0) % 4;
    float v;
    if (motif == 0) v = step(length(f - 0.5), 0.4);
    else if (motif == 1) { vec2 cr = vec2(step(0.5, h), step(0.5, fract(h * 7.0))); v = step(length(f - cr), 1.0); }
    else if (motif == 2) v = step(f.x + f.y, 1.0);
    else v = step(0.5, fract(f.x * 4.0));
    vec3 col = mix(c0, c1, v);
    float border = min(min(f.x, 1.0 - f.x), min(f.y, 1.0 - f.y)) * size;
    col = mix(vec3(0.05), col, smoothstep(0.002, 0.004, border));
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
