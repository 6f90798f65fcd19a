// name: opart_waves
// family: opart
// author: procvision
// licence: MIT
// description: Op-art wave lines: tightly packed parallel bands whose phase and width swing in travelling waves, so the flat surface appears to fold and ripple.
// params: iSeed.x band count, iSeed.y wave amplitude, iSeed.z wave frequency, iSeed.w two-colour or spectrum

#include "hash.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    uv = pv_rot2(1.5708 * floor(pv_seed(1) * 2.0)) * uv;
    float n = mix(8.0, 24.0, iSeed.x);
    float amp = mix(0.02, 0.12, iSeed.y);
    float fr = mix(2.0, 8.0, iSeed.z);
    float y = uv.y + amp * sin(uv.x * fr * 6.28 + iTime + 3.0 * uv.y) * (0.5 + 0.5 * cos(uv.y * 3.0));
    float w = 0.5 + 0.35 * sin(uv.x * fr * 3.0 - 0.7 * iTime + uv.y * 5.0);
    float f = fract(y * n);
    float band = smoothstep(w - 0.06, w + 0.06, f) - smoothstep(0.94, 1.0, f);
    vec3 col;
    if (iSeed.w > 0.5) col = mix(vec3(0.03), vec3(0.96), band);
    else col = mix(pv_hsv2rgb(vec3(fract(floor(y * n) * 0.07 + pv_seed(2)), 0.7, 0.9)), vec3(0.05), band);
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
