// name: map_metro
// family: map
// author: procvision
// licence: MIT
// description: A schematic transit map: coloured lines running at multiples of 45 degrees with rounded bends, white-ringed stations and interchanges, on a plain ground.
// params: iSeed.x line count, iSeed.y segment length, iSeed.z line width, iSeed.w background and palette

#include "hash.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    uv *= 1.0 + 0.1 * sin(0.3 * iTime);
    uv += 0.05 * vec2(sin(0.2 * iTime), cos(0.17 * iTime));
    int lines = 3 + int(iSeed.x * 5.0);
    float seg = mix(0.12, 0.3, iSeed.y);
    float w = mix(0.008, 0.02, iSeed.z);
    float px = 1.5 / iResolution.y;
    bool dark = iSeed.w > 0.7;
    vec3 col = dark ? vec3(0.08, 0.09, 0.11) : vec3(0.97, 0.96, 0.93);
    float stations = 1e3;
    for (int l = 0; l < 8; l++) {
        if (l >= lines) break;
        vec2 a = (pv_seed2(10 + l) - 0.5) * 1.4;
        int dir = int(8.0 * pv_seed(30 + l));
        float d = 1e3;
        for (int s = 0; s < 7; s++) {
            float turn = pv_seed(40 + 7 * l + s);
            dir += turn < 0.25 ? -1 : (turn > 0.75 ? 1 : 0);
            float an = float(dir) * 0.785398;
            float sl = seg * (0.6 + 0.8 * pv_seed(100 + 7 * l + s));
            vec2 b = a + sl * vec2(cos(an), sin(an));
            if (max(abs(b.x), abs(b.y)) > 0.55) {  // turn back at the map edge
                dir += 4;
                an = float(dir) * 0.785398;
                b = a + sl * vec2(cos(an), sin(an));
            }
            d = min(d, pv_sdSegment(uv, a, b));
            stations = min(stations, length(uv - b));
            a = b;
        }
        vec3 lc = pv_hsv2rgb(vec3(fract(pv_seed(5) + float(l) * 0.137), 0.75, dark ? 1.0 : 0.8));
        col = mix(col, dark ? col : vec3(1.0), smoothstep(w + 2.0 * px + px, w + 2.0 * px, d));
        col = mix(col, lc, smoothstep(w + px, w, d));
    }
    float sr = w * 1.6;
    col = mix(col, dark ? vec3(0.9) : vec3(0.1), smoothstep(sr + px, sr, stations));
    col = mix(col, dark ? vec3(0.1) : vec3(1.0), smoothstep(sr * 0.55 + px, sr * 0.55, stations));
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
