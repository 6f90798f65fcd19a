// name: particles_starfield
// family: particles
// author: procvision
// licence: MIT
// description: Deep-space starfield: three parallax layers of hashed stars over an fbm nebula, sparse and high contrast.
// params: iSeed.x star density, iSeed.y nebula strength, iSeed.z nebula colours, iSeed.w star colour temperature

#include "noise.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = fragCoord / iResolution.y;
    vec2 off = 50.0 * pv_seed2(1);
    float neb = pv_fbm(uv * mix(1.5, 4.0, pv_seed(2)) + off, 5);
    neb = smoothstep(0.3, 0.8, neb) * mix(0.25, 1.0, iSeed.y);
    vec3 col = mix(vec3(0.0, 0.0, 0.02), pv_seedpal(neb + iSeed.z, 120) * 0.8, neb);
    for (int l = 0; l < 3; l++) {
        float sc = mix(8.0, 20.0, iSeed.x) * (1.0 + float(l));
        vec2 p = uv * sc + off + vec2(0.05 * iTime * (3.0 - float(l)), 0.0);
        ivec2 c = ivec2(floor(p));
        vec3 h = pv_ihash32(c + ivec2(l * 1000, 0));
        if (h.z < mix(0.3, 0.8, iSeed.x)) continue;
        vec2 pos = vec2(c) + 0.2 + 0.6 * h.xy;
        float d = length(p - pos);
        float bright = pow(h.z, 6.0) * (1.5 - 0.4 * float(l));
        vec3 sc3 = mix(vec3(1.0, 0.7, 0.5), vec3(0.6, 0.8, 1.0), fract(h.x * 7.0 + iSeed.w));
        col += sc3 * bright * (smoothstep(0.15, 0.0, d) + 0.03 / (d * d * 20.0 + 0.1));
    }
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
