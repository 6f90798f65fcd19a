// name: growth_coral
// family: growth
// author: procvision
// licence: MIT
// description: Dendritic radial growth like diffusion-limited aggregation or coral: branches split in two at each ring, some die, all wiggle with noise and grow outward with time, from a root in the frame or at its edge (a fan of coral), thin or fleshy, over a seabed or paper backdrop anywhere from deep dark to bright.
// params: iSeed.x branch count at the root, iSeed.y death rate, iSeed.z noise wiggle, iSeed.w colours (gradient or duotone); pv_seed2(1) root position (inside or at the edge), pv_seed(2) zoom, pv_seed(3) branch thickness, pv_seed(4..6) backdrop hue, saturation and brightness, pv_seed(7..8) branch hue and saturation, pv_seed(10) branch brightness (always contrasting with the backdrop), pv_seed(11) gradient hue shift, pv_seed(9) growth start

#include "hash.glsl"
#include "noise.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv0 = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    // zoom, and a root that sits in the frame or on its edge so the growth fans in
    float zoom = mix(0.45, 1.3, pv_seed(2));
    vec2 root = (pv_seed2(1) - 0.5) * vec2(1.9, 1.1);
    vec2 uv = (uv0 - root) * zoom;
    float wig = mix(0.05, 0.5, iSeed.z);
    float r = length(uv);
    float a = pv_atan2(uv.y, uv.x) / 6.2831853 + 0.5;
    a += wig * 0.08 * pv_gfbm(uv * 9.0 + 3.0, 4) / max(r, 0.05);
    float r0 = 0.05;
    float lv = max(log2(max(r, 1e-4) / r0), 0.0);
    float L = floor(lv);
    float fr = fract(lv);
    float n0 = floor(mix(3.0, 9.0, iSeed.x));
    float N = n0 * exp2(L);
    float s = fract(a) * N;
    float best = 1e3;
    float bestj = 0.0;
    for (int k = -1; k <= 1; k++) {
        float j = mod(floor(s) + float(k), N);
        float q = floor(j * 0.5);
        float centre = mix(2.0 * q + 1.0, j + 0.5, smoothstep(0.0, 0.7, fr));
        if (L < 0.5) centre = j + 0.5;
        float dj = s - centre - float(k) - floor(s) + j;
        dj = abs(mod(dj + 0.5 * N, N) - 0.5 * N);
        if (dj < best) { best = dj; bestj = j; }
    }
    // a branch lives only if all its ancestors survived
    float alive = 1.0;
    float j = bestj;
    float death = mix(0.05, 0.3, iSeed.y);
    for (int l = 7; l >= 0; l--) {
        if (float(l) > L) continue;
        if (l > 0 && pv_ihash12(ivec2(int(j), l + 17 * int(n0))) < death) alive = 0.0;
        j = floor(j * 0.5);
    }
    float grow = mix(0.25, 0.6, pv_seed(9)) + 0.1 * iTime;
    float dist = best / N * 6.2831853 * r;
    float thick = mix(0.6, 3.0, pv_seed(3));
    float w = (0.012 * exp2(-0.4 * L) + 0.004) * thick;
    float ink = smoothstep(w, w * 0.4, dist) * alive * step(r, grow) * step(0.6 * r0, r);
    float halo = smoothstep(w * 4.0, 0.0, dist) * alive * step(r, grow) * 0.25;
    float core = smoothstep(r0 * thick * 0.6, 0.0, r);
    // backdrop: seabed, paper or lab plate, of any brightness; branches contrast with it
    float bv = mix(0.15, 0.92, pv_seed(6));
    vec3 bg = pv_hsv2rgb(vec3(pv_seed(4), mix(0.1, 0.8, pv_seed(5)), bv)) * (0.75 + 0.35 * pv_fbm(uv0 * 3.0 + 5.0 * pv_seed(4), 3));
    float fv = bv > 0.5 ? mix(0.1, 0.45, pv_seed(10)) : mix(0.75, 1.0, pv_seed(10));
    vec3 fg = pv_hsv2rgb(vec3(pv_seed(7), mix(0.3, 0.95, pv_seed(8)), fv));
    if (iSeed.w > 0.5) fg = mix(fg, pv_hsv2rgb(vec3(fract(pv_seed(7) + 0.3 * pv_seed(11) - 0.15 + r), 0.8, fv)), 0.6);
    vec3 col = mix(bg, fg, max(max(ink, core), halo));
    col += fg * 0.25 * smoothstep(0.02, 0.0, abs(r - grow)) * alive;
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
