// name: kaleido_mirror
// family: kaleido
// author: procvision
// licence: MIT
// description: Kaleidoscope: an fbm and circle field folded into n mirrored sectors with a rotating, zooming centre.
// params: iSeed.x symmetry order (3..12), iSeed.y zoom, iSeed.z palette, iSeed.w content mix (noise vs shapes)

#include "noise.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    float order = floor(mix(3.0, 12.99, iSeed.x));
    vec2 q = pv_rot2(0.1 * iTime + 6.28 * pv_seed(1)) * uv;
    q = pv_polarFold(q, order);
    q *= mix(2.0, 7.0, iSeed.y);
    q += 20.0 * pv_seed2(2);
    float f = pv_fbm(q, 4);
    vec2 cell = fract(q * 0.7) - 0.5;
    float circ = abs(length(cell) - 0.3) - 0.05;
    float shape = smoothstep(0.02, -0.02, circ);
    float v = mix(f, shape, iSeed.w);
    vec3 col = pv_seedpal(v * 1.3 + 0.5 * length(uv) + iSeed.z, 150);
    col *= 0.5 + 0.7 * smoothstep(0.2, 0.8, f);
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
