// name: particles_starfield
// family: particles
// author: procvision
// licence: MIT
// description: Deep-space starfield: three parallax layers of hashed stars over an fbm nebula or a glowing milky-way band crossing the frame at any angle, on a sky from black to deep blue or twilight, from faint wisps to bright coloured clouds.
// params: iSeed.x star density, iSeed.y nebula brightness, iSeed.z nebula hue, iSeed.w star colour temperature; pv_seed(6) milky-way band or free nebula, pv_seed(3..5) band angle, offset and width, pv_seed(2) nebula scale, pv_seed(7..9) sky hue, saturation and brightness, pv_seed(11) direction of the sky glow, pv_seed(10) star size, pv_seed(12..13) nebula hue drift and saturation, pv_seed2(1) field offset

#include "hash.glsl"
#include "noise.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = fragCoord / iResolution.y;
    vec2 off = 50.0 * pv_seed2(1);
    // a milky-way band across the frame at a seed angle and offset, or a nebula anywhere
    vec2 bd = vec2(cos(3.14 * pv_seed(3)), sin(3.14 * pv_seed(3)));
    vec2 ctr = 0.5 * vec2(iResolution.x / iResolution.y, 1.0);
    float across = dot(uv - ctr, vec2(-bd.y, bd.x)) - 0.5 * (pv_seed(4) - 0.5);
    float band = mix(1.0, exp(-across * across / mix(0.01, 0.12, pv_seed(5))), step(0.4, pv_seed(6)));
    float neb = pv_fbm(uv * mix(1.5, 4.0, pv_seed(2)) + off, 5);
    float bright = mix(0.35, 1.6, iSeed.y);
    neb = clamp(smoothstep(0.25, 0.8, neb) * band * bright + 0.25 * band * bright * step(0.4, pv_seed(6)), 0.0, 1.2);
    // the sky behind: black, deep blue or a twilight glow, with a seed brightness
    vec2 gd = vec2(cos(6.28 * pv_seed(11)), sin(6.28 * pv_seed(11)));
    vec3 base = pv_hsv2rgb(vec3(pv_seed(7), mix(0.4, 0.9, pv_seed(8)), mix(0.02, 0.5, pv_seed(9))))
              * (0.3 + 1.2 * smoothstep(-0.9, 0.9, dot(uv - ctr, gd)));
    vec3 col = mix(base, pv_hsv2rgb(vec3(fract(iSeed.z + mix(-0.2, 0.2, pv_seed(12)) * neb), mix(0.45, 0.95, pv_seed(13)) * (1.0 - 0.3 * neb), 1.0)), min(neb, 1.0)) * (0.6 + 0.5 * neb);
    float dens = mix(0.3, 0.8, iSeed.x);
    float ssz = mix(0.7, 1.6, pv_seed(10));
    for (int l = 0; l < 3; l++) {
        float sc = mix(8.0, 20.0, iSeed.x) * (1.0 + float(l));
        vec2 p = uv * sc + off + vec2(0.05 * iTime * (3.0 - float(l)), 0.0);
        ivec2 c = ivec2(floor(p));
        vec3 h = pv_ihash32(c + ivec2(l * 1000, 0));
        // stars crowd into the band
        if (h.z < dens + (1.0 - dens) * 0.5 * (1.0 - band)) continue;
        vec2 pos = vec2(c) + 0.2 + 0.6 * h.xy;
        float d = length(p - pos) / ssz;
        float b = pow(h.z, 6.0) * (1.5 - 0.4 * float(l));
        vec3 sc3 = mix(vec3(1.0, 0.7, 0.5), vec3(0.6, 0.8, 1.0), fract(h.x * 7.0 + iSeed.w));
        col += sc3 * b * (smoothstep(0.15, 0.0, d) + 0.03 / (d * d * 20.0 + 0.1));
    }
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
