// name: kaleido_triangle
// family: kaleido
// author: procvision
// licence: MIT
// description: A three-mirror kaleidoscope: the plane folded into an equilateral triangle by repeated reflections, showing tumbling coloured beads and glass shards over a tinted glass ground (from dark to pale) as a hexagonal tiling of symmetric motifs, with optional mirror seams and a vignette.
// params: iSeed.x triangle size (few large cells to many small), iSeed.y bead count and size, iSeed.z bead hue, iSeed.w ground brightness; pv_seed(1) bead hue spread, pv_seed(2) bead saturation, pv_seed(3..5) ground hue, saturation and second-tone contrast, pv_seed(6) view rotation, pv_seed(7) mirror-seam width and tone, pv_seed(8) vignette, pv_seed(9) bead layout, pv_seed(10) bead brightness, pv_seed(11) ground pattern kind

#include "hash.glsl"
#include "noise.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    // scale of the fold: a few big cells to many small ones
    float s = mix(0.14, 0.95, iSeed.x * iSeed.x);
    vec2 p = pv_rot2(6.2831853 * pv_seed(6) + 0.1 * iTime) * uv / s + vec2(0.3, 0.1);
    // fold into the triangle with corners (0,0), (1,0), (0.5, 0.866): mirrors across its three sides
    const vec2 n1 = vec2(0.0, 1.0), n2 = vec2(-0.866025, -0.5), n3 = vec2(0.866025, -0.5);
    for (int i = 0; i < 14; i++) {
        float d1 = dot(p, n1);
        float d2 = dot(p - vec2(1.0, 0.0), n2);
        float d3 = dot(p, n3);
        if (d1 < 0.0) p -= 2.0 * d1 * n1;
        else if (d2 < 0.0) p -= 2.0 * d2 * n2;
        else if (d3 < 0.0) p -= 2.0 * d3 * n3;
        else break;
    }
    // glass ground: two seed tones inside the triangle (radial, banded or cloudy), dark to pale
    float gv = mix(0.06, 0.92, iSeed.w);
    float gh = pv_seed(3);
    float gs = mix(0.1, 0.9, pv_seed(4));
    vec3 g0 = pv_hsv2rgb(vec3(gh, gs, gv));
    vec3 g1 = pv_hsv2rgb(vec3(fract(gh + 0.15 + 0.3 * pv_seed(5)), gs, gv * mix(0.35, 1.3, pv_seed(5))));
    float gk = pv_seed(11);
    float gt = gk < 0.33 ? length(p - vec2(0.5, 0.289)) * 2.4
             : (gk < 0.66 ? 0.5 + 0.5 * sin(p.y * 14.0 + p.x * 3.0) : pv_fbm(p * 3.0 + 7.0 * pv_seed(9), 3));
    vec3 col = mix(g0, g1, clamp(gt, 0.0, 1.0));
    // beads and shards, drifting inside the triangle
    int beads = 3 + int(iSeed.y * 9.99);
    float bs = mix(0.06, 0.2, fract(iSeed.y * 3.7));
    float hue0 = iSeed.z;
    float hsp = mix(0.05, 0.6, pv_seed(1));
    float bsat = mix(0.35, 1.0, pv_seed(2));
    float bval = mix(0.35, 1.0, pv_seed(10));
    float salt = pv_seed(9);
    for (int i = 0; i < 13; i++) {
        if (i >= beads) break;
        vec3 hA = pv_hash32(vec2(float(i), salt));
        vec3 hB = pv_hash32(vec2(float(i) + 0.5, salt));
        vec2 c = vec2(0.5, 0.29) + 0.36 * vec2(sin(0.4 * iTime + 6.28 * hA.x), cos(0.33 * iTime + 6.28 * hA.y));
        float r = bs * mix(0.5, 1.4, hA.z);
        if (length(p - c) > r * 1.3 + 0.02) continue;
        float d = hB.x < 0.5 ? length(p - c) - r : pv_sdNgon(pv_rot2(iTime + float(i)) * (p - c), r, 3.0 + floor(3.0 * hB.y));
        vec3 bc = pv_hsv2rgb(vec3(fract(hue0 + hsp * (hB.z - 0.5)), bsat, bval * mix(0.7, 1.0, hB.y)));
        col = mix(col, bc * (0.7 + 0.5 * smoothstep(0.0, -r, d)), smoothstep(0.01, -0.01, d) * 0.9);
    }
    // mirror seams: the triangle's sides drawn as dark lead or bright silver lines (or none)
    float sw = pv_seed(7);
    if (sw > 0.3) {
        float e = min(dot(p, n1), min(dot(p - vec2(1.0, 0.0), n2), dot(p, n3)));
        float line = smoothstep(0.012 + 0.03 * sw, 0.0, e);
        col = mix(col, sw > 0.65 ? vec3(0.95, 0.95, 0.9) : vec3(0.04), line * 0.85);
    }
    col *= 1.0 - mix(0.0, 0.9, pv_seed(8) * pv_seed(8)) * smoothstep(0.2, 0.9, length(uv));
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
