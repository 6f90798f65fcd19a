// name: perspective_tunnel
// family: perspective
// author: procvision
// licence: MIT
// description: Flying down a tunnel: a cylinder mapped to the screen by inverse radius and angle, lined with seeded panels, rings, bricks or hexes, fading into the dark far end.
// params: iSeed.x tunnel wall pattern, iSeed.y radial repeats, iSeed.z palette, iSeed.w twist and vanishing-point offset

#include "hash.glsl"
#include "noise.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    uv -= 0.15 * (pv_seed2(1) - 0.5) * iSeed.w;
    float r = max(length(uv), 1e-3);
    float a = pv_atan2(uv.y, uv.x) / 6.2831853;
    float z = 0.3 / r + iTime * 0.8;
    a += iSeed.w * 0.1 * z;
    float rep = floor(mix(6.0, 20.0, iSeed.y));
    vec2 t = vec2(a * rep, z * 2.0);
    int kind = int(iSeed.x * 3.99);
    vec2 f = fract(t);
    ivec2 c = ivec2(floor(t));
    float v;
    if (kind == 0) v = smoothstep(0.05, 0.1, min(min(f.x, 1.0 - f.x), min(f.y, 1.0 - f.y))) * (0.6 + 0.4 * pv_ihash12(c));
    else if (kind == 1) { t.x += 0.5 * mod(float(c.y), 2.0); f = fract(t); v = smoothstep(0.04, 0.08, min(min(f.x, 1.0 - f.x), min(f.y, 1.0 - f.y) * 2.0)) * 0.8; }
    else if (kind == 2) v = 0.5 + 0.5 * sin(t.y * 6.28) * step(0.5, fract(t.x * 0.5 + floor(t.y) * 0.5));
    else v = smoothstep(0.0, 0.3, pv_voronoi(t * vec2(1.0, 1.0), 0.8).x);
    vec3 col = pv_seedpal(fract(v * 0.5 + 0.05 * float(c.y) * step(0.5, pv_seed(2)) + iSeed.z), 7) * v;
    float light = exp(-fract(z * 0.25) * 4.0) * step(0.8, fract(a * rep * 0.5 + 0.1));
    col += light * 0.5;
    col *= clamp(r * 2.5, 0.0, 1.0);  // fog towards the far end
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
