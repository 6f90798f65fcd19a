// name: opart_bulge
// family: opart
// author: procvision
// licence: MIT
// description: Op-art in the manner of a bulging grid: a black-and-white (or two-colour) chequer or dot lattice swelling over a hidden sphere that rolls slowly across the field.
// params: iSeed.x lattice density, iSeed.y bulge radius, iSeed.z motif (chequer, dots, diamonds), iSeed.w colours

#include "hash.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    vec2 c = 0.25 * vec2(sin(0.3 * iTime + 6.28 * pv_seed(1)), cos(0.23 * iTime));
    float R = mix(0.25, 0.55, iSeed.y);
    vec2 d = uv - c;
    float r = length(d);
    // inverse of a spherical magnification: points inside the disc are pulled towards the centre
    float k = r < R ? sqrt(1.0 - (r / R) * (r / R)) : 0.0;
    vec2 q = c + d * (1.0 - 0.55 * k);
    float n = mix(8.0, 24.0, iSeed.x);
    vec2 g = q * n;
    vec2 f = fract(g) - 0.5;
    int motif = int(iSeed.z * 2.99);
    float v;
    if (motif == 0) v = mod(floor(g.x) + floor(g.y), 2.0);
    else if (motif == 1) v = step(length(f), 0.3 + 0.1 * k);
    else v = step(abs(f.x) + abs(f.y), 0.35 + 0.12 * sin(0.5 * iTime));
    float aa = fwidth(g.x) * 0.5;
    vec3 a = iSeed.w > 0.5 ? vec3(0.02) : pv_duotone(0.0, 4);
    vec3 b = iSeed.w > 0.5 ? vec3(0.97) : pv_duotone(1.0, 4);
    vec3 col = mix(a, b, v);
    col *= 1.0 - 0.15 * k * step(0.5, pv_seed(2));
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
