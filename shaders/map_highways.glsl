// name: map_highways
// family: map
// author: procvision
// licence: MIT
// description: Highways from the air: curving multi-lane carriageways with dashed lane markings and verges crossing over a patchwork of fields (green, dry, dark or snowy), cars moving in each direction, a junction where two roads meet, seen at a seeded altitude.
// params: iSeed.x road count, iSeed.y lane count, iSeed.z ground hue, iSeed.w traffic density; pv_seed(1..3) ground saturation and brightness and field contrast, pv_seed(4..6) field size, angle and stripes, pv_seed(7) altitude (zoom), pv_seed(8) asphalt shade, pv_seed(10..40+r) per-road angle, bend and offset

#include "hash.glsl"
#include "noise.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    // altitude: from a close view of a few wide lanes to a high view of thin roads
    float zoom = mix(0.55, 1.7, pv_seed(7));
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y * zoom;
    // ground from dry tan through green to dark forest, and pale snow when unsaturated and bright
    vec3 ground = pv_hsv2rgb(vec3(mix(0.03, 0.36, iSeed.z), mix(0.05, 0.65, pv_seed(1)), mix(0.2, 0.92, pv_seed(2))));
    // a patchwork of fields: parcels on a turned grid, each a shade of the ground, some striped by ploughing
    vec2 fp = pv_rot2(3.14159 * pv_seed(5)) * uv / mix(0.08, 0.3, pv_seed(4));
    vec2 fid = floor(fp + vec2(0.5 * floor(fp.y), 0.0));
    vec3 fh = pv_hash32(fid + 17.0 * pv_seed(4));
    float fc = mix(0.1, 0.6, pv_seed(3));
    vec3 field = ground * (1.0 + fc * (fh - 0.5) * vec3(1.2, 1.0, 0.8) + fc * (fh.x - 0.5));
    field *= 1.0 - 0.15 * step(fh.y, pv_seed(6)) * step(0.5, fract(fp.x * 14.0));
    vec3 col = field * (0.8 + 0.3 * pv_fbm(uv * 6.0, 4));
    int roads = 1 + int(iSeed.x * 2.99);
    int lanes = 2 + int(iSeed.y * 2.99);
    vec3 asphalt = vec3(mix(0.12, 0.5, pv_seed(8))) * vec3(1.0, 1.0, 1.06);
    vec3 verge = mix(ground, vec3(0.6, 0.6, 0.55), 0.4);
    float lw = 0.022;
    for (int r = 0; r < 3; r++) {
        if (r >= roads) break;
        float ang = 3.14159 * pv_seed(10 + r);
        vec2 q = pv_rot2(ang) * uv;
        float fr = mix(1.0, 3.0, pv_seed(20 + r));
        float ph = 6.28 * pv_seed(30 + r);
        float curve = 0.25 * sin(q.x * fr + ph);
        float across = q.y - curve - 0.5 * zoom * (pv_seed(40 + r) - 0.5);
        // distance across the road, corrected for its bend
        float slope = 0.25 * fr * cos(q.x * fr + ph);
        across /= sqrt(1.0 + slope * slope);
        float half_ = lw * float(lanes);
        float a = abs(across);
        if (a < half_ + 0.02) col = mix(col, verge, 0.7);
        if (a < half_) {
            col = asphalt;
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
