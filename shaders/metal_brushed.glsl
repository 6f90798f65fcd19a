// name: metal_brushed
// family: metal
// author: procvision
// licence: MIT
// description: Brushed or spun metal panels: fine directional scratches with an anisotropic highlight band, panel seams (square, long strips or one sheet) and rivets, in steel, brass, copper, gold, dark gunmetal or anodised colours, from dim to brightly lit.
// params: iSeed.x panel size, iSeed.y metal colour (steel, brass, copper, gold, gunmetal, aluminium, anodised), iSeed.z brushing (linear at a seed angle, crossed per panel, or spun), iSeed.w rivet spacing; pv_seed(1) anodised hue, pv_seed(2) panel shape (square, strips, one sheet), pv_seed(3) brushing angle, pv_seed(4) exposure, pv_seed(5..6) highlight direction and width, pv_seed(7) highlight strength, pv_seed(8) rivets or none, pv_seed(9) lighting gradient, pv_seed(10) layout rotation, pv_seed(11) scratch contrast

#include "hash.glsl"
#include "noise.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv0 = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    vec2 uv = pv_rot2(pv_seed(10) < 0.6 ? 0.0 : 6.2831853 * pv_seed(10)) * uv0;
    // panels: squares, long strips, or one sheet with no seams
    float ps = mix(0.25, 1.1, iSeed.x);
    float pk = pv_seed(2);
    vec2 pdim = pk < 0.45 ? vec2(ps) : (pk < 0.8 ? vec2(ps * 3.0, ps * 0.45) : vec2(10.0));
    vec2 pc = floor(uv / pdim);
    vec2 pf = fract(uv / pdim) * pdim;
    float pid = pv_hash12(pc + 0.5);
    int bk = int(iSeed.z * 2.99);
    bool spun = bk == 2;
    vec2 lp = pf - 0.5 * pdim;
    float base = 6.2831853 * pv_seed(3);
    float ang = spun ? pv_atan2(lp.y, lp.x) + 1.5708 : base + (bk == 1 && pid < 0.5 ? 1.5708 : 0.0);
    vec2 dir = vec2(cos(ang), sin(ang));
    vec2 q = spun ? vec2(length(lp) * 300.0, 0.0) : vec2(dot(uv, vec2(-dir.y, dir.x)) * 400.0, dot(uv, dir) * 3.0);
    float scratch = pv_vnoise(q) * 0.6 + 0.4 * pv_vnoise(vec2(q.x * 3.1, q.y * 0.5));
    // metal: steel, brass, copper, gold, gunmetal or anodised
    int k = int(iSeed.y * 7.99);
    vec3 metal = k == 0 ? vec3(0.75, 0.77, 0.8) : (k == 1 ? vec3(0.8, 0.65, 0.35) : (k == 2 ? vec3(0.8, 0.45, 0.32)
               : (k == 3 ? vec3(0.98, 0.8, 0.3) : (k == 4 ? vec3(0.3, 0.32, 0.36) : (k == 5 ? vec3(0.92, 0.93, 0.95)
               : pv_hsv2rgb(vec3(pv_seed(1), mix(0.5, 0.9, fract(iSeed.y * 8.0)), 0.85)))))));
    metal *= mix(0.65, 1.35, pv_seed(4));
    // anisotropic highlight: a band across the panel, brightest where the brushing crosses the light
    float la = 6.2831853 * pv_seed(5) + 0.4 * iTime;
    vec2 Ld = vec2(cos(la), sin(la));
    float spec = pow(abs(dot(dir, Ld)), 4.0);
    float bw = mix(0.8, 4.0, pv_seed(6));
    float band = exp(-pow(dot(uv0, Ld.yx * vec2(1.0, -1.0)) * bw - 0.8 * sin(0.5 * iTime + 6.0 * pv_seed(5)), 2.0));
    float sc = mix(0.1, 0.45, pv_seed(11));
    vec3 col = metal * (0.6 - 0.5 * sc + sc * scratch) + mix(0.15, 0.6, pv_seed(7)) * spec * band * (0.6 + 0.4 * scratch) * mix(vec3(1.0), metal, 0.5);
    // seams
    float edge = min(min(pf.x, pdim.x - pf.x), min(pf.y, pdim.y - pf.y));
    col *= 0.55 + 0.45 * smoothstep(0.0, 0.01, edge);
    // rivets along the seams
    if (pv_seed(8) > 0.3 && pk < 0.8) {
        float rs = ps / floor(mix(3.0, 8.0, iSeed.w));
        vec2 rc = min(pf, pdim - pf);
        float along = rc.x < rc.y ? pf.y : pf.x;
        float rd = length(vec2(min(rc.x, rc.y) - 0.04 * min(ps, pdim.y), mod(along + 0.5 * rs, rs) - 0.5 * rs));
        float rr = 0.012;
        col = mix(col, metal * (0.9 + 0.5 * (0.5 - rd / rr)), smoothstep(rr, rr * 0.7, rd));
    }
    // broad lighting gradient across the whole surface
    col *= 1.0 + mix(0.0, 0.8, pv_seed(9)) * dot(uv0, vec2(cos(9.0 * pv_seed(9)), sin(9.0 * pv_seed(9))));
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
