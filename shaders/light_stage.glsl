// name: light_stage
// family: light
// author: procvision
// licence: MIT
// description: Stage lighting in haze: coloured or white spotlight cones sweeping from the rig above, bright pools where they meet the floor, gobo patterns in the pools, a backdrop from black to a lit colour wash, and a dark audience silhouette.
// params: iSeed.x spot count, iSeed.y cone width, iSeed.z hues (base, spread, saturation), iSeed.w haze density; pv_seed: backdrop and floor colours and brightness, floor height, rig height and span, sweep, audience size

#include "hash.glsl"
#include "noise.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = fragCoord / iResolution.y;
    float W = iResolution.x / iResolution.y;
    int n = 1 + int(iSeed.x * 6.99);
    float width = mix(0.05, 0.3, iSeed.y);
    float hz = mix(0.1, 0.9, iSeed.w);
    float haze = hz * (0.7 + 0.6 * pv_fbm(uv * 3.0 + vec2(0.1 * iTime, 0.0), 3));
    float floorY = mix(0.15, 0.4, pv_seed(1));
    // backdrop: a cyclorama washed in a seed colour, from unlit to bright, brighter towards one edge
    float wash = pv_seed(2);
    vec3 cyc = pv_hsv2rgb(vec3(pv_seed(3), mix(0.3, 1.0, pv_seed(4)), mix(0.01, 0.6, wash * wash)));
    float gy = clamp((uv.y - floorY) / (1.0 - floorY), 0.0, 1.0);
    vec3 col = cyc * mix(1.0, 0.25, pv_seed(5) < 0.5 ? gy : 1.0 - gy);
    // floor: a darker surface in its own hue that the wash also lights a little
    if (uv.y < floorY) col = pv_hsv2rgb(vec3(pv_seed(6), 0.4, mix(0.02, 0.2, pv_seed(7)))) + cyc * 0.2;
    // haze scatters the ambient light: lifts the whole frame by its density
    col += cyc * 0.3 * haze;
    // spot colours: a base hue with a spread, from white spots to saturated ones
    float hue0 = iSeed.z, spread = mix(0.0, 0.5, pv_seed(8)), sat = mix(0.0, 1.0, pv_seed(9));
    // the rig: height and horizontal span of the fixtures, and how far they sweep
    float rigY = mix(0.9, 1.1, pv_seed(10));
    float span = mix(0.4, 1.0, pv_seed(11)), x0 = mix(0.0, 1.0 - span, pv_seed(12));
    float sweep = mix(0.15, 0.6, pv_seed(13));
    for (int i = 0; i < 7; i++) {
        if (i >= n) break;
        vec2 src = vec2(W * (x0 + span * (float(i) + 0.5) / float(n)), rigY);
        float ang = sweep * sin(0.5 * iTime * (0.6 + 0.5 * pv_seed(20 + i)) + 6.28 * pv_seed(30 + i));
        vec2 dir = vec2(sin(ang), -cos(ang));
        vec2 d = uv - src;
        float along = dot(d, dir);
        float across = abs(d.x * dir.y - d.y * dir.x);
        vec3 hue = pv_hsv2rgb(vec3(fract(hue0 + spread * (float(i) - 3.0) / 3.0), sat * 0.8, 1.0));
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
    // audience silhouette: a row of heads (seed-sized) above a band of shoulders along the bottom
    float hs = mix(7.0, 16.0, pv_seed(14));
    float cell = floor(uv.x * hs);
    float hx = fract(uv.x * hs) - 0.5 + 0.15 * (pv_hash11(cell + 0.7) - 0.5);
    float headY = mix(0.05, 0.12, pv_seed(15)) + 0.3 * pv_hash11(cell) / hs;
    float head = length(vec2(hx, (uv.y - headY) * hs * 0.85)) - 0.3;
    if (uv.y < headY - 0.35 / hs || head < 0.0) col = vec3(0.005);
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
