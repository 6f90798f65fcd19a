// name: iridescence_film
// family: iridescence
// author: procvision
// licence: MIT
// description: Soap-film / oil-slick interference colours from a swirling thickness field, with dark thin spots and soft highlights.
// params: iSeed.x film thickness, iSeed.y swirl strength, iSeed.z field scale, iSeed.w background darkness

#include "noise.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = fragCoord / iResolution.y;
    vec2 p = uv * mix(1.5, 4.0, iSeed.z) + 20.0 * pv_seed2(1);
    float sw = mix(0.5, 3.0, iSeed.y);
    vec2 q = vec2(pv_fbm(p + 0.05 * iTime, 4), pv_fbm(p + vec2(3.1, 7.4), 4));
    float th = pv_fbm(p + sw * q, 4);
    // Thickness in units of a reference wavelength; colour from thin-film phase per channel.
    float t = mix(0.5, 2.0, iSeed.x) * th + 0.2;
    vec3 lambda = vec3(0.65, 0.53, 0.45);
    vec3 col = 0.5 + 0.5 * cos(6.2831853 * 2.0 * t / lambda);
    col *= smoothstep(0.25, 0.4, t);  // very thin film reflects almost nothing (black spots)
    col = mix(col, col * vec3(0.2), iSeed.w * (1.0 - th));
    col += 0.2 * smoothstep(0.7, 0.95, q.x);
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
