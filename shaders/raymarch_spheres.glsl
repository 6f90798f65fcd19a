// name: raymarch_spheres
// family: raymarch
// author: procvision
// licence: MIT
// description: Ray-marched scene of a few spheres and a rounded box on a checkered floor, sun and sky lighting, fog.
// params: iSeed.x camera angle, iSeed.y object layout, iSeed.z sun direction, iSeed.w palette

#include "sdf.glsl"
#include "palette.glsl"

vec3 g_obj[3];
bool g_box;

vec2 scene(vec3 p) {
    float d = p.y; // floor
    float id = 0.0;
    for (int i = 0; i < 3; i++) {
        float r = 0.35 + 0.25 * fract(g_obj[i].z * 7.13);
        vec3 c = vec3(g_obj[i].x, r, g_obj[i].y);
        float o = (i == 2 && g_box) ? pv_sdRoundBox(p - c, vec3(r), 0.08) : pv_sdSphere(p - c, r);
        if (o < d) { d = o; id = 1.0 + float(i); }
    }
    return vec2(d, id);
}

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    g_box = pv_seed(9) < 0.5;
    for (int i = 0; i < 3; i++) {
        vec2 h = pv_seed2(10 + i) * 2.4 - 1.2;
        g_obj[i] = vec3(h + 0.3 * iSeed.y * vec2(float(i) - 1.0, 0.0), pv_seed(20 + i));
    }
    float ca = 6.2831853 * iSeed.x + 0.05 * iTime;
    float height = mix(0.6, 2.5, pv_seed(1));
    vec3 ro = vec3(3.6 * cos(ca), height, 3.6 * sin(ca));
    vec3 fw = normalize(vec3(0.0, 0.3, 0.0) - ro);
    vec3 rt = normalize(cross(fw, vec3(0.0, 1.0, 0.0)));
    vec3 up = cross(rt, fw);
    vec3 rd = normalize(fw * 1.5 + uv.x * rt + uv.y * up);

    float sa = 6.2831853 * iSeed.z;
    vec3 sun = normalize(vec3(cos(sa), mix(0.3, 1.2, pv_seed(2)), sin(sa)));
    vec3 sky = mix(vec3(0.75, 0.85, 1.0), pv_hsv2rgb(vec3(pv_seed(3), 0.5, 0.9)), 0.5);
    vec3 col = sky * (1.0 - 0.4 * rd.y);

    float t = 0.0;
    vec2 h = vec2(1.0, 0.0);
    for (int i = 0; i < 40; i++) {
        h = scene(ro + rd * t);
        if (h.x < 0.002 * t || t > 20.0) break;
        t += h.x;
    }
    if (t < 20.0) {
        vec3 p = ro + rd * t;
        const vec2 e = vec2(0.002, -0.002);
        vec3 n = normalize(e.xyy * scene(p + e.xyy).x + e.yyx * scene(p + e.yyx).x +
                           e.yxy * scene(p + e.yxy).x + e.xxx * scene(p + e.xxx).x);
        vec3 base;
        if (h.y < 0.5) {
            float ch = mod(floor(p.x) + floor(p.z), 2.0);
            base = mix(vec3(0.2), vec3(0.8), ch) * mix(vec3(1.0), pv_hsv2rgb(vec3(pv_seed(4), 0.4, 1.0)), 0.5);
        } else {
            base = pv_seedpal(0.3 * h.y + iSeed.w, 90);
        }
        // Cheap shadow: a few steps towards the sun.
        float sh = 1.0, st = 0.05;
        for (int i = 0; i < 8; i++) {
            float d = scene(p + n * 0.01 + sun * st).x;
            sh = min(sh, 8.0 * d / st);
            st += clamp(d, 0.05, 0.5);
        }
        sh = clamp(sh, 0.0, 1.0);
        float dif = max(dot(n, sun), 0.0) * sh;
        float spec = pow(max(dot(reflect(rd, n), sun), 0.0), 32.0) * sh;
        col = base * (0.2 * sky + 0.9 * dif) + 0.5 * spec;
        col = mix(col, sky, 1.0 - exp(-0.02 * t * t));
    }
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
