// name: map_highways
// family: map
// author: procvision
// licence: MIT
// description: Highways from the air: curving multi-lane carriageways with dashed lane markings and verges crossing over fields, cars moving in each direction, a junction where two roads meet.
// params: iSeed.x road count, iSeed.y lane count, iSeed.z ground colour, iSeed.w traffic density

#include "hash.glsl"
#include "noise.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    vec3 ground = mix(vec3(0.35, 0.5, 0.25), vec3(0.6, 0.55, 0.4), iSeed.z) * (0.8 + 0.3 * pv_fbm(uv * 6.0, 4));
    vec3 col = ground;
    int roads = 1 + int(iSeed.x * 2.99);
    int lanes = 2 + int(iSeed.y * 2.99);
    float lw = 0.022;
    for (int r = 0; r < 3; r++) {
        if (r >= roads) break;
        float ang = 3.14159 * pv_seed(10 + r);
        vec2 q = pv_rot2(ang) * uv;
        float curve = 0.25 * sin(q.x * mix(1.0, 3.0, pv_seed(20 + r)) + 6.28 * pv_seed(30 + r));
        float across = q.y - curve - 0.3 * (pv_seed(40 + r) - 0.5);
        float slope = 0.25 * cos(q.x * 2.0) ;
        across /= sqrt(1.0 + slope * slope);
        float half_ = lw * float(lanes);
        float a = abs(across);
        if (a < half_ + 0.02) col = mix(col, vec3(0.45, 0.5, 0.4), 0.6);  // verge
        if (a < half_) {
            col = vec3(0.22, 0.22, 0.24);
            float lane = floor(across / lw);
            float fl = fract(across / lw);
            float dash = step(0.5, fract(q.x * 12.0));
            if (abs(fl) < 0.06 && abs(across) > 0.002) col = mix(col, vec3(0.9), dash);
            if (a < 0.003) col = vec3(0.9, 0.8, 0.2);  // centre line
            if (a > half_ - 0.003) col = vec3(0.85);
            // cars: one direction per side of the centre line
            float dir = across > 0.0 ? 1.0 : -1.0;
            float x = q.x * 10.0 + dir * iTime * (1.0 + 0.3 * lane);
            float cell = floor(x);
            float fx = fract(x);
            if (pv_hash12(vec2(cell, lane + 10.0 * float(r))) < mix(0.04, 0.2, iSeed.w)) {
                vec2 cp = vec2((fx - 0.5) / 10.0, (fl - 0.5) * lw);
                float car = pv_sdBox2(cp, vec2(0.018, lw * 0.3)) - 0.003;
                vec3 cc = pv_hsv2rgb(vec3(pv_hash12(vec2(cell, lane + 3.0)), 0.5 * pv_hash12(vec2(lane, cell)), 0.95));
                col = mix(col, cc, smoothstep(0.002, 0.0, car));
            }
        }
    }
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
