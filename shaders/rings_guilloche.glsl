// name: rings_guilloche
// family: rings
// author: procvision
// licence: MIT
// description: Guilloche engraving as on banknotes and watch dials: dozens of fine phase-shifted hypotrochoid-like curves woven into rosettes and borders, in one or two inks.
// params: iSeed.x lobe count, iSeed.y curve count, iSeed.z inks, iSeed.w modulation depth

#include "hash.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    float r = length(uv);
    float a = pv_atan2(uv.y, uv.x);
    float lobes = floor(mix(5.0, 24.0, iSeed.x));
    int curves = 8 + int(iSeed.y * 24.0);
    float depth = mix(0.03, 0.12, iSeed.w);
    float px = 1.2 / iResolution.y;
    float ink1 = 0.0, ink2 = 0.0;
    // each curve is r = R + depth * sin(lobes * a + phase): its distance is approximated
    // radially, corrected by the curve's slope
    for (int i = 0; i < 32; i++) {
        if (i >= curves) break;
        float ph = 6.2831853 * float(i) / float(curves) + 0.2 * iTime;
        float R = 0.3 + 0.06 * sin(float(i) * 0.7);
        float rc = R + depth * sin(lobes * a + ph) + 0.5 * depth * sin((lobes * 0.5 + 1.0) * a - ph);
        float slope = depth * lobes * cos(lobes * a + ph) / max(r, 0.05);
        float d = abs(r - rc) / sqrt(1.0 + slope * slope);
        float l = smoothstep(px * 1.5, 0.0, d - 0.0008);
        if ((i & 1) == 0) ink1 = max(ink1, l); else ink2 = max(ink2, l);
    }
    // outer border band of the same weave
    float rb = 0.47 + 0.01 * sin(lobes * 2.0 * a + iTime);
    float border = smoothstep(px * 1.5, 0.0, abs(fract((r - rb) * 90.0 + 0.3 * sin(lobes * 3.0 * a)) - 0.5) / 90.0) * step(abs(r - rb), 0.025);
    vec3 paper = mix(vec3(0.95, 0.93, 0.86), vec3(0.88, 0.93, 0.88), pv_seed(1));
    vec3 c1 = pv_hsv2rgb(vec3(iSeed.z, 0.6, 0.45));
    vec3 c2 = pv_hsv2rgb(vec3(fract(iSeed.z + 0.35), 0.6, 0.5));
    vec3 col = paper;
    col = mix(col, c1, ink1);
    col = mix(col, c2, ink2);
    col = mix(col, c1, border);
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
