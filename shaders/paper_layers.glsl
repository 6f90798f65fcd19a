// name: paper_layers
// family: paper
// author: procvision
// licence: MIT
// description: A paper-cut diorama: stacked sheets cut along noise contours, each layer a shade further along a palette and casting a soft shadow on the layer beneath.
// params: iSeed.x layer count, iSeed.y contour scale, iSeed.z palette, iSeed.w shadow length

#include "hash.glsl"
#include "noise.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    int layers = 4 + int(iSeed.x * 6.0);
    float sc = mix(1.0, 3.0, iSeed.y);
    vec2 sh = vec2(0.012, -0.018) * mix(0.5, 1.8, iSeed.w);
    vec2 drift = vec2(0.03 * iTime, 0.0);
    float top = -1.0;
    float shadow = 0.0;
    for (int i = 0; i < 10; i++) {
        if (i >= layers) break;
        float th = float(i + 1) / float(layers + 1);
        // each cut is an iso-line of the same field, with the nearer sheets slightly larger
        float v = pv_fbm((uv + drift * float(i) * 0.1) * sc + 3.0 * pv_seed(1), 4) + 0.25 * (0.5 - length(uv)) ;
        float vs = pv_fbm((uv + sh + drift * float(i) * 0.1) * sc + 3.0 * pv_seed(1), 4) + 0.25 * (0.5 - length(uv + sh));
        float level = mix(0.25, 0.75, th);
        if (v > level) { top = float(i); shadow = 0.0; }
        else if (vs > level) shadow = 1.0;
    }
    float t = (top + 1.0) / float(layers);
    vec3 col = pv_seedpal(fract(t * 0.6 + iSeed.z), 3);
    col *= 1.0 - 0.35 * shadow;
    col *= 0.97 + 0.03 * pv_vnoise(uv * 200.0);
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
