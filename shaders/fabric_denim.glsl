// name: fabric_denim
// family: fabric
// author: procvision
// licence: MIT
// description: Denim close up: a steep 3/1 twill of dyed warp (mostly indigo, sometimes black or coloured denim) over pale weft, faded whiskers and wear, a seam joining two panels with a double row of contrasting top-stitching, under soft directional light.
// params: iSeed.x thread size and zoom, iSeed.y wash (raw dark to bleached), iSeed.z seam position and angle, iSeed.w stitch colour and light direction; pv_seed(3..5) dye hue, saturation and depth, pv_seed(12..13) coloured-denim hue and how far toward it, pv_seed(6..8) light strength, whisker angle and fade scale, pv_seed(1) fade pattern, pv_seed(9) weft tint, pv_seed(10) twill rotation, pv_seed(11) wear difference between panels, pv_seed(2) stitch hue

#include "hash.glsl"
#include "noise.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv0 = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    // the whole cloth lies at a seed angle: the twill diagonal is not always the same
    vec2 uv = pv_rot2(6.2831853 * pv_seed(10)) * uv0 + vec2(0.01 * iTime, 0.0);
    float threads = mix(45.0, 200.0, iSeed.x);
    // dye: most seeds indigo, some drift to black, grey or coloured denim (continuous hue offset)
    float hue = 0.6 + 0.07 * (pv_seed(3) - 0.5);
    hue = fract(mix(hue, pv_seed(12), smoothstep(0.75, 1.0, pv_seed(13))));
    float sat = mix(0.1, 0.9, sqrt(pv_seed(4)));
    float depth = mix(0.08, 0.45, pv_seed(5));
    float wash = iSeed.y;
    vec3 dark = pv_hsv2rgb(vec3(hue, sat, depth));
    vec3 faded = pv_hsv2rgb(vec3(hue - 0.02, sat * 0.45, mix(0.6, 0.95, wash)));
    vec3 weft = pv_hsv2rgb(vec3(0.07 + 0.08 * pv_seed(9), 0.04 + 0.2 * pv_seed(9), 0.88));
    // seam: splits the cloth into two panels with the twill at different angles and wear
    float ang = 1.6 * (iSeed.z - 0.5);
    vec2 sp = pv_rot2(ang) * (uv0 - vec2(0.7 * (iSeed.z - 0.5), 0.0));
    float panel = step(0.0, sp.x);
    vec2 pu = panel > 0.5 ? uv : pv_rot2(0.5) * uv + 3.7;
    vec2 t = pu * threads;
    ivec2 it = ivec2(floor(t));
    vec2 ft = fract(t);
    bool warp = ((it.x - it.y) & 3) != 0;
    float slub = pv_vnoise(vec2(float(it.x) * 3.1, t.y * 0.05)) * 0.3;
    // whiskers: faded streaks at a seed angle and scale, large enough to show in a thumbnail
    float fs = mix(0.8, 3.5, pv_seed(8));
    vec2 wu = pv_rot2(3.14159 * pv_seed(7)) * uv0;
    float fade = smoothstep(0.25, 0.8, pv_fbm(wu * vec2(fs, 4.0 * fs) + 3.0 * pv_seed(1) + 7.0 * panel, 5));
    fade = fade * (0.4 + 0.6 * wash) + 0.25 * panel * (pv_seed(11) - 0.3);
    vec3 indigo = mix(dark, faded, clamp(fade + 0.55 * wash * wash + slub - 0.1, 0.0, 1.0));
    vec3 col = warp ? indigo : weft;
    float across = warp ? ft.x : ft.y;
    col *= 0.65 + 0.35 * sin(3.14159 * across);
    col *= 1.0 - 0.45 * exp(-abs(sp.x) * 40.0);
    float ls = iSeed.w > 0.5 ? 1.0 : -1.0;
    float sw = fract(iSeed.w * 2.0);
    vec3 thread = ls > 0.0 ? pv_hsv2rgb(vec3(mix(0.05, 0.13, sw), 0.75, 0.9)) : pv_hsv2rgb(vec3(pv_seed(2), mix(0.0, 0.8, sw), 0.9));
    float sy = sp.y * 22.0;
    float dash = step(0.35, fract(sy));
    for (int k = 0; k < 2; k++) {
        float x = sp.x - 0.03 - 0.025 * float(k);
        float d = abs(x) - 0.004;
        float st = smoothstep(0.002, 0.0, d) * dash;
        col = mix(col, thread * (0.7 + 0.3 * sin(fract(sy) * 3.14)), st);
    }
    // soft light from a seed direction: a broad gradient across the frame
    vec2 ld = vec2(cos(6.2831853 * iSeed.w), sin(6.2831853 * iSeed.w));
    float lk = mix(0.2, 0.9, pv_seed(6));
    col *= clamp(1.0 + lk * dot(uv0, ld) * 1.4, 0.25, 1.8);
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
