// name: architecture_roofs
// family: architecture
// author: procvision
// licence: MIT
// description: Roof coverings close up: overlapping clay pantiles, fish-scale slates, rectangular shingles or corrugated painted sheet, in courses with shadows under each overlap, weathered by lichen or moss, seen square on or receding up the slope, sometimes with the ridge and the sky above it.
// params: iSeed.x course size, iSeed.y material, iSeed.z colour within the material, iSeed.w weathering; pv_seed(1) roof rotation, pv_seed(2) lichen layout, pv_seed(3) perspective (how fast courses shrink upward), pv_seed(4) ridge height (or none), pv_seed(5..6) sky hue and brightness, pv_seed(7) sun brightness, pv_seed(8) sheet paint hue, pv_seed(9) moss or pale lichen, pv_seed(10) colour variation between tiles

#include "hash.glsl"
#include "noise.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv0 = fragCoord / iResolution.y;
    // roof seen receding: courses shrink toward the top by a seed amount
    float persp = mix(0.0, 1.6, pv_seed(3) * pv_seed(3));
    vec2 uv = uv0;
    uv.y = uv.y * (1.0 + persp * 0.5 * uv.y);
    uv.x = (uv.x - 0.5) * (1.0 + persp * 0.5 * uv0.y) + 0.5;
    uv = pv_rot2(0.5 * (pv_seed(1) - 0.5)) * uv + vec2(0.0, 0.02 * iTime);
    float n = mix(3.5, 14.0, iSeed.x);
    vec2 p = uv * n;
    float row = floor(p.y);
    int kind = int(iSeed.y * 3.99);
    float shade, id;
    if (kind == 0) {  // pantiles: S-shaped profile across each tile, overlapping the course below
        float prof = sin(6.2831853 * p.x);
        float fy = fract(p.y);
        shade = 0.6 + 0.4 * prof;
        shade *= 0.55 + 0.45 * smoothstep(0.0, 0.25, fy);
        id = pv_hash12(vec2(floor(p.x), row));
    } else if (kind == 1) {  // fish-scale slates in staggered courses
        float x = p.x + 0.5 * mod(row, 2.0);
        vec2 f = vec2(fract(x) - 0.5, fract(p.y));
        float d = length(f - vec2(0.0, 0.9)) - 0.95;
        shade = 0.8 + 0.2 * f.y;
        if (d > 0.0) {  // below this scale's round end: the course underneath shows
            shade = 0.55;
            x = p.x + 0.5 * mod(row + 1.0, 2.0);
        }
        shade *= 1.0 - 0.4 * smoothstep(0.05, 0.0, abs(d));
        id = pv_hash12(vec2(floor(x), row));
    } else if (kind == 2) {  // rectangular shingles, staggered, a dark gap between them
        float x = p.x * 1.4 + 0.5 * mod(row, 2.0);
        vec2 f = vec2(fract(x), fract(p.y));
        shade = (0.75 + 0.25 * f.y) * (0.45 + 0.55 * smoothstep(0.0, 0.05, min(f.x, 1.0 - f.x))) * (0.5 + 0.5 * smoothstep(0.0, 0.12, f.y));
        id = pv_hash12(vec2(floor(x), row));
    } else {  // corrugated sheet in long panels
        float prof = sin(6.2831853 * p.x * 2.0);
        shade = 0.65 + 0.35 * prof;
        shade *= 0.8 + 0.2 * step(0.04, fract(p.y / 3.0));
        id = pv_hash12(vec2(floor(p.x / 4.0), floor(p.y / 3.0)));
    }
    float z = iSeed.z;
    vec3 base = kind == 0 ? pv_hsv2rgb(vec3(mix(0.0, 0.08, z), mix(0.45, 0.8, fract(z * 3.0)), mix(0.45, 0.85, fract(z * 7.0))))
              : (kind == 1 ? pv_hsv2rgb(vec3(mix(0.55, 0.8, z), mix(0.05, 0.3, fract(z * 3.0)), mix(0.2, 0.6, fract(z * 7.0))))
              : (kind == 2 ? pv_hsv2rgb(vec3(mix(0.02, 0.12, z), mix(0.2, 0.6, fract(z * 3.0)), mix(0.25, 0.8, fract(z * 7.0))))
              : (z < 0.3 ? vec3(0.72, 0.74, 0.76) : pv_hsv2rgb(vec3(pv_seed(8), mix(0.4, 0.8, z), mix(0.4, 0.85, fract(z * 5.0)))))));
    float sun = mix(0.7, 1.35, pv_seed(7));
    vec3 col = base * shade * (1.0 + mix(0.1, 0.6, pv_seed(10)) * (id - 0.5)) * sun;
    // weathering: pale lichen or green moss in patches
    float lichen = smoothstep(0.55, 0.75, pv_fbm(uv * 6.0 + 3.0 * pv_seed(2), 3)) * iSeed.w;
    if (lichen > 0.0) {
        float ln = pv_vnoise(uv * 90.0);
        vec3 lc = pv_seed(9) < 0.5 ? mix(vec3(0.7, 0.75, 0.4), vec3(0.85, 0.8, 0.6), ln) : mix(vec3(0.2, 0.35, 0.1), vec3(0.35, 0.5, 0.15), ln);
        col = mix(col, lc * sun, lichen * 0.85);
    }
    // the ridge and the sky above it
    float ridge = mix(0.55, 1.1, pv_seed(4));
    float rk = uv0.y - ridge - 0.08 * (uv0.x - 0.5) * (pv_seed(1) - 0.5);
    if (rk > 0.0) {
        vec3 sky = pv_hsv2rgb(vec3(mix(0.5, 0.7, pv_seed(5)), mix(0.15, 0.6, pv_seed(6)), mix(0.65, 1.0, pv_seed(6))));
        col = mix(sky, sky * 0.8, clamp(rk * 2.0, 0.0, 1.0));
    } else {
        col *= 1.0 - 0.5 * smoothstep(-0.04, 0.0, rk);
    }
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
