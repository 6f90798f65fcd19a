// name: fabric_tartan
// family: fabric
// author: procvision
// licence: MIT
// description: Woven tartan plaid: a symmetric sett of coloured bands in warp and weft crossing in a 2/2 twill, showing the diagonal weave texture close up.
// params: iSeed.x sett scale, iSeed.y band widths, iSeed.z colours, iSeed.w rotation and thread size

#include "hash.glsl"
#include "sdf.glsl"
#include "palette.glsl"

// Colour index of the band at position s of a mirrored sett of 6 bands.
float settBand(float s, float period) {
    float m = mod(s, 2.0 * period);
    if (m > period) m = 2.0 * period - m;
    float total = 0.0;
    for (int i = 0; i < 6; i++) total += 0.1 + pv_seed(40 + i);
    float x = m / period * total, acc = 0.0;
    for (int i = 0; i < 6; i++) {
        acc += 0.1 + pv_seed(40 + i);
        if (x < acc) return float(i);
    }
    return 5.0;
}

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    uv = pv_rot2(0.6 * (iSeed.w - 0.5)) * uv + vec2(0.02 * iTime, 0.01 * iTime);
    float period = mix(0.25, 0.9, iSeed.x) * mix(0.7, 1.3, iSeed.y);
    float threads = mix(90.0, 260.0, iSeed.w);
    vec2 t = uv * threads;
    ivec2 it = ivec2(floor(t));
    vec2 ft = fract(t);
    float bx = settBand(uv.x, period);
    float by = settBand(uv.y, period);
    vec3 cx = pv_seedpal(fract(bx * 0.23 + iSeed.z), 7) * (0.5 + 0.5 * step(0.5, fract(bx * 0.41)));
    vec3 cy = pv_seedpal(fract(by * 0.23 + iSeed.z), 7) * (0.5 + 0.5 * step(0.5, fract(by * 0.41)));
    bool warpUp = ((it.x + it.y) & 3) < 2;
    vec3 col = warpUp ? cx : cy;
    float across = warpUp ? ft.x : ft.y;
    col *= 0.6 + 0.4 * sin(3.14159 * across);
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
