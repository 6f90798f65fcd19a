// name: wood_planks
// family: wood
// author: procvision
// licence: MIT
// description: A plank floor or deck: boards of staggered length, each with its own flat-sawn grain and tone, dark joints, knots, nail holes and a varnish gloss.
// params: iSeed.x board width, iSeed.y species tone, iSeed.z grain scale, iSeed.w layout (staggered, herringbone)

#include "hash.glsl"
#include "noise.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    uv = pv_rot2(1.5708 * step(0.5, pv_seed(1))) * uv + vec2(0.03 * iTime, 0.0);
    float bw = mix(0.06, 0.18, iSeed.x);
    vec2 p = uv / bw;
    bool herring = iSeed.w > 0.6;
    vec2 q;
    float row;
    float L = 4.0;
    if (herring) {
        // herringbone: alternate diagonal bands of boards at right angles
        vec2 r = vec2(p.x + p.y, p.y - p.x) * 0.7071;
        float band = floor(r.x / L);
        bool odd = mod(band, 2.0) > 0.5;
        q = odd ? vec2(r.y, r.x) : r;
        row = floor(q.y) + 100.0 * band;
        q.x = q.x + row * 0.5;
    } else {
        row = floor(p.y);
        q = vec2(p.x + 1.7 * pv_hash11(row + 0.3) * L, p.y);
    }
    float board = floor(q.x / L);
    vec2 f = vec2(fract(q.x / L) * L, fract(q.y));
    float id = pv_hash12(vec2(board, row));
    float gs = mix(3.0, 10.0, iSeed.z);
    float g = f.y * gs + 2.0 * pv_gfbm(vec2(f.x * 0.3, f.y) + id * 10.0, 3) + id * 10.0;
    float rings = fract(g);
    // knots: occasional swirl in the ring field
    vec2 kp = vec2(L * pv_hash11(id * 7.0), 0.5);
    float kd = length((f - kp) * vec2(0.6, 2.0));
    rings = mix(rings, fract(kd * 6.0), smoothstep(0.5, 0.2, kd) * step(0.6, id));
    vec3 light = pv_cospal(iSeed.y, vec3(0.6, 0.45, 0.3), vec3(0.2, 0.15, 0.1), vec3(1.0), vec3(0.0, 0.05, 0.1));
    vec3 col = mix(light, light * 0.55, smoothstep(0.3, 0.9, rings)) * (0.8 + 0.4 * id);
    col = mix(col, vec3(0.05, 0.03, 0.02), smoothstep(0.3, 0.0, kd) * step(0.6, id));
    float edge = min(min(f.x, L - f.x), min(f.y, 1.0 - f.y));
    col *= smoothstep(0.0, 0.06, edge) * 0.8 + 0.2;
    float nail = min(length(f - vec2(0.25, 0.5)), length(f - vec2(L - 0.25, 0.5)));
    col = mix(col, vec3(0.08), smoothstep(0.07, 0.04, nail));
    col += 0.12 * exp(-pow(uv.x - uv.y * 0.5 - 0.8 * sin(0.3 * iTime), 2.0) * 10.0);
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
