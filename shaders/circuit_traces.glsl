// name: circuit_traces
// family: circuit
// author: procvision
// licence: MIT
// description: Printed circuit board: grid-routed traces with 45-degree corners, vias and pads on a coloured solder mask.
// params: iSeed.x grid density, iSeed.y trace density, iSeed.z board colour, iSeed.w copper vs silver and glow

#include "hash.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = fragCoord / iResolution.y;
    float n = mix(5.0, 14.0, iSeed.x);
    vec2 p = uv * n + floor(30.0 * pv_seed2(1));
    ivec2 c = ivec2(floor(p));
    vec2 f = fract(p) - 0.5;
    float dens = mix(0.35, 0.8, iSeed.y);
    float d = 1e3, pad = 1e3;
    // Each cell connects its centre to some of its four edge midpoints, either
    // straight or via a diagonal (45-degree) jog; neighbours agree on shared edges.
    float eR = pv_ihash12(c * 2 + ivec2(1, 0)) < dens ? 1.0 : 0.0;
    float eL = pv_ihash12((c - ivec2(1, 0)) * 2 + ivec2(1, 0)) < dens ? 1.0 : 0.0;
    float eU = pv_ihash12(c * 2 + ivec2(0, 1)) < dens ? 1.0 : 0.0;
    float eD = pv_ihash12((c - ivec2(0, 1)) * 2 + ivec2(0, 1)) < dens ? 1.0 : 0.0;
    float jog = pv_ihash12(c + ivec2(500, 7));
    vec2 hub = jog < 0.3 ? vec2(0.0) : vec2(0.15, 0.15) * sign(vec2(jog - 0.65, 0.5 - jog) + 1e-3);
    if (eR > 0.5) d = min(d, pv_sdSegment(f, hub, vec2(0.5, 0.0)));
    if (eL > 0.5) d = min(d, pv_sdSegment(f, hub, vec2(-0.5, 0.0)));
    if (eU > 0.5) d = min(d, pv_sdSegment(f, hub, vec2(0.0, 0.5)));
    if (eD > 0.5) d = min(d, pv_sdSegment(f, hub, vec2(0.0, -0.5)));
    float deg = eR + eL + eU + eD;
    if (deg == 1.0 || (deg > 0.0 && jog > 0.85)) pad = length(f - hub) - 0.18;
    float w = 0.07 + 0.04 * step(0.7, pv_seed(2));
    vec3 board = pv_stylepal(0.3 + 0.2 * pv_seed(3), 0.0, 4);
    int bc = int(iSeed.z * 4.0);
    if (bc == 0) board = vec3(0.05, 0.3, 0.12);
    else if (bc == 1) board = vec3(0.05, 0.12, 0.35);
    else if (bc == 2) board = vec3(0.08, 0.08, 0.08);
    else board = vec3(0.45, 0.05, 0.08);
    vec3 metal = iSeed.w < 0.5 ? vec3(0.9, 0.6, 0.3) : vec3(0.85, 0.87, 0.9);
    float px = n / iResolution.y;
    float trace = smoothstep(w + px, w, d);
    float padm = smoothstep(px, 0.0, pad);
    float hole = smoothstep(0.0, -px, length(f - hub) - 0.07) * padm;
    vec3 col = board * (0.8 + 0.2 * pv_ihash12(c + ivec2(9, 9)));
    col += board * 0.6 * exp(-d * 8.0) * step(0.75, iSeed.w);
    col = mix(col, metal * (0.75 + 0.25 * sin(f.x * 20.0 + iTime)), max(trace, padm));
    col = mix(col, vec3(0.02), hole);
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
