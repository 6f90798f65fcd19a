// name: palette_topo_bands
// family: palette
// author: procvision
// licence: MIT
// description: Posterised height bands of a noise field with contour lines, like a hypsometric map or a poster print.
// params: iSeed.x band count, iSeed.y field scale, iSeed.z palette, iSeed.w contour line strength

#include "noise.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = fragCoord / iResolution.y;
    vec2 p = uv * mix(1.5, 5.0, iSeed.y) + 30.0 * pv_seed2(1) + 0.02 * iTime;
    float h = pv_fbm(p, 5);
    float bands = floor(mix(4.0, 14.0, iSeed.x));
    float x = h * bands;
    float level = floor(x);
    vec3 col = pv_seedpal(level / bands * mix(0.6, 1.4, pv_seed(2)) + iSeed.z, 140);
    float f = fract(x);
    float grad = length(vec2(dFdx(x), dFdy(x))) + 1e-4;
    float line = smoothstep(1.2, 0.0, min(f, 1.0 - f) / grad);
    col *= 1.0 - iSeed.w * 0.8 * line;
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
