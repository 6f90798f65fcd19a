// name: chart_plots
// family: chart
// author: procvision
// licence: MIT
// description: Scientific plots: line plots of noisy series with markers and error bands, filled area plots, or scatter clouds of several classes, on gridded axes, in one to four subplots, on light or dark figure themes.
// params: iSeed.x series count, iSeed.y plot kind (lines, areas or scatter; varies per subplot), iSeed.z palette hue, iSeed.w noise level; pv_seed(1..6) figure and panel colours (dark or light theme), pv_seed(7..8) subplot layout, pv_seed2(9) and pv_seed(10) margins, pv_seed(11) grid density, pv_seed(12..14) palette spread, saturation and band width, pv_seed(15) marker and line size, pv_seed(16) full frame, pv_seed(20..73) and pv_seed2(10..) per-series shapes

#include "hash.glsl"
#include "noise.glsl"
#include "sdf.glsl"
#include "palette.glsl"

float series(float x, int k, float noise) {
    float fr = mix(2.0, 8.0, pv_seed(30 + k));
    return 0.5 + 0.3 * sin(x * fr + 6.28 * pv_seed(40 + k) + 0.5 * iTime) * exp(-x * pv_seed(50 + k) * 2.0)
         + 0.15 * (pv_seed(60 + k) - 0.5) + noise * pv_gnoise(vec2(x * 60.0, float(k)));
}

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = fragCoord / iResolution.y;
    // theme: light paper or a dark figure; the panel may be tinted apart from the figure
    bool dark = pv_seed(1) < 0.35;
    float fh = pv_seed(2);
    vec3 fig = pv_hsv2rgb(vec3(fh, 0.3 * pv_seed(3) * pv_seed(3), dark ? mix(0.03, 0.25, pv_seed(4)) : mix(0.78, 1.0, pv_seed(4))));
    vec3 tint = pv_hsv2rgb(vec3(fract(fh + 0.2 * pv_seed(6)), 0.3 * pv_seed(6), dark ? 0.3 : 0.86));
    vec3 panel = mix(fig, tint, smoothstep(0.3, 1.0, pv_seed(5)));
    vec3 fg = dark ? vec3(0.88) : vec3(0.1);
    vec3 gridc = mix(panel, dark ? vec3(0.5) : (pv_seed(5) > 0.6 ? vec3(1.0) : vec3(0.75)), 0.6);
    // one to four subplots; each has its own margins-relative axes and data
    int nx = pv_seed(7) < 0.6 ? 1 : 2, ny = pv_seed(8) < 0.7 ? 1 : 2;
    vec2 gs = vec2(nx, ny);
    vec2 cell = min(floor(uv * gs), gs - 1.0);
    vec2 lu = uv * gs - cell;
    int pid = int(cell.x + 2.0 * cell.y);
    vec2 o = mix(vec2(0.08), vec2(0.2), pv_seed2(9));
    vec2 sz = 1.0 - o - mix(0.03, 0.08, pv_seed(10));
    vec2 p = (lu - o) / sz;
    float px = 1.2 * max(gs.x, gs.y) / iResolution.y;   // one pixel in subplot units
    vec3 col = fig;
    bool inPlot = all(greaterThan(p, vec2(0.0))) && all(lessThan(p, vec2(1.0)));
    float gn = float(4 + int(pv_seed(11) * 9.0));
    vec2 gg = abs(fract(p * gn + 0.5) - 0.5) / gn * sz;
    if (inPlot) col = mix(panel, gridc, smoothstep(px, 0.0, min(gg.x, gg.y)));
    int nser = 1 + int(iSeed.x * 3.99);
    float noise = mix(0.01, 0.08, iSeed.w);
    int kind = int(3.0 * fract(iSeed.y + (pv_seed(12) < 0.5 ? 0.0 : 0.37 * float(pid))));
    float hstep = mix(0.1, 0.4, pv_seed(12));
    float sat = mix(0.45, 0.95, pv_seed(13));
    float band = mix(0.015, 0.1, pv_seed(14));
    float msz = mix(0.7, 1.8, pv_seed(15));
    for (int j = 0; j < 4; j++) {
        if (j >= nser || !inPlot) break;
        int k = j + 4 * pid;
        vec3 c = pv_hsv2rgb(vec3(fract(iSeed.z + hstep * float(j)), sat, dark ? 0.95 : 0.78));
        if (kind == 2) {
            // scatter: a cloud per class, centre and spread seeded
            vec2 ctr = 0.2 + 0.6 * pv_seed2(10 + k);
            float spread = mix(0.01, 0.06, pv_seed(20 + k));
            vec2 cl = floor(p * 40.0);
            for (int m = 0; m < 4; m++) {
                vec2 h = pv_hash22(cl + float(m) * 0.37 + float(k) * 7.1);
                vec2 pt = (cl + h) / 40.0;
                float dens = exp(-dot(pt - ctr, pt - ctr) / spread);
                if (pv_hash12(cl + 3.3 * float(m + 4 * k)) < dens * 0.7) {
                    pt += 0.005 * vec2(sin(iTime + h.x * 6.0), cos(iTime + h.y * 6.0));
                    col = mix(col, c, smoothstep(0.007 * msz, 0.004 * msz, length((p - pt) * sz)));
                }
            }
        } else {
            float f0 = series(p.x, k, noise);
            if (kind == 1) col = mix(col, c, step(p.y, f0) * mix(0.3, 0.6, pv_seed(70 + k)));   // filled area
            else col = mix(col, c, step(abs(p.y - f0), band) * 0.3);                            // error band
            float dy = abs(p.y - f0) / sqrt(1.0 + pow(dFdx(f0) / max(dFdx(p.x), 1e-5), 2.0));
            col = mix(col, c, smoothstep(px * 1.6 * msz, px * 0.5 * msz, dy * sz.y));
            if (kind == 0) {
                float mx = floor(p.x * 12.0 + 0.5) / 12.0;
                float fm = series(mx, k, noise);
                col = mix(col, c, smoothstep(0.011 * msz, 0.008 * msz, length((p - vec2(mx, fm)) * sz)));
            }
        }
    }
    // axes: left and bottom spines, on some themes a full frame
    bool inX = p.x > -0.02 && p.x < 1.0, inY = p.y > -0.02 && p.y < 1.0;
    float axes = min(inY ? abs(p.x * sz.x) : 1.0, inX ? abs(p.y * sz.y) : 1.0);
    if (pv_seed(16) < 0.4) axes = min(axes, min(inY ? abs((p.x - 1.0) * sz.x) : 1.0, inX ? abs((p.y - 1.0) * sz.y) : 1.0));
    col = mix(col, fg, smoothstep(px * 1.5, 0.0, axes));
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
