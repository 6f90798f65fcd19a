// name: fractal_burning_ship
// family: fractal
// author: procvision
// licence: MIT
// description: Burning Ship fractal (abs-folded Mandelbrot iteration): the whole ship or a view on its hull, masts, rigging and side structures, coloured by escape time as fire over a tinted haze, a cosine palette, or dark ink on a pale ground.
// params: iSeed.x view (the whole ship or one of nine places on its boundary, all with structure in frame), iSeed.y zoom within that view, iSeed.z colouring kind and palette, iSeed.w colour mapping exponent; pv_seed(1) view rotation or flip, pv_seed(2..4) background hue, saturation and brightness, pv_seed(5) interior colour, pv_seed(6) palette repeat

#include "palette.glsl"

// views on the boundary (centre, half-height), each checked to show structure at every zoom
const vec3 VIEWS[10] = vec3[10](
    vec3(-0.5, -0.5, 2.8), vec3(-1.755, -0.035, 0.12), vec3(-1.762, -0.03, 0.06), vec3(-1.86, -0.006, 0.04),
    vec3(-1.941, -0.003, 0.012), vec3(-1.62, 0.0, 0.1), vec3(-1.775, -0.01, 0.3), vec3(-1.5, 0.0, 0.5),
    vec3(-1.25, -0.35, 0.4), vec3(-1.2961, -0.4005, 0.8));

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    uv.y = -uv.y;
    // orientation: mostly the classic upright ship, sometimes turned a quarter or mirrored
    float ok = pv_seed(1);
    if (ok > 0.6) uv = ok > 0.8 ? vec2(uv.y, -uv.x) : vec2(uv.x, -uv.y);
    int v = min(int(iSeed.x * 10.0), 9);
    vec3 view = VIEWS[v];
    float zoom = mix(1.0, v == 0 ? 0.7 : 0.5, iSeed.y);
    vec2 c = view.xy + uv * view.z * zoom * (1.0 + 0.03 * sin(0.5 * iTime));
    vec2 z = vec2(0.0);
    float n = 0.0, esc = 0.0;
    for (int i = 0; i < 64; i++) {
        z = abs(z);
        z = vec2(z.x * z.x - z.y * z.y, 2.0 * z.x * z.y) + c;
        if (dot(z, z) > 64.0) { esc = 1.0; break; }
        n += 1.0;
    }
    // smooth escape time in [0, 1]
    float sn = esc > 0.5 ? n + 1.0 - log2(max(log2(dot(z, z)) * 0.5, 1.0)) : 64.0;
    float t = pow(clamp(sn / 64.0, 0.0, 1.0), mix(0.3, 0.9, iSeed.w));
    vec3 bg = pv_hsv2rgb(vec3(pv_seed(2), mix(0.2, 0.8, pv_seed(3)), mix(0.15, 0.6, pv_seed(4))));
    float kind = iSeed.z;
    vec3 col;
    vec3 inner;
    if (kind < 0.35) {
        // fire over a tinted haze
        vec3 fire = vec3(1.6 * t, 1.6 * t * t, 2.0 * t * t * t);
        col = bg * (1.0 - t) + fire;
        inner = mix(bg * 0.4, vec3(1.0, 0.85, 0.5), step(0.5, pv_seed(5)));
    } else if (kind < 0.7) {
        // cosine palette cycled along the escape time, fading out into the background
        col = mix(bg, pv_seedpal(t * mix(1.0, 4.0, pv_seed(6)) + 7.0 * kind, 60), smoothstep(0.0, 0.25, t));
        inner = pv_seedpal(pv_seed(5), 61) * 0.5;
    } else {
        // ink: dark structure on a pale ground
        vec3 paper = mix(vec3(0.95, 0.93, 0.88), pv_hsv2rgb(vec3(pv_seed(2), 0.35, 0.95)), pv_seed(3));
        vec3 ink = pv_hsv2rgb(vec3(fract(pv_seed(2) + 0.5), 0.7, 0.25));
        col = mix(paper, ink, smoothstep(0.0, 0.8, t));
        inner = pv_seed(5) < 0.5 ? ink * 0.4 : pv_hsv2rgb(vec3(fract(pv_seed(2) + 0.5), 0.8, 0.8));
    }
    if (esc < 0.5) col = inner;
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
