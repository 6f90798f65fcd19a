// name: raymarch_columns
// family: raymarch
// author: procvision
// licence: MIT
// description: A ray-marched colonnade: rows of fluted columns with square capitals on a tiled floor receding into fog, lit by a low moving sun with soft shadows from the march.
// params: iSeed.x column spacing, iSeed.y stone colour, iSeed.z fog colour, iSeed.w camera height and angle

#include "hash.glsl"
#include "sdf.glsl"
#include "palette.glsl"

float spacing;

float scene(vec3 p) {
    vec3 q = p;
    q.xz = pv_opRep2(p.xz, vec2(spacing));
    float col = pv_sdCylinder(q - vec3(0.0, 1.0, 0.0), 0.28, 1.0);
    col = min(col, pv_sdBox(q - vec3(0.0, 2.05, 0.0), vec3(0.42, 0.08, 0.42)));
    col = min(col, pv_sdBox(q - vec3(0.0, 0.05, 0.0), vec3(0.4, 0.06, 0.4)));
    float roof = fract(spacing) < 0.5 ? 2.35 - p.y : 1e3;  // some colonnades carry a ceiling
    return min(min(col, p.y), roof);
}

vec3 normalAt(vec3 p) {
    vec2 e = vec2(0.002, 0.0);
    return normalize(vec3(scene(p + e.xyy) - scene(p - e.xyy), scene(p + e.yxy) - scene(p - e.yxy), scene(p + e.yyx) - scene(p - e.yyx)));
}

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    spacing = mix(1.6, 3.2, iSeed.x);
    float camH = mix(0.6, 1.8, iSeed.w);
    vec3 ro = vec3(0.5 * spacing, camH, iTime * 0.5);
    float yaw = 0.8 * (pv_seed(1) - 0.5);
    vec3 rd = normalize(vec3(uv, 1.2));
    rd.xz = pv_rot2(yaw) * rd.xz;
    vec3 fogc = pv_hsv2rgb(vec3(iSeed.z, 0.35, 0.9));
    float t = 0.0;
    bool hit = false;
    for (int i = 0; i < 48; i++) {
        float d = scene(ro + rd * t);
        if (d < 0.002 * t) { hit = true; break; }
        t += d;
        if (t > 30.0) break;
    }
    vec3 col = fogc;
    if (hit) {
        vec3 p = ro + rd * t;
        vec3 n = normalAt(p);
        vec3 L = normalize(vec3(cos(0.3 * iTime), 0.6, sin(0.3 * iTime)));
        float diff = clamp(dot(n, L), 0.0, 1.0);
        // short shadow march
        float sh = 1.0, st = 0.05;
        for (int i = 0; i < 10; i++) {
            float h = scene(p + n * 0.01 + L * st);
            sh = min(sh, 8.0 * h / st);
            st += clamp(h, 0.05, 0.5);
        }
        sh = clamp(sh, 0.0, 1.0);
        vec3 stone = pv_hsv2rgb(vec3(mix(0.05, 0.12, iSeed.y), mix(0.1, 0.4, iSeed.y), 0.85));
        // flutes are shading only (an atan in the distance function would cost every step)
        vec2 cq = pv_opRep2(p.xz, vec2(spacing));
        if (p.y > 0.15 && p.y < 1.95) stone *= 0.82 + 0.18 * cos(16.0 * pv_atan2(cq.y, cq.x));
        if (p.y < 0.01) stone *= 0.7 + 0.3 * step(0.5, fract(floor(p.x * 2.0) * 0.5 + floor(p.z * 2.0) * 0.5));
        col = stone * (0.2 + 0.8 * diff * sh) + 0.1 * fogc;
        col = mix(col, fogc, 1.0 - exp(-t * 0.06));
    }
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
