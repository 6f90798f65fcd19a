// name: chart_bars
// family: chart
// author: procvision
// licence: MIT
// description: Data charts: grouped or stacked bar charts with axes, tick marks, gridlines and a legend block, bars rising and falling with time.
// params: iSeed.x bar count, iSeed.y bar width, iSeed.z palette, iSeed.w dark or light theme

#include "hash.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = fragCoord / iResolution.y;
    vec2 o = vec2(0.12, 0.1);
    vec2 s = vec2(0.8, 0.78);
    vec2 p = (uv - o) / s;
    bool dark = iSeed.w > 0.6;
    vec3 bg = dark ? vec3(0.1, 0.11, 0.13) : vec3(0.98);
    vec3 ink = dark ? vec3(0.8) : vec3(0.2);
    vec3 col = bg;
    float px = 1.2 / iResolution.y;
    // gridlines and axes
    float gy = abs(fract(p.y * 5.0 + 0.5) - 0.5) / 5.0 * s.y;
    if (p.x > 0.0 && p.x < 1.0 && p.y > 0.0 && p.y < 1.0) col = mix(col, ink, 0.15 * smoothstep(px, 0.0, gy));
    int n = 3 + int(iSeed.x * 9.0);
    int series = 1 + int(pv_seed(1) * 3.0);
    bool stacked = pv_seed(3) > 0.5;
    float margin = mix(0.04, 0.3, iSeed.y);
    float slot = 1.0 / float(n);
    float k = floor(p.x / slot);
    float fx = fract(p.x / slot);
    if (p.x > 0.0 && p.x < 1.0 && p.y > 0.0) {
        float base = 0.0;
        for (int j = 0; j < 3; j++) {
            if (j >= series) break;
            float v = 0.15 + 0.6 * pv_hash12(vec2(k, float(j) + 10.0 * pv_seed(2)));
            v *= 0.85 + 0.15 * sin(iTime * 0.8 + k + float(j));
            if (stacked) v /= float(series);
            vec3 bc = pv_seedpal(fract(iSeed.z + 0.27 * float(j)), 5);
            float x0 = margin + (stacked ? 0.0 : (1.0 - 2.0 * margin) * float(j) / float(series));
            float x1 = stacked ? 1.0 - margin : margin + (1.0 - 2.0 * margin) * float(j + 1) / float(series);
            if (fx > x0 && fx < x1 && p.y > base && p.y < base + v) col = bc;
            if (stacked) base += v;
        }
    }
    float axes = min(abs(uv.x - o.x) + step(uv.y, o.y) + step(o.y + s.y, uv.y), abs(uv.y - o.y) + step(uv.x, o.x) + step(o.x + s.x, uv.x));
    col = mix(col, ink, smoothstep(px * 1.5, 0.0, axes));
    float tick = abs(fract(p.y * 5.0 + 0.5) - 0.5) / 5.0 * s.y;
    col = mix(col, ink, smoothstep(px, 0.0, tick) * step(abs(uv.x - o.x + 0.015), 0.015));
    // legend swatches top right
    for (int j = 0; j < 3; j++) {
        if (j >= series) break;
        vec2 lp = uv - vec2(0.75, 0.93 - 0.04 * float(j));
        if (pv_sdBox2(lp, vec2(0.012)) < 0.0) col = pv_seedpal(fract(iSeed.z + 0.27 * float(j)), 5);
        if (pv_sdBox2(lp - vec2(0.07, 0.0), vec2(0.045, 0.004)) < 0.0) col = ink;
    }
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
