// name: print_risograph
// family: print
// author: procvision
// licence: MIT
// description: A two- or three-colour risograph print: flat shapes and gradients in fluorescent spot inks, each layer grainy or halftoned and slightly misregistered, overprinting into new colours on white, cream, kraft or coloured stock; shapes small and scattered or huge and cropped, and sometimes a flood layer with shapes knocked out of it.
// params: iSeed.x layer count, iSeed.y ink set (four fixed sets or seed hues), iSeed.z misregistration, iSeed.w grain and gradient amount; pv_seed(1) seed ink hue, pv_seed(11..13) second seed ink, pv_seed(2) shape scale, pv_seed2(3) layout centre, pv_seed(4) flood layer, pv_seed(5..7) paper stock, pv_seed(8) grain size, pv_seed(9) halftone dots or grain, pv_seed(14) halftone frequency, pv_seed(15) which layer floods, pv_seed(10..) shape places, sizes and kinds

#include "hash.glsl"
#include "noise.glsl"
#include "sdf.glsl"
#include "palette.glsl"

float layerShape(vec2 p, int layer, float t, float scale, vec2 centre) {
    float d = 1e3;
    for (int i = 0; i < 4; i++) {
        vec2 c = centre + (pv_seed2(10 + layer * 5 + i) - 0.5) * 0.9 * mix(1.0, scale, 0.5) + 0.03 * vec2(sin(t + float(i)), cos(t * 0.8 + float(layer)));
        float r = mix(0.08, 0.3, pv_seed(40 + layer * 5 + i)) * scale;
        int k = int(3.0 * pv_seed(60 + layer * 5 + i));
        float di = k == 0 ? pv_sdCircle(p - c, r) : (k == 1 ? pv_sdBox2(pv_rot2(6.28 * pv_seed(70 + layer * 5 + i)) * (p - c), vec2(r, r * 0.5)) : pv_sdNgon(p - c, r, 3.0));
        d = min(d, di);
    }
    return d;
}

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    int inkset = int(iSeed.y * 5.99);
    vec3 inks[3];
    float h0 = pv_seed(1);
    if (inkset == 0) { inks[0] = vec3(1.0, 0.28, 0.55); inks[1] = vec3(0.0, 0.47, 0.75); inks[2] = vec3(1.0, 0.9, 0.0); }
    else if (inkset == 1) { inks[0] = vec3(1.0, 0.42, 0.2); inks[1] = vec3(0.2, 0.3, 0.6); inks[2] = vec3(0.0, 0.65, 0.45); }
    else if (inkset == 2) { inks[0] = vec3(0.95, 0.2, 0.3); inks[1] = vec3(0.15, 0.15, 0.2); inks[2] = vec3(0.6, 0.75, 0.9); }
    else if (inkset == 3) { inks[0] = vec3(0.55, 0.35, 0.75); inks[1] = vec3(1.0, 0.75, 0.1); inks[2] = vec3(0.3, 0.7, 0.3); }
    else { inks[0] = pv_hsv2rgb(vec3(h0, 0.8, 1.0)); inks[1] = pv_hsv2rgb(vec3(fract(h0 + 0.3 + 0.2 * pv_seed(11)), mix(0.5, 0.9, pv_seed(12)), mix(0.4, 0.9, pv_seed(13)))); inks[2] = pv_hsv2rgb(vec3(fract(h0 + 0.65), 0.6, 0.9)); }
    // paper stock: white, cream, kraft or a coloured sheet
    float ps = pv_seed(5);
    vec3 col = ps < 0.35 ? vec3(0.97, 0.95, 0.9) : (ps < 0.55 ? vec3(0.93, 0.88, 0.74)
             : (ps < 0.7 ? pv_hsv2rgb(vec3(0.08, 0.45, 0.7)) : pv_hsv2rgb(vec3(pv_seed(6), mix(0.15, 0.5, pv_seed(7)), mix(0.65, 0.95, pv_seed(7))))));
    float grain = mix(0.1, 0.5, iSeed.w);
    float gsz = mix(1.0, 4.0, pv_seed(8)) * iResolution.y / 256.0;   // grain size relative to the sheet
    bool dots = pv_seed(9) < 0.35;
    float dfreq = mix(30.0, 90.0, pv_seed(14));
    float scale = mix(0.5, 2.6, pv_seed(2));
    vec2 centre = (pv_seed2(3) - 0.5) * 0.6;
    int flood = pv_seed(4) < 0.35 ? int(3.0 * pv_seed(15)) : -1;
    int layers = 2 + int(iSeed.x * 1.99);
    for (int l = 0; l < 3; l++) {
        if (l >= layers) break;
        vec2 off = (pv_seed2(90 + l) - 0.5) * mix(0.002, 0.03, iSeed.z);
        vec2 p = uv + off;
        float d = layerShape(p, l, 0.3 * iTime, scale, centre);
        // a flood layer prints everywhere except its shapes (knockout)
        if (l == flood) d = -d;
        float cover = smoothstep(0.003, -0.003, d);
        // some layers are a gradient, rendered as grainy coverage
        if (pv_seed(95 + l) < iSeed.w) cover *= clamp(0.5 + p.y * 1.5 * (l == 1 ? -1.0 : 1.0), 0.0, 1.0);
        float noise;
        if (dots) {
            // halftone: dot grid at a per-layer angle, dots growing with coverage
            vec2 hp = pv_rot2(0.26 + 0.5 * float(l)) * p * dfreq;
            noise = clamp(length(fract(hp) - 0.5) * 1.41, 0.0, 1.0);
            cover = step(noise, sqrt(cover) * 1.05);
        } else {
            noise = pv_hash12(floor(fragCoord / gsz) + float(l) * 17.0);
            cover = step(noise * grain + (1.0 - grain) * 0.5, cover);
        }
        // multiply = overprint of translucent inks
        col *= mix(vec3(1.0), inks[l], cover * 0.9);
    }
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
