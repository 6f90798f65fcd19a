// name: terrain_canyon
// family: terrain
// author: procvision
// licence: MIT
// description: Eroded canyon country from above: dendritic valleys cut into a plateau, rock strata banding the slopes in reds and ochres, a river thread at the valley floors, low sun shading.
// params: iSeed.x valley scale, iSeed.y strata colours, iSeed.z incision depth, iSeed.w sun angle

#include "hash.glsl"
#include "noise.glsl"
#include "palette.glsl"

float height(vec2 p, float incise) {
    // valleys are the creases of ridged noise turned upside down
    float r = pv_ridged(p, 5);
    return 1.0 - incise * r + 0.2 * pv_fbm(p * 0.5, 3);
}

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    float sc = mix(1.5, 4.0, iSeed.x);
    vec2 p = uv * sc + 10.0 * pv_seed2(1) + vec2(0.03 * iTime, 0.0);
    float incise = mix(0.6, 1.2, iSeed.z);
    float h = height(p, incise);
    float e = 0.004 * sc;
    float hx = height(p + vec2(e, 0.0), incise), hy = height(p + vec2(0.0, e), incise);
    vec3 n = normalize(vec3(-(hx - h) / e, -(hy - h) / e, 2.0));
    float sa = 6.28 * iSeed.w + 0.2 * iTime;
    float sun = clamp(dot(n, normalize(vec3(cos(sa), sin(sa), 0.7))), 0.0, 1.0);
    float strata = fract(h * 9.0 + 0.3 * pv_gnoise(p * 2.0));
    vec3 rock = pv_cospal(strata * 0.5 + iSeed.y, vec3(0.6, 0.35, 0.2), vec3(0.25, 0.15, 0.1), vec3(1.0, 0.8, 0.7), vec3(0.0, 0.15, 0.25));
    vec3 col = rock * (0.3 + 0.9 * sun);
    float plateau = smoothstep(0.55, 0.65, h);
    col = mix(col, vec3(0.75, 0.6, 0.4) * (0.6 + 0.4 * sun), plateau * 0.5);
    float river = smoothstep(0.2, 0.1, h + 0.1 * pv_vnoise(p * 20.0));
    col = mix(col, vec3(0.2, 0.4, 0.35), river);
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
