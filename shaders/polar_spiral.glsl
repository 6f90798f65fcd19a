// name: polar_spiral
// family: polar
// author: procvision
// licence: MIT
// description: Logarithmic or Archimedean spiral arms in polar coordinates, hard-edged or soft, with a seeded arm count.
// params: iSeed.x arm count, iSeed.y spiral tightness, iSeed.z spiral kind and edge hardness, iSeed.w palette

#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    uv -= 0.4 * (pv_seed2(1) - 0.5);
    float r = max(length(uv), 1e-4);
    float a = pv_atan2(uv.y, uv.x);
    float arms = floor(mix(1.0, 9.0, iSeed.x));
    float tight = mix(2.0, 14.0, iSeed.y);
    bool logk = iSeed.z < 0.5;
    float radial = logk ? log(r) * tight * 0.4 : r * tight;
    float v = fract((a * arms / 6.2831853) + radial - 0.2 * iTime);
    float hard = fract(iSeed.z * 2.0);
    float band = mix(0.5 + 0.5 * sin(6.2831853 * v), step(0.5, v), step(0.4, hard));
    vec3 c0 = pv_seedpal(r * 0.8 + iSeed.w, 160);
    vec3 c1 = pv_seedpal(r * 0.8 + iSeed.w + 0.5, 160) * 0.25;
    vec3 col = mix(c1, c0, band);
    col *= smoothstep(0.0, 0.08, r) * 0.7 + 0.3;
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
