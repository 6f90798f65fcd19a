// name: sport_courts
// family: sport
// author: procvision
// licence: MIT
// description: Sports pitches and courts from above: tennis, basketball and football markings in white lines on coloured surfaces, mown stripes on grass, shadows of players moving about.
// params: iSeed.x court type, iSeed.y surface colour, iSeed.z zoom and rotation, iSeed.w player count

#include "hash.glsl"
#include "noise.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    vec2 p = pv_rot2(1.5708 * floor(iSeed.z * 2.0) + 0.2 * (pv_seed(1) - 0.5)) * uv * mix(1.0, 1.6, iSeed.z);
    p += 0.08 * vec2(sin(0.25 * iTime), cos(0.2 * iTime));  // a drifting aerial camera
    int kind = int(iSeed.x * 2.99);
    float lw = 0.006;
    float d = 1e3;
    vec3 surf;
    vec3 outer;
    if (kind == 0) {  // tennis: 0.78 x 0.36 half extents scaled to fit
        vec2 h = vec2(0.6, 0.28);
        d = abs(pv_sdBox2(p, h));
        d = min(d, abs(abs(p.y) - h.y * 0.75));
        d = min(d, max(abs(p.x) - h.x * 0.54, abs(p.y) - h.y * 0.75) < 0.0 ? min(abs(abs(p.x) - h.x * 0.54), abs(p.y)) : 1e3);
        d = min(d, abs(p.x));
        surf = pv_hsv2rgb(vec3(mix(0.55, 0.65, iSeed.y), 0.55, 0.6));
        outer = pv_hsv2rgb(vec3(mix(0.3, 0.38, iSeed.y), 0.5, 0.45));
        if (max(abs(p.x) - h.x, abs(p.y) - h.y) > 0.0) surf = outer;
    } else if (kind == 1) {  // basketball
        vec2 h = vec2(0.65, 0.36);
        d = abs(pv_sdBox2(p, h));
        d = min(d, abs(p.x));
        d = min(d, abs(length(p) - 0.08));
        vec2 q = vec2(abs(p.x) - h.x, p.y);
        d = min(d, max(abs(length(q) - 0.3), -q.x - 0.3 + 0.3));
        d = min(d, abs(pv_sdBox2(q + vec2(0.1, 0.0), vec2(0.1, 0.07))));
        surf = vec3(0.8, 0.55, 0.3) * (0.9 + 0.1 * step(0.5, fract(p.x * 30.0)));
    } else {  // football pitch with mown stripes
        vec2 h = vec2(0.7, 0.45);
        d = abs(pv_sdBox2(p, h));
        d = min(d, abs(p.x));
        d = min(d, abs(length(p) - 0.1));
        vec2 q = vec2(abs(p.x) - h.x, p.y);
        d = min(d, abs(pv_sdBox2(q, vec2(0.15, 0.22))));
        surf = vec3(0.2, 0.5, 0.2) * (0.85 + 0.15 * step(0.5, fract(p.x * 6.0)));
    }
    vec3 col = surf * (0.95 + 0.05 * pv_vnoise(p * 80.0));
    col = mix(col, vec3(0.97), smoothstep(lw, lw * 0.5, d));
    int players = int(iSeed.w * 10.0);
    for (int i = 0; i < 10; i++) {
        if (i >= players) break;
        vec2 pp = (pv_seed2(20 + i) - 0.5) * vec2(1.2, 0.7) + 0.1 * vec2(sin(iTime * 0.7 + float(i)), cos(iTime * 0.9 + 2.0 * float(i)));
        col = mix(col, col * 0.5, smoothstep(0.03, 0.02, length((p - pp - vec2(0.015, -0.01)) * vec2(1.0, 1.6))));
        col = mix(col, pv_hsv2rgb(vec3(i < 5 ? pv_seed(3) : fract(pv_seed(3) + 0.5), 0.8, 0.9)), smoothstep(0.022, 0.017, length(p - pp)));
    }
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
