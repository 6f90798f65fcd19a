// name: strokes_hatching
// family: strokes
// author: procvision
// licence: MIT
// description: Pen-and-ink hatching of lit spheres on a ground: parallel strokes where the surface turns from the light, cross-hatching in the shadows, with wobbly hand-drawn lines; dark ink on white, cream or tinted paper, or light chalk on dark board, with a seed horizon, stroke angle and object size, and the ground or sky shaded densely or lightly.
// params: iSeed.x hatch spacing, iSeed.y number of objects, iSeed.z paper and ink (hue, tone, inverted chalk-on-board), iSeed.w line wobble; pv_seed(15) pen weight; pv_seed(1) hatch angle, pv_seed(2) horizon height, pv_seed(3) object size, pv_seed(4) ground shade, pv_seed(5) sky shade, pv_seed2(5..8) object places, pv_seed(10..12) paper hue, saturation and ink hue, pv_seed(14) ink or board darkness, pv_seed(13) light direction

#include "hash.glsl"
#include "noise.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    float la = 6.2831853 * pv_seed(13) + 0.5 * iTime;
    vec3 L = normalize(vec3(cos(la), sin(la) * 0.5 + 0.6, 0.7));
    // horizon at a seed height; ground and sky each carry a seed amount of tone
    float hz = mix(-0.45, 0.35, pv_seed(2));
    float gtone = mix(0.1, 0.85, pv_seed(4));
    float stone = mix(0.55, 1.0, pv_seed(5));
    float tone = uv.y < hz ? gtone + 0.25 * (uv.y - hz) : stone;
    float outline = 1e3;
    int n = 1 + int(iSeed.y * 3.99);
    float size = mix(0.6, 2.0, pv_seed(3));
    for (int i = 0; i < 4; i++) {
        if (i >= n) break;
        float r = mix(0.1, 0.22, pv_seed(20 + i)) * size;
        vec2 c = (pv_seed2(5 + i) - 0.5) * vec2(1.4, 0.6) + vec2(0.0, hz + r * 0.6);
        vec2 d = (uv - c) / r;
        float l2 = dot(d, d);
        outline = min(outline, abs(length(uv - c) - r));
        if (l2 < 1.0) {
            vec3 nrm = vec3(d, sqrt(1.0 - l2));
            tone = clamp(dot(nrm, L), 0.0, 1.0) * 0.9 + 0.1;
        }
    }
    outline = min(outline, abs(uv.y - hz) + 0.004 * step(0.5, fract(uv.x * 3.0)));
    float sp = mix(18.0, 70.0, iSeed.x);
    float ha = 3.14159 * pv_seed(1);
    vec2 h1 = vec2(cos(ha), sin(ha));
    vec2 h2 = vec2(-h1.y, h1.x);
    vec2 h3 = vec2(cos(ha + 0.8), sin(ha + 0.8));
    float wob = mix(0.0, 0.4, iSeed.w) * pv_gnoise(uv * 20.0);
    float l1 = abs(fract(dot(uv, h1) * sp + wob) - 0.5);
    float l2 = abs(fract(dot(uv, h2) * sp + wob) - 0.5);
    float l3 = abs(fract(dot(uv, h3) * sp * 1.4 + wob) - 0.5);
    // pen weight: hairlines to heavy strokes
    float pw = mix(0.07, 0.32, pv_seed(15));
    float ink = 0.0;
    if (tone < 0.85) ink = max(ink, smoothstep(pw, pw - 0.1, l1));
    if (tone < 0.55) ink = max(ink, smoothstep(pw, pw - 0.1, l2));
    if (tone < 0.3) ink = max(ink, smoothstep(pw + 0.02, pw - 0.08, l3));
    ink = max(ink, smoothstep(0.006, 0.002, outline));
    // paper and ink: white/cream/tinted paper with dark ink, or a dark board with chalk
    float pz = iSeed.z;
    vec3 paper = pv_hsv2rgb(vec3(pv_seed(10), mix(0.0, 0.45, pv_seed(11)), mix(0.75, 0.98, pz)));
    vec3 inkc = pv_hsv2rgb(vec3(pv_seed(12), mix(0.2, 0.9, pz), mix(0.05, 0.35, pv_seed(14))));
    if (pz > 0.72) {
        paper = pv_hsv2rgb(vec3(pv_seed(10), mix(0.1, 0.5, pv_seed(11)), mix(0.12, 0.3, pv_seed(14))));
        inkc = pv_hsv2rgb(vec3(pv_seed(12), mix(0.0, 0.4, pv_seed(11)), 0.95));
    }
    vec3 col = mix(paper, inkc, ink * 0.9);
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
