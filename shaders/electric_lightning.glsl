// name: electric_lightning
// family: electric
// author: procvision
// licence: MIT
// description: Lightning and electric arcs: jagged bolts subdivided by midpoint displacement with forking branches, a core glow and a wide flash, flickering between strikes over a stormy sky (night to dusk or grey day) above the land, or between two electrodes in a lab.
// params: iSeed.x jaggedness, iSeed.y branch count, iSeed.z glow colour, iSeed.w bolt count and glow width; pv_seed: scene (sky or lab), sky or wall hues and brightness, ground height, bolt placement and tilt, electrode positions

#include "hash.glsl"
#include "noise.glsl"
#include "sdf.glsl"
#include "palette.glsl"

// Distance to a bolt from a to b: a polyline of 24 points offset by a sum of noise octaves (midpoint displacement).
float bolt(vec2 p, vec2 a, vec2 b, float jag, float salt) {
    vec2 dir = b - a;
    float reach = pv_sdSegment(p, a, b) - 0.5 * jag * length(dir);
    if (reach > 0.08) return reach;  // the core glow is negligible this far away
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
    float fl = exp(-flick * 6.0);
    float jag = mix(0.15, 0.5, iSeed.x);
    int bolts = 1 + int(iSeed.w * 2.99);
    int branches = int(iSeed.y * 4.99);
    bool lab = pv_seed(2) < 0.3;
    // storm: bolts from the cloud base down to the ground, gathered around a seed-driven x and tilted;
    // lab: arcs between two electrodes at any angle
    float groundY = mix(-0.5, -0.1, pv_seed(3));
    vec2 ctr = lab ? (pv_seed2(4) - 0.5) * vec2(0.4, 0.3) : vec2(mix(-0.25, 0.25, pv_seed(6)), 0.0);
    float tilt = lab ? 6.2831853 * pv_seed(7) : mix(-0.4, 0.4, pv_seed(7));
    vec2 ax = vec2(sin(tilt), cos(tilt));
    float len = lab ? mix(0.35, 0.9, pv_seed(8)) : 0.55 - groundY;
    vec2 A = ctr + ax * (lab ? 0.5 * len : 0.55);
    vec2 B = A - ax * len;
    float d = 1e3;   // distance to the jagged bolts (core and glow)
    float dw = 1e3;  // distance to their straight chords (the wide flash, which must be smooth)
    for (int k = 0; k < 3; k++) {
        if (k >= bolts) break;
        float salt = strike * 13.0 + float(k) * 71.0 + 100.0 * pv_seed(1);
        vec2 side = vec2(ax.y, -ax.x) * mix(0.1, 0.35, pv_seed(9));
        vec2 a = lab ? A : A + side * 2.0 * (pv_hash11(salt) - 0.5);
        vec2 b = lab ? B : B + side * 2.0 * (pv_hash11(salt + 1.0) - 0.5);
        d = min(d, bolt(uv, a, b, jag, salt));
        dw = min(dw, pv_sdSegment(uv, a, b));
        for (int j = 0; j < 4; j++) {
            if (j >= branches) break;
            float t = mix(0.2, 0.7, pv_hash11(salt + 5.0 + float(j)));
            vec2 s = mix(a, b, t);
            vec2 e = s + (vec2(ax.y, -ax.x) * (pv_hash11(salt + 9.0 + float(j)) - 0.5) - 0.3 * ax) * 0.6;
            d = min(d, bolt(uv, s, e, jag, salt + 30.0 + float(j)) + 0.002);
        }
    }
    // glow colour: white-blue through violet and pink to orange, from pale to saturated
    vec3 glowc = pv_hsv2rgb(vec3(fract(0.5 + 0.65 * iSeed.z), mix(0.25, 0.85, pv_seed(10)), 1.0));
    float bright = pv_seed(11);
    vec3 zen = pv_hsv2rgb(vec3(mix(0.55, 0.85, pv_seed(12)), mix(0.1, 0.6, pv_seed(13)), mix(0.02, 0.45, bright)));
    vec3 hor = pv_hsv2rgb(vec3(fract(mix(-0.15, 0.7, pv_seed(14))), mix(0.1, 0.7, pv_seed(15)), mix(0.03, 0.75, bright)));
    vec3 col;
    if (lab) {
        // lab wall with a floor line and a vignette; electrodes are metal balls at the arc ends
        col = mix(hor, zen, smoothstep(-0.5, 0.5, uv.y)) * 0.6 * (0.7 + 0.3 * pv_fbm(uv * 6.0, 2));
        col *= mix(0.6, 1.0, step(groundY, uv.y)) * (1.0 - 0.5 * dot(uv, uv));
        col *= 0.6 + 0.8 * fl;
        for (int e = 0; e < 2; e++) {
            vec2 c = e == 0 ? A : B;
            float r = length(uv - c);
            float ball = smoothstep(0.045, 0.04, r);
            col = mix(col, vec3(0.35, 0.35, 0.4) * (1.2 - 10.0 * r) + glowc * 0.3 * fl, ball);
        }
    } else {
        float sky = pv_fbm(uv * 3.0 + vec2(0.05 * iTime, 7.0 * pv_seed(16)), 5);
        col = mix(hor, zen, smoothstep(groundY, 0.5, uv.y)) * (0.4 + 1.2 * sky) * (0.5 + 1.5 * fl);
        // land silhouette: low hills along the ground line
        float hill = groundY + 0.04 * pv_fbm(vec2(uv.x * 4.0 + 10.0 * pv_seed(17), 0.0), 3);
        if (uv.y < hill) col = hor * 0.15 * (0.5 + fl);
    }
    float wide = mix(3.0, 10.0, pv_seed(18));
    col += glowc * (0.3 + 0.5 * pv_seed(19)) * exp(-dw * wide) * (0.2 + fl);
    float gw = mix(0.008, 0.03, iSeed.w);
    // windowed to 0.08 so that the early exit in bolt() leaves no edge
    col += glowc * gw / (d + gw) * (0.3 + fl) * smoothstep(0.08, 0.01, d);
    col += vec3(1.0) * smoothstep(0.004, 0.0, d);
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
