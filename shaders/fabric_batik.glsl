// name: fabric_batik
// family: fabric
// author: procvision
// licence: MIT
// description: Batik cloth: repeated wax-resist motifs (flowers, dots, scrolls) in pale lines on a dyed ground, veined by the fine dark crackle where the dye seeped through cracked wax.
// params: iSeed.x motif size, iSeed.y motif kind, iSeed.z dye colours, iSeed.w crackle amount

#include "hash.glsl"
#include "noise.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = fragCoord / iResolution.y;
    float n = mix(2.0, 5.0, iSeed.x);
    vec2 p = uv * n + vec2(0.05 * iTime, 0.0);
    vec2 cell = floor(p);
    p.x += 0.5 * mod(cell.y, 2.0);  // half-drop repeat
    vec2 f = fract(p) - 0.5;
    int kind = int(iSeed.y * 2.99);
    float d;
    if (kind == 0) {  // flower: petals around a disc
        float a = pv_atan2(f.y, f.x);
        float petals = 5.0 + floor(3.0 * pv_seed(1));
        float rr = 0.25 + 0.1 * cos(a * petals);
        d = min(abs(length(f) - rr) - 0.02, abs(length(f) - 0.07) - 0.015);
    } else if (kind == 1) {  // dot rings
        d = abs(length(f) - 0.3) - 0.02;
        vec2 q = pv_polarFold(f, 8.0);
        d = min(d, length(q - vec2(0.18, 0.0)) - 0.035);
    } else {  // scrolls: a spiral arm per cell
        float a = pv_atan2(f.y, f.x);
        float r = length(f);
        d = abs(fract((r * 12.0 - a / 6.2831853 * 2.0)) - 0.5) / 12.0 * 0.8 - 0.008;
        d = max(d, r - 0.4);
    }
    d += 0.01 * pv_gnoise(uv * 60.0);  // hand-drawn wax line
    vec3 dye = pv_seedpal(fract(iSeed.z + 0.1 * pv_fbm(uv * 2.0, 3)), 3) * 0.75;
    vec3 wax = mix(vec3(0.95, 0.9, 0.75), pv_seedpal(fract(iSeed.z + 0.5), 3), 0.3);
    vec3 col = mix(dye, wax, smoothstep(0.01, 0.0, d));
    // crackle: thin dark veins along voronoi borders at random
    vec4 cr = pv_voronoi_edge(uv * 18.0 + 5.0 * pv_seed(2), 1.0);
    float vein = smoothstep(0.03, 0.0, cr.x) * step(1.0 - iSeed.w, cr.y);
    col = mix(col, dye * 0.35, vein * 0.8);
    col *= 0.92 + 0.08 * pv_vnoise(uv * vec2(300.0, 20.0));
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
