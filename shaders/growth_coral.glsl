// name: growth_coral
// family: growth
// author: procvision
// licence: MIT
// description: Dendritic radial growth like diffusion-limited aggregation or coral: branches split in two at each ring, some die, all wiggle with noise and grow outward with time.
// params: iSeed.x branch count at the root, iSeed.y death rate, iSeed.z noise wiggle, iSeed.w colours

#include "hash.glsl"
#include "noise.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    uv += 0.3 * (pv_seed2(1) - 0.5);
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
    float grow = 0.15 + 0.1 * iTime;
    float dist = best / N * 6.2831853 * r;
    float w = 0.012 * exp2(-0.4 * L) + 0.004;
    float ink = smoothstep(w, w * 0.4, dist) * alive * step(r, grow) * step(0.6 * r0, r);
    float core = smoothstep(r0, 0.0, r);
    vec3 bg = pv_duotone(0.05, 5) * (0.7 + 0.3 * pv_fbm(uv * 4.0, 3));
    vec3 fg = iSeed.w > 0.5 ? pv_seedpal(r * 1.5, 6) : pv_duotone(0.95, 5);
    vec3 col = mix(bg, fg, max(ink, core));
    col += fg * 0.25 * smoothstep(0.02, 0.0, abs(r - grow)) * alive;
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
