// name: light_stage
// family: light
// author: procvision
// licence: MIT
// description: Stage lighting in haze: coloured spotlight cones sweeping from the rig above, bright pools where they meet the floor, gobo patterns in the pools, and a dark audience silhouette.
// params: iSeed.x spot count, iSeed.y cone width, iSeed.z hues, iSeed.w haze density

#include "hash.glsl"
#include "noise.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = fragCoord / iResolution.y;
    float W = iResolution.x / iResolution.y;
    int n = 2 + int(iSeed.x * 4.99);
    float width = mix(0.06, 0.18, iSeed.y);
    float haze = mix(0.15, 0.5, iSeed.w) * (0.7 + 0.6 * pv_fbm(uv * 3.0 + vec2(0.1 * iTime, 0.0), 3));
    vec3 col = vec3(0.01, 0.01, 0.02);
    float floorY = 0.25;
    for (int i = 0; i < 7; i++) {
        if (i >= n) break;
        vec2 src = vec2(W * (float(i) + 0.5) / float(n), 1.02);
        float ang = 0.5 * sin(0.5 * iTime * (0.6 + 0.5 * pv_seed(10 + i)) + 6.28 * pv_seed(20 + i));
        vec2 dir = vec2(sin(ang), -cos(ang));
        vec2 d = uv - src;
        float along = dot(d, dir);
        float across = abs(d.x * dir.y - d.y * dir.x);
        vec3 hue = pv_hsv2rgb(vec3(fract(iSeed.z + 0.21 * float(i)), 0.75, 1.0));
        // beam: a cone through haze, ending at the floor
        float t = (floorY - src.y) / dir.y;
        if (along > 0.0 && along < t) {
            float cone = smoothstep(width * along, width * along * 0.7, across);
            col += hue * cone * haze * 0.5;
        }
        // pool on the floor (foreshortened ellipse) with a gobo pattern
        vec2 hit = src + dir * t;
        vec2 q = (uv - hit) / vec2(width * t, width * t * 0.35);
        float pool = smoothstep(1.0, 0.8, length(q)) * step(uv.y, floorY + 0.05);
        float gobo = 0.6 + 0.4 * step(0.0, sin(pv_atan2(q.y, q.x) * 6.0 + iTime));
        col += hue * pool * gobo * 0.7;
    }
    // audience silhouette: a row of heads along the bottom
    float hx = fract(uv.x * 9.0) - 0.5;
    float head = length(vec2(hx, (uv.y - 0.08 - 0.02 * pv_hash11(floor(uv.x * 9.0))) * 1.6)) - 0.28;
    if (uv.y < 0.06 || head < 0.0) col = vec3(0.005);
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
