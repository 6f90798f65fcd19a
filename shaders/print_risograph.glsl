// name: print_risograph
// family: print
// author: procvision
// licence: MIT
// description: A two- or three-colour risograph print: flat shapes and gradients in fluorescent spot inks, each layer grainy and slightly misregistered, overprinting into new colours on paper.
// params: iSeed.x shape count, iSeed.y ink set, iSeed.z misregistration, iSeed.w grain and gradient amount

#include "hash.glsl"
#include "noise.glsl"
#include "sdf.glsl"
#include "palette.glsl"

float layerShape(vec2 p, int layer, float t) {
    float d = 1e3;
    for (int i = 0; i < 4; i++) {
        vec2 c = (pv_seed2(10 + layer * 5 + i) - 0.5) * 0.9 + 0.03 * vec2(sin(t + float(i)), cos(t * 0.8 + float(layer)));
        float r = mix(0.08, 0.3, pv_seed(40 + layer * 5 + i));
        int k = int(3.0 * pv_seed(60 + layer * 5 + i));
        float di = k == 0 ? pv_sdCircle(p - c, r) : (k == 1 ? pv_sdBox2(pv_rot2(pv_seed(70 + i)) * (p - c), vec2(r, r * 0.5)) : pv_sdNgon(p - c, r, 3.0));
        d = min(d, di);
    }
    return d;
}

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    int inkset = int(iSeed.y * 3.99);
    vec3 inks[3];
    if (inkset == 0) { inks[0] = vec3(1.0, 0.28, 0.55); inks[1] = vec3(0.0, 0.47, 0.75); inks[2] = vec3(1.0, 0.9, 0.0); }
    else if (inkset == 1) { inks[0] = vec3(1.0, 0.42, 0.2); inks[1] = vec3(0.2, 0.3, 0.6); inks[2] = vec3(0.0, 0.65, 0.45); }
    else if (inkset == 2) { inks[0] = vec3(0.95, 0.2, 0.3); inks[1] = vec3(0.15, 0.15, 0.2); inks[2] = vec3(0.6, 0.75, 0.9); }
    else { inks[0] = pv_hsv2rgb(vec3(pv_seed(1), 0.8, 1.0)); inks[1] = pv_hsv2rgb(vec3(fract(pv_seed(1) + 0.4), 0.8, 0.7)); inks[2] = pv_hsv2rgb(vec3(fract(pv_seed(1) + 0.7), 0.6, 0.9)); }
    vec3 col = vec3(0.96, 0.94, 0.89);
    float grain = mix(0.1, 0.5, iSeed.w);
    int layers = 2 + int(iSeed.x * 1.99);
    for (int l = 0; l < 3; l++) {
        if (l >= layers) break;
        vec2 off = (pv_seed2(90 + l) - 0.5) * mix(0.002, 0.025, iSeed.z);
        vec2 p = uv + off;
        float d = layerShape(p, l, 0.3 * iTime);
        float cover = smoothstep(0.003, -0.003, d);
        // some layers are a gradient, rendered as grainy coverage
        if (pv_seed(95 + l) < iSeed.w) cover *= clamp(0.5 + p.y * 1.5 * (l == 1 ? -1.0 : 1.0), 0.0, 1.0);
        float noise = pv_hash12(floor(fragCoord) + float(l) * 17.0);
        cover = step(noise * grain + (1.0 - grain) * 0.5, cover);
        // multiply = overprint of translucent inks
        col *= mix(vec3(1.0), inks[l], cover * 0.9);
    }
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
