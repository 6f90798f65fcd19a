// name: electric_lightning
// family: electric
// author: procvision
// licence: MIT
// description: Lightning and electric arcs: jagged bolts subdivided by midpoint displacement with forking branches and a glow, flickering between strikes over a stormy sky or a dark lab.
// params: iSeed.x jaggedness, iSeed.y branch count, iSeed.z glow colour, iSeed.w bolt count

#include "hash.glsl"
#include "noise.glsl"
#include "sdf.glsl"
#include "palette.glsl"

// Distance to a bolt from a to b: a polyline of 24 points offset by a sum of noise octaves (midpoint displacement).
float bolt(vec2 p, vec2 a, vec2 b, float jag, float salt) {
    vec2 dir = b - a;
    float reach = pv_sdSegment(p, a, b) - 0.5 * jag * length(dir);
    if (reach > 0.08) return reach;  // the glow is negligible this far away
    vec2 nrm = normalize(vec2(-dir.y, dir.x) + 1e-5);
    float d = 1e3;
    vec2 prev = a;
    for (int i = 1; i <= 24; i++) {
        float t = float(i) / 24.0;
        float off = 0.0, amp = jag;
        for (int o = 0; o < 3; o++) {
            off += amp * (pv_hash11(floor(t * exp2(float(o) + 2.0)) + salt + float(o) * 17.0) - 0.5) ;
            amp *= 0.5;
        }
        off *= sin(3.14159 * t);
        vec2 q = mix(a, b, t) + nrm * off * length(dir);
        d = min(d, pv_sdSegment(p, prev, q));
        prev = q;
    }
    return d;
}

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    float strike = floor(iTime * 2.0);
    float flick = fract(iTime * 2.0);
    float jag = mix(0.15, 0.5, iSeed.x);
    int bolts = 1 + int(iSeed.w * 2.99);
    int branches = int(iSeed.y * 4.99);
    float d = 1e3;
    for (int k = 0; k < 3; k++) {
        if (k >= bolts) break;
        float salt = strike * 13.0 + float(k) * 71.0 + 100.0 * pv_seed(1);
        vec2 a = vec2(pv_hash11(salt) - 0.5, 0.55);
        vec2 b = vec2(pv_hash11(salt + 1.0) - 0.5, -0.55);
        d = min(d, bolt(uv, a, b, jag, salt));
        for (int j = 0; j < 4; j++) {
            if (j >= branches) break;
            float t = mix(0.2, 0.7, pv_hash11(salt + 5.0 + float(j)));
            vec2 s = mix(a, b, t);
            vec2 e = s + vec2(pv_hash11(salt + 9.0 + float(j)) - 0.5, -0.3) * 0.6;
            d = min(d, bolt(uv, s, e, jag, salt + 30.0 + float(j)) + 0.002);
        }
    }
    vec3 glowc = pv_hsv2rgb(vec3(mix(0.55, 0.85, iSeed.z), 0.6, 1.0));
    float sky = pv_fbm(uv * 3.0 + vec2(0.05 * iTime, 0.0), 5);
    float fl = exp(-flick * 6.0);
    vec3 col = mix(vec3(0.02, 0.02, 0.05), vec3(0.2, 0.2, 0.28), sky) * (0.5 + 1.5 * fl);
    col += glowc * 0.012 / (d + 0.012) * (0.3 + fl);
    col += vec3(1.0) * smoothstep(0.004, 0.0, d);
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
