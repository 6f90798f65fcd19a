// name: fractal_mandelbrot_zoom
// family: fractal
// author: procvision
// licence: MIT
// description: Mandelbrot set zoomed into one of several seeded boundary regions, banded or smooth colouring.
// params: iSeed.x target region, iSeed.y zoom depth, iSeed.z rotation, iSeed.w palette and band style

#include "fractal.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    int k = int(iSeed.x * 6.0);
    vec2 centre = vec2(-0.5, 0.0);
    if (k == 1) centre = vec2(-0.7453, 0.1127);
    else if (k == 2) centre = vec2(0.2850, 0.0113);
    else if (k == 3) centre = vec2(-0.1011, 0.9563);
    else if (k == 4) centre = vec2(-1.2507, 0.0201);
    else if (k == 5) centre = vec2(-0.1592, 1.0317);
    float depth = (k == 0) ? 0.0 : mix(0.5, 2.6, iSeed.y);
    float scale = 2.8 * pow(10.0, -depth) * (1.0 + 0.02 * sin(iTime));
    float ra = 6.2831853 * iSeed.z;
    vec2 c = centre + mat2(cos(ra), sin(ra), -sin(ra), cos(ra)) * uv * scale;
    vec2 z = vec2(0.0);
    float n;
    vec3 col = vec3(0.0);
    if (pv_quadratic_escape(z, c, n)) {
        float sn = pv_smooth_escape(z, n);
        float t = 0.05 * sn + iSeed.w;
        if (pv_seed(1) < 0.4) t = floor(t * 12.0) / 12.0;
        col = pv_seedpal(t, 50);
    }
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
