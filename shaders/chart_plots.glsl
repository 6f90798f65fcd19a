// name: chart_plots
// family: chart
// author: procvision
// licence: MIT
// description: Scientific plots: line plots of noisy series with markers, or scatter clouds of several classes, on gridded axes with error bands.
// params: iSeed.x series count, iSeed.y plot kind (lines or scatter), iSeed.z palette, iSeed.w noise level

#include "hash.glsl"
#include "noise.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = fragCoord / iResolution.y;
    vec2 o = vec2(0.1, 0.1);
    vec2 p = (uv - o) / 0.82;
    vec3 col = vec3(0.99, 0.99, 0.97);
    float px = 1.2 / iResolution.y;
    vec2 gg = abs(fract(p * 8.0 + 0.5) - 0.5) / 8.0 * 0.82;
    bool inPlot = all(greaterThan(p, vec2(0.0))) && all(lessThan(p, vec2(1.0)));
    if (inPlot) col = mix(col, vec3(0.85), smoothstep(px, 0.0, min(gg.x, gg.y)));
    int series = 1 + int(iSeed.x * 3.99);
    float noise = mix(0.01, 0.08, iSeed.w);
    bool scatter = iSeed.y > 0.5;
    for (int j = 0; j < 4; j++) {
        if (j >= series || !inPlot) break;
        vec3 c = pv_hsv2rgb(vec3(fract(iSeed.z + 0.23 * float(j)), 0.75, 0.8));
        if (scatter) {
            vec2 ctr = 0.25 + 0.5 * pv_seed2(10 + j);
            vec2 cell = floor(p * 40.0);
            for (int k = 0; k < 4; k++) {
                vec2 h = pv_hash22(cell + float(k) * 0.37 + float(j) * 7.1);
                vec2 pt = (cell + h) / 40.0;
                float dens = exp(-dot(pt - ctr, pt - ctr) / (0.02 + 0.03 * pv_seed(20 + j)));
                if (pv_hash12(cell + 3.3 * float(k + 4 * j)) < dens * 0.5) {
                    pt += 0.005 * vec2(sin(iTime + h.x * 6.0), cos(iTime + h.y * 6.0));
                    col = mix(col, c, smoothstep(0.007, 0.004, length(p - pt)));
                }
            }
        } else {
            float fr = mix(2.0, 8.0, pv_seed(30 + j));
            float f0 = 0.5 + 0.3 * sin(p.x * fr + 6.28 * pv_seed(40 + j) + 0.5 * iTime) * exp(-p.x * pv_seed(50 + j) * 2.0) + noise * pv_gnoise(vec2(p.x * 60.0, float(j)));
            col = mix(col, c * 0.3 + 0.7, step(abs(p.y - f0), 0.04) * 0.5);
            float dy = abs(p.y - f0) / sqrt(1.0 + pow(dFdx(f0) / max(dFdx(p.x), 1e-5), 2.0));
            col = mix(col, c, smoothstep(px * 2.0, px * 0.5, dy * 0.82));
            float mx = floor(p.x * 12.0 + 0.5) / 12.0;
            float fm = 0.5 + 0.3 * sin(mx * fr + 6.28 * pv_seed(40 + j) + 0.5 * iTime) * exp(-mx * pv_seed(50 + j) * 2.0) + noise * pv_gnoise(vec2(mx * 60.0, float(j)));
            col = mix(col, c, smoothstep(0.014, 0.01, length(p - vec2(mx, fm))));
        }
    }
    float axes = min(abs(uv.x - o.x) + step(uv.y, o.y), abs(uv.y - o.y) + step(uv.x, o.x));
    col = mix(col, vec3(0.1), smoothstep(px * 1.5, 0.0, axes));
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
