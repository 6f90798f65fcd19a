// name: metal_brushed
// family: metal
// author: procvision
// licence: MIT
// description: Brushed or spun metal panels: fine directional scratches with an anisotropic highlight band, panel seams and rivets or screws, in steel, brass, copper or anodised colours.
// params: iSeed.x panel size, iSeed.y metal colour, iSeed.z brushing (linear or spun), iSeed.w rivet spacing

#include "hash.glsl"
#include "noise.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    float ps = mix(0.3, 1.0, iSeed.x);
    vec2 pc = floor(uv / ps);
    vec2 pf = fract(uv / ps) * ps;
    float pid = pv_hash12(pc + 0.5);
    bool spun = iSeed.z > 0.6;
    vec2 lp = pf - 0.5 * ps;
    float ang = spun ? pv_atan2(lp.y, lp.x) + 1.5708 : (pid < 0.5 ? 0.0 : 1.5708);
    vec2 dir = vec2(cos(ang), sin(ang));
    vec2 q = spun ? vec2(length(lp) * 300.0, 0.0) : vec2(dot(uv, vec2(-dir.y, dir.x)) * 400.0, dot(uv, dir) * 3.0);
    float scratch = pv_vnoise(vec2(q.x, q.y)) * 0.6 + 0.4 * pv_vnoise(vec2(q.x * 3.1, q.y * 0.5));
    int k = int(iSeed.y * 3.99);
    vec3 metal = k == 0 ? vec3(0.72, 0.74, 0.77) : (k == 1 ? vec3(0.8, 0.65, 0.35) : (k == 2 ? vec3(0.78, 0.48, 0.35) : pv_hsv2rgb(vec3(pv_seed(1), 0.5, 0.75))));
    // anisotropic highlight: brightest where the brushing is across the light direction
    vec2 Ld = vec2(cos(0.4 * iTime), sin(0.4 * iTime));
    float spec = pow(abs(dot(dir, Ld)), 4.0);
    float band = exp(-pow(dot(uv, Ld.yx * vec2(1.0, -1.0)) * 2.0 - sin(0.5 * iTime), 2.0));
    vec3 col = metal * (0.55 + 0.25 * scratch) + 0.35 * spec * band * (0.6 + 0.4 * scratch);
    float edge = min(min(pf.x, ps - pf.x), min(pf.y, ps - pf.y));
    col *= 0.6 + 0.4 * smoothstep(0.0, 0.01, edge);
    // rivets along the seams
    float rs = ps / floor(mix(3.0, 8.0, iSeed.w));
    vec2 rc = vec2(pf.x < 0.5 * ps ? pf.x : ps - pf.x, pf.y < 0.5 * ps ? pf.y : ps - pf.y);
    float along = pf.x < 0.05 * ps || ps - pf.x < 0.05 * ps ? pf.y : pf.x;
    float rd = length(vec2(min(rc.x, rc.y) - 0.04 * ps, mod(along + 0.5 * rs, rs) - 0.5 * rs));
    float rr = 0.012;
    float riv = smoothstep(rr, rr * 0.7, rd);
    col = mix(col, metal * (0.9 + 0.5 * (0.5 - rd / rr)), riv);
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
