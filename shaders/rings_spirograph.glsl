// name: rings_spirograph
// family: rings
// author: procvision
// licence: MIT
// description: Spirograph hypotrochoid / epitrochoid curve drawn as a glowing polyline on a dark or paper background.
// params: iSeed.x gear ratio, iSeed.y pen offset, iSeed.z line width and glow, iSeed.w ink colours

#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y * 2.3;
    // Integer tooth counts keep the curve closed; ratio q/p with small p.
    float R = 1.0;
    float teeth = floor(mix(3.0, 10.99, iSeed.x));
    // Few revolutions (num) keep enough segments per loop for a smooth curve.
    float num = floor(mix(1.0, min(teeth - 1.0, 4.99), pv_seed(1)));
    // r = R / 2 degenerates into a straight line (hypotrochoid) : skip that ratio.
    if (2.0 * num == teeth) num += 1.0;
    float rr = R * num / teeth;
    float d = mix(0.3, 1.1, iSeed.y) * rr;
    bool epi = pv_seed(2) < 0.3;
    float turns = num;  // with R/r = teeth/num the curve closes after at most num revolutions
    float dist = 1e3, seg = 0.0;
    float rot = 0.1 * iTime;
    // Points advance by fixed rotations (complex multiplication), which avoids
    // two sin/cos pairs per segment.
    float k = epi ? (R + rr) / rr : (R - rr) / rr;
    float dt = 6.2831853 * turns / 72.0;
    vec2 e1 = vec2(cos(rot), sin(rot)), e2 = vec2(cos(k * rot), sin(k * rot));
    mat2 s1 = mat2(cos(dt), sin(dt), -sin(dt), cos(dt));
    mat2 s2 = mat2(cos(k * dt), sin(k * dt), -sin(k * dt), cos(k * dt));
    float scale = epi ? 0.55 : 1.0;
    vec2 prev = vec2(0.0);
    for (int i = 0; i <= 72; i++) {
        vec2 pt = epi ? (R + rr) * e1 - d * e2 : (R - rr) * e1 + d * vec2(e2.x, -e2.y);
        pt *= scale;
        if (i > 0) {
            float di = pv_sdSegment(uv, prev, pt);
            if (di < dist) { dist = di; seg = float(i) / 72.0; }
        }
        prev = pt;
        e1 = s1 * e1;
        e2 = s2 * e2;
    }
    float w = mix(0.015, 0.06, iSeed.z);
    bool paper = pv_seed(3) < 0.35;
    vec3 ink = pv_seedpal(seg * mix(1.0, 4.0, pv_seed(4)) + iSeed.w, 90);
    vec3 bg = paper ? vec3(0.93, 0.9, 0.82) : vec3(0.02, 0.02, 0.05);
    float line = smoothstep(w + 0.03, w, dist);
    float glow = paper ? 0.0 : exp(-dist * mix(60.0, 15.0, iSeed.z)) * 0.6;
    vec3 col = mix(bg, paper ? ink * 0.7 : ink, line) + glow * ink;
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
