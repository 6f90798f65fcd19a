// name: terrain_canyon
// family: terrain
// author: procvision
// licence: MIT
// description: Eroded canyon country from above: dendritic valleys cut into a plateau, rock strata banding the slopes, a river thread or a flooded reservoir at the valley floors, sun shading from low and raking to high noon; rocks from red sandstone and ochre to white limestone, grey granite, dark basalt and banded pastel clays, plateaus bare, grassy or snow-capped.
// params: iSeed.x valley scale (zoom), iSeed.y strata hue shift, iSeed.z incision depth (plateau share), iSeed.w sun azimuth; pv_seed2(1) map offset, pv_seed(3) rock kind, pv_seed(4) water level (thread to reservoir), pv_seed(5) sun elevation, pv_seed(6) plateau cover (bare, grass, snow), pv_seed(7) water colour, pv_seed(8) valley orientation, pv_seed(9) valley stretch, pv_seed(10) exposure

#include "hash.glsl"
#include "noise.glsl"
#include "sdf.glsl"
#include "palette.glsl"

float height(vec2 p, float incise) {
    // valleys are the creases of ridged noise turned upside down
    float r = pv_ridged(p, 5);
    return 1.0 - incise * r + 0.2 * pv_fbm(p * 0.5, 3);
}

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    float sc = mix(0.9, 4.5, iSeed.x);
    // valleys run along a seed direction when stretched
    mat2 R = pv_rot2(3.14159 * pv_seed(8));
    vec2 st = R * uv;
    st.x *= mix(1.0, 0.45, pv_seed(9));
    vec2 p = st * sc + 10.0 * pv_seed2(1) + vec2(0.03 * iTime, 0.0);
    float incise = mix(0.5, 1.25, iSeed.z);
    float h = height(p, incise);
    float e = 0.004 * sc;
    float hx = height(p + vec2(e, 0.0), incise), hy = height(p + vec2(0.0, e), incise);
    vec3 n = normalize(vec3(-(hx - h) / e, -(hy - h) / e, 2.0));
    float sa = 6.28 * iSeed.w + 0.2 * iTime;
    float el = mix(0.25, 2.5, pv_seed(5));
    float sun = clamp(dot(n, normalize(vec3(cos(sa), sin(sa), el))), 0.0, 1.0);
    float strata = fract(h * 9.0 + 0.3 * pv_gnoise(p * 2.0));
    // rock kind: each a cosine ramp with its own base, contrast and hue spread
    int kind = pv_seed_int(3, 0, 5);
    float t = strata * 0.5 + iSeed.y;
    vec3 rock;
    if (kind == 0) rock = pv_cospal(t, vec3(0.6, 0.35, 0.2), vec3(0.25, 0.15, 0.1), vec3(1.0, 0.8, 0.7), vec3(0.0, 0.15, 0.25));      // red sandstone
    else if (kind == 1) rock = pv_cospal(t, vec3(0.85, 0.82, 0.75), vec3(0.1, 0.1, 0.12), vec3(1.0), vec3(0.1, 0.15, 0.25));         // white limestone
    else if (kind == 2) rock = pv_cospal(t, vec3(0.42, 0.43, 0.46), vec3(0.12, 0.12, 0.1), vec3(1.0), vec3(0.0, 0.05, 0.1));           // grey granite
    else if (kind == 3) rock = pv_cospal(t, vec3(0.22, 0.2, 0.2), vec3(0.08, 0.08, 0.07), vec3(1.0), vec3(0.0, 0.1, 0.2));           // dark basalt
    else if (kind == 4) rock = pv_cospal(t, vec3(0.6, 0.45, 0.55), vec3(0.25, 0.2, 0.2), vec3(1.0, 0.8, 0.6), vec3(0.0, 0.3, 0.5));   // banded clays
    else rock = pv_cospal(t, vec3(0.8, 0.62, 0.35), vec3(0.15, 0.15, 0.12), vec3(1.0, 0.9, 0.8), vec3(0.0, 0.1, 0.2));              // golden desert
    float amb = mix(0.2, 0.45, pv_seed(10));
    vec3 col = rock * (amb + mix(0.6, 1.0, pv_seed(10)) * sun);
    // plateau cover
    float cov = pv_seed(6);
    vec3 top = cov < 0.6 ? rock * 1.2 + 0.1 : (cov < 0.8 ? vec3(0.35, 0.5, 0.2) : vec3(0.95, 0.96, 1.0));
    float plateau = cov < 0.6 ? smoothstep(0.55, 0.65, h) * 0.5 : smoothstep(0.68, 0.75, h) * 0.85;
    col = mix(col, top * (0.4 + 0.7 * sun), plateau);
    // valley water: a thread, or a reservoir filled up to a seed level
    float lvl = mix(0.15, 0.5, pv_seed(4) * pv_seed(4));
    float wh = pv_seed(7);
    vec3 water = wh < 0.4 ? vec3(0.15, 0.5, 0.55) : (wh < 0.7 ? vec3(0.1, 0.2, 0.4) : vec3(0.45, 0.38, 0.25));
    float wn = pv_vnoise(p * 20.0 + vec2(0.0, 0.5 * iTime));
    float river = smoothstep(lvl, lvl - 0.08, h + 0.1 * wn);
    col = mix(col, water * (0.9 + 0.2 * wn) * (0.7 + 0.5 * el / 2.5), river);
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
