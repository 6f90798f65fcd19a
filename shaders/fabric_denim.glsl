// name: fabric_denim
// family: fabric
// author: procvision
// licence: MIT
// description: Denim close up: a steep 3/1 twill of indigo warp over pale weft, faded whiskers and wear, with a double row of contrasting top-stitching along a seam.
// params: iSeed.x thread size, iSeed.y wash (dark to bleached), iSeed.z seam position and angle, iSeed.w stitch colour

#include "hash.glsl"
#include "noise.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    uv += vec2(0.01 * iTime, 0.0);
    float threads = mix(60.0, 200.0, iSeed.x);
    vec2 t = uv * threads;
    ivec2 it = ivec2(floor(t));
    vec2 ft = fract(t);
    bool warp = ((it.x - it.y) & 3) != 0;
    float slub = pv_vnoise(vec2(float(it.x) * 3.1, t.y * 0.05)) * 0.3;
    float wash = iSeed.y;
    float fade = smoothstep(0.3, 0.8, pv_fbm(uv * vec2(2.0, 8.0) + 3.0 * pv_seed(1), 5)) * (0.4 + 0.6 * wash);
    vec3 indigo = mix(vec3(0.05, 0.09, 0.25), vec3(0.45, 0.58, 0.78), clamp(fade + 0.3 * wash + slub, 0.0, 1.0));
    vec3 weft = vec3(0.85, 0.84, 0.8);
    vec3 col = warp ? indigo : weft;
    float across = warp ? ft.x : ft.y;
    col *= 0.65 + 0.35 * sin(3.14159 * across);
    // seam: a fold shadow and two dashed stitch rows
    float ang = 1.2 * (iSeed.z - 0.5);
    vec2 sp = pv_rot2(ang) * (uv - vec2(0.3 * (iSeed.z - 0.5), 0.0));
    col *= 1.0 - 0.45 * exp(-abs(sp.x) * 60.0);
    vec3 thread = iSeed.w > 0.5 ? vec3(0.85, 0.55, 0.15) : pv_hsv2rgb(vec3(pv_seed(2), 0.5, 0.9));
    for (int k = 0; k < 2; k++) {
        float x = sp.x - 0.03 - 0.025 * float(k);
        float dash = step(0.35, fract(sp.y * 22.0));
        float d = abs(x) - 0.004;
        float st = smoothstep(0.002, 0.0, d) * dash;
        col = mix(col, thread * (0.7 + 0.3 * sin(fract(sp.y * 22.0) * 3.14)), st);
    }
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
