// name: metaballs_2d
// family: metaballs
// author: procvision
// licence: MIT
// description: 2-D metaballs (lava lamp): a sum of inverse-square fields from drifting points, thresholded or drawn as iso-bands.
// params: iSeed.x ball count, iSeed.y ball size, iSeed.z render style (solid, bands, glow), iSeed.w palette

#include "hash.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = fragCoord / iResolution.y;
    int n = 3 + int(iSeed.x * 9.0);
    float r2 = pow(mix(0.06, 0.15, iSeed.y), 2.0);
    float field = 0.0;
    for (int i = 0; i < 12; i++) {
        if (i >= n) break;
        vec3 h = pv_hash33(vec3(float(i), iSeed.xy * 71.0));
        vec2 c = 0.5 + 0.4 * vec2(sin(iTime * (0.2 + 0.3 * h.x) + 6.28 * h.y), cos(iTime * (0.15 + 0.3 * h.z) + 6.28 * h.x));
        c.x *= iResolution.x / iResolution.y;
        vec2 d = uv - c;
        field += r2 / (dot(d, d) + 1e-4);
    }
    int style = int(iSeed.z * 3.0);
    vec3 bg = pv_seedpal(iSeed.w + 0.5, 90) * 0.25;
    vec3 fg = pv_seedpal(iSeed.w + 0.1 * field, 90);
    vec3 col;
    if (style == 0) col = mix(bg, fg, smoothstep(0.95, 1.05, field));
    else if (style == 1) col = mix(bg, pv_seedpal(iSeed.w + floor(min(field, 3.0) * 3.0) / 6.0, 90), step(0.5, fract(min(field, 3.0) * 1.5)));
    else col = bg + fg * clamp(field * 0.4, 0.0, 1.2);
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
