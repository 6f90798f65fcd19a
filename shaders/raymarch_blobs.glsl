// name: raymarch_blobs
// family: raymarch
// author: procvision
// licence: MIT
// description: Ray-marched smooth-union metaballs with glossy normal-based colouring on a gradient backdrop.
// params: iSeed.x blob count, iSeed.y blend radius, iSeed.z palette, iSeed.w background hue

#include "sdf.glsl"
#include "palette.glsl"

int g_n;
float g_k;
vec4 g_ball[4]; // xyz centre, w radius

float blobs(vec3 p) {
    float d = 1e3;
    for (int i = 0; i < 4; i++) {
        if (i >= g_n) break;
        d = pv_smin(d, pv_sdSphere(p - g_ball[i].xyz, g_ball[i].w), g_k);
    }
    return d;
}

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    g_n = 2 + int(iSeed.x * 3.0);
    g_k = mix(0.1, 0.6, iSeed.y);
    // Seed hashes are hoisted out of the distance function (it runs ~200 times per pixel).
    for (int i = 0; i < 4; i++) {
        vec3 h = pv_seed3(30 + i);
        g_ball[i] = vec4((h - 0.5) * 1.6 + 0.25 * sin(iTime * (0.3 + h.zxy) + 6.0 * h), 0.35 + 0.3 * h.y);
    }
    vec3 ro = vec3(0.0, 0.0, 3.5);
    vec3 rd = normalize(vec3(uv, -1.4));
    vec3 bg = pv_hsv2rgb(vec3(iSeed.w, 0.5, 0.2 + 0.6 * uv.y + 0.3));
    vec3 col = bg;
    // Rays that miss the bounding sphere of all blobs skip the march.
    float bb = dot(ro, rd);
    float disc = bb * bb - dot(ro, ro) + 2.4 * 2.4;
    float t = disc > 0.0 ? max(-bb - sqrt(disc), 0.0) : 1e3;
    float d = 1.0;
    for (int i = 0; i < 28; i++) {
        if (t > 7.0) break;
        d = blobs(ro + rd * t);
        if (d < 0.002 || t > 7.0) break;
        t += d;
    }
    if (d < 0.01) {
        vec3 p = ro + rd * t;
        const vec2 e = vec2(0.002, -0.002);
        vec3 n = normalize(e.xyy * blobs(p + e.xyy) + e.yyx * blobs(p + e.yyx) +
                           e.yxy * blobs(p + e.yxy) + e.xxx * blobs(p + e.xxx));
        vec3 base = pv_seedpal(0.5 * n.y + 0.3 * n.x + iSeed.z, 110);
        vec3 l = normalize(vec3(0.5, 0.8, 0.6));
        float dif = max(dot(n, l), 0.0);
        float spec = pow(max(dot(reflect(rd, n), l), 0.0), 40.0);
        float fres = pow(1.0 - max(dot(-rd, n), 0.0), 3.0);
        col = base * (0.25 + 0.75 * dif) + spec + fres * bg;
    }
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
