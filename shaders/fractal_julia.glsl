// name: fractal_julia
// family: fractal
// author: procvision
// licence: MIT
// description: Quadratic Julia set with c near the Mandelbrot boundary, smooth escape-time colouring and dark interior.
// params: iSeed.x angle of c, iSeed.y radius of c, iSeed.z zoom and rotation, iSeed.w palette

#include "fractal.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    float a = 6.2831853 * iSeed.x + 0.02 * iTime;
    // c on the main cardioid's boundary, pushed slightly in or out.
    vec2 w = vec2(cos(a), sin(a)) * 0.5;
    vec2 card = w - vec2(w.x * w.x - w.y * w.y, 2.0 * w.x * w.y);
    vec2 c = card * mix(0.97, 1.05, iSeed.y);
    float zoom = mix(2.6, 0.9, iSeed.z);
    float ra = 6.2831853 * pv_seed(1);
    vec2 z = mat2(cos(ra), sin(ra), -sin(ra), cos(ra)) * uv * zoom;
    float n;
    vec3 col = vec3(0.0);
    if (pv_quadratic_escape(z, c, n)) {
        float sn = pv_smooth_escape(z, n) + 4.0;
        col = pv_seedpal(0.03 * sn + iSeed.w, 40);
        col *= smoothstep(0.0, 6.0, sn);
    } else {
        col = pv_hsv2rgb(vec3(iSeed.w, 0.6, 0.15 + 0.2 * step(0.5, pv_seed(2)) * length(z)));
    }
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
