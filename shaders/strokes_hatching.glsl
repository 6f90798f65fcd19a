// name: strokes_hatching
// family: strokes
// author: procvision
// licence: MIT
// description: Pen-and-ink hatching of lit spheres and a ground: parallel strokes where the surface turns from the light, cross-hatching in the shadows, with wobbly hand-drawn lines on paper.
// params: iSeed.x hatch spacing, iSeed.y number of objects, iSeed.z ink colour and paper tone, iSeed.w line wobble

#include "hash.glsl"
#include "noise.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    vec3 L = normalize(vec3(cos(0.5 * iTime), sin(0.5 * iTime) * 0.5 + 0.6, 0.7));
    float tone = 0.9 - 0.3 * smoothstep(0.0, -0.5, uv.y);
    float outline = 1e3;
    int n = 1 + int(iSeed.y * 3.99);
    for (int i = 0; i < 4; i++) {
        if (i >= n) break;
        vec2 c = (pv_seed2(5 + i) - 0.5) * vec2(1.2, 0.7);
        float r = mix(0.12, 0.3, pv_seed(20 + i));
        vec2 d = (uv - c) / r;
        float l2 = dot(d, d);
        outline = min(outline, abs(length(uv - c) - r));
        if (l2 < 1.0) {
            vec3 nrm = vec3(d, sqrt(1.0 - l2));
            tone = clamp(dot(nrm, L), 0.0, 1.0) * 0.9 + 0.1;
        }
    }
    float sp = mix(30.0, 70.0, iSeed.x);
    float wob = mix(0.0, 0.4, iSeed.w) * pv_gnoise(uv * 20.0);
    float l1 = abs(fract(dot(uv, vec2(0.7071, 0.7071)) * sp + wob) - 0.5);
    float l2 = abs(fract(dot(uv, vec2(0.7071, -0.7071)) * sp + wob) - 0.5);
    float l3 = abs(fract(uv.x * sp * 1.4 + wob) - 0.5);
    float ink = 0.0;
    if (tone < 0.85) ink = max(ink, smoothstep(0.16, 0.06, l1));
    if (tone < 0.55) ink = max(ink, smoothstep(0.16, 0.06, l2));
    if (tone < 0.3) ink = max(ink, smoothstep(0.18, 0.08, l3));
    ink = max(ink, smoothstep(0.006, 0.002, outline));
    vec3 paper = mix(vec3(0.97, 0.95, 0.9), vec3(0.9, 0.85, 0.72), iSeed.z);
    vec3 inkc = iSeed.z > 0.5 ? vec3(0.2, 0.1, 0.05) : vec3(0.03, 0.04, 0.1);
    vec3 col = mix(paper, inkc, ink * 0.9);
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
