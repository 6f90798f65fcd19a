// name: rings_lissajous
// family: rings
// author: procvision
// licence: MIT
// description: Lissajous figures: one to three glowing parametric curves with seeded frequency ratios and phases.
// params: iSeed.x frequency ratio, iSeed.y curve count, iSeed.z phase, iSeed.w palette

#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y * 2.2;
    int ncurves = 1 + int(iSeed.y * 3.0);
    vec3 col = pv_hsv2rgb(vec3(pv_seed(1), 0.6, 0.08));
    for (int c = 0; c < 3; c++) {
        if (c >= ncurves) break;
        float a = floor(1.0 + 5.0 * pv_seed(10 + c));
        float b = floor(1.0 + 5.0 * mix(iSeed.x, pv_seed(20 + c), float(c) * 0.5));
        if (a == b) b += 1.0;
        float ph = 6.2831853 * iSeed.z + 0.2 * iTime + float(c);
        float amp = 0.85 - 0.2 * float(c);
        // Analytic distance: every t with y(t) = uv.y solves sin(b t) = uv.y / amp
        // (2b roots per period); the horizontal gap at each root is turned into
        // an approximate perpendicular distance with the curve's local slope.
        float s = clamp(uv.y / amp, -1.0, 1.0);
        float over = max(abs(uv.y) - amp, 0.0);
        float base = asin(s);
        float dist = 1e3;
        for (int m = 0; m < 6; m++) {
            if (float(m) >= b) break;
            for (int br = 0; br < 2; br++) {
                float t = ((br == 0 ? base : 3.14159265 - base) + 6.2831853 * float(m)) / b;
                float x = amp * sin(a * t + ph);
                // cos(b t) = +-cos(asin(s)): no trig needed for the y slope.
                float dx = amp * a * cos(a * t + ph), dy = amp * b * sqrt(max(1.0 - s * s, 0.0)) * (br == 0 ? 1.0 : -1.0);
                float gap = abs(uv.x - x);
                // The slope estimate only holds near the curve; far away (and at the
                // turning points, where dy -> 0) fall back to the horizontal gap.
                float d = mix(gap * abs(dy) / sqrt(dx * dx + dy * dy + 1e-6), gap, smoothstep(0.02, 0.15, gap));
                dist = min(dist, length(vec2(d, over)));
            }
        }
        vec3 ink = pv_seedpal(float(c) * 0.33 + iSeed.w, 100);
        col += ink * (smoothstep(0.03, 0.01, dist) + 0.5 * exp(-dist * 25.0));
    }
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
