// name: halftone_engraving
// family: halftone
// author: procvision
// licence: MIT
// description: Line engraving as on banknotes and old book plates: a tonal image rendered by parallel lines that swell in the shadows and follow the forms, with a cross-hatch in the darkest tones.
// params: iSeed.x line frequency, iSeed.y subject (spheres, landscape, folds), iSeed.z ink colour, iSeed.w line bending

#include "hash.glsl"
#include "noise.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    int subject = int(iSeed.y * 2.99);
    float tone, bend;
    if (subject == 0) {
        vec2 c = 0.2 * vec2(sin(0.3 * iTime), 0.0);
        float r = length(uv - c) / 0.38;
        vec3 n = vec3((uv - c) / 0.38, sqrt(max(1.0 - r * r, 0.0)));
        tone = r < 1.0 ? clamp(dot(n, normalize(vec3(-0.5, 0.6, 0.6))), 0.0, 1.0) : 0.75 + 0.2 * uv.y;
        bend = r < 1.0 ? n.y * 0.15 : 0.0;
    } else if (subject == 1) {
        float hz = 0.1 * pv_fbm(vec2(uv.x * 3.0 + 0.1 * iTime, 1.0), 4) - 0.05;
        tone = uv.y > hz ? 0.85 - 0.3 * uv.y : 0.3 + 0.5 * pv_fbm(uv * 4.0, 4);
        bend = uv.y > hz ? 0.0 : 0.1 * pv_fbm(uv * 3.0, 3);
    } else {
        float s = sin(uv.x * 8.0 + 2.0 * sin(uv.y * 3.0 + 0.3 * iTime));
        tone = 0.5 + 0.45 * s;
        bend = 0.05 * cos(uv.x * 8.0);
    }
    float freq = mix(22.0, 60.0, iSeed.x);
    float y = uv.y + bend * mix(0.5, 2.0, iSeed.w) + 0.004 * iTime;
    float l = abs(fract(y * freq) - 0.5) * 2.0;
    float width = clamp(1.0 - tone, 0.05, 0.95);
    float aa = max(fwidth(y * freq) * 2.0, 0.05);
    float ink = smoothstep(width + 0.5 * aa, width - 0.5 * aa, l);
    if (tone < 0.25) {
        float l2 = abs(fract((uv.x + uv.y) * freq * 0.7) - 0.5) * 2.0;
        ink = max(ink, smoothstep(0.35, 0.1, l2));
    }
    vec3 paper = vec3(0.96, 0.94, 0.88);
    vec3 inkc = pv_hsv2rgb(vec3(iSeed.z, mix(0.2, 0.8, pv_seed(1)), 0.25));
    vec3 col = mix(paper, inkc, clamp(ink, 0.0, 1.0));
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
