// name: kaleido_mandala
// family: kaleido
// author: procvision
// licence: MIT
// description: Mandala of concentric bands, each with its own petal count and petal/star/dot motif, flat seeded colours.
// params: iSeed.x band count, iSeed.y base symmetry, iSeed.z palette, iSeed.w background darkness

#include "hash.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    uv += 0.2 * (pv_seed2(1) - 0.5);
    float r = length(uv);
    float bands = floor(mix(3.0, 8.0, iSeed.x));
    float bw = 0.75 / bands;
    float band = floor(r / bw);
    float br = fract(r / bw);
    float h = pv_hash12(vec2(band, floor(pv_seed(2) * 1000.0)));
    float sym = floor(mix(4.0, 10.0, iSeed.y)) * (1.0 + floor(h * 3.0));
    float spin = (mod(band, 2.0) * 2.0 - 1.0) * 0.05 * iTime;
    vec2 q = pv_polarFold(pv_rot2(spin) * uv, sym);
    // Local coordinates inside one petal slot: x radial (0..1), y angular.
    vec2 lp = vec2(br - 0.5, q.y / max(r, 1e-4) * r / bw);
    int motif = int(h * 4.0);
    float d;
    if (motif == 0) d = length(lp * vec2(1.0, 1.8)) - 0.42;
    else if (motif == 1) d = pv_sdStar(lp, 0.45, 5.0, 0.45);
    else if (motif == 2) d = length(lp) - 0.22;
    else d = abs(lp.x) - 0.12;
    float px = 1.5 / (iResolution.y * bw);
    float ink = smoothstep(px, -px, d);
    vec3 bg = pv_seedpal(0.13 * band + iSeed.z, 160) * mix(1.0, 0.15, iSeed.w);
    vec3 fg = pv_seedpal(0.13 * band + 0.5 + iSeed.z, 160);
    vec3 col = mix(bg, fg, ink);
    col *= smoothstep(0.0, 0.06, min(br, 1.0 - br)) * 0.5 + 0.5;
    if (r > bands * bw) col = bg * 0.5;
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
