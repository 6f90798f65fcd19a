// name: map_contours
// family: map
// author: procvision
// licence: MIT
// description: A topographic survey sheet: thin contour lines with heavier index contours every fifth, pale hypsometric tints and hill shading, a lake with depth lines, a grid and a dashed trail.
// params: iSeed.x contour interval, iSeed.y relief scale, iSeed.z tint style, iSeed.w water level

#include "hash.glsl"
#include "noise.glsl"
#include "sdf.glsl"
#include "palette.glsl"

float hgt(vec2 p) { return pv_fbm(p, 4) + 0.4 * pv_ridged(p * 0.5, 3); }

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    vec2 p = uv * mix(1.5, 4.0, iSeed.y) + 20.0 * pv_seed2(1) + vec2(0.04 * iTime, 0.0);
    float h = hgt(p);
    float e = 0.01;
    vec2 g = vec2(hgt(p + vec2(e, 0.0)) - h, hgt(p + vec2(0.0, e)) - h) / e;
    float interval = mix(0.035, 0.09, iSeed.x);
    float lev = h / interval;
    float fw = length(g) * interval;  // screen-independent line width in level units
    float fpx = max(length(g) * 1.2 / iResolution.y * mix(1.5, 4.0, iSeed.y) / interval, 1e-4);
    float dl = abs(fract(lev + 0.5) - 0.5);
    bool index = int(floor(lev + 0.5)) % 5 == 0;
    float lw = index ? 2.2 : 1.0;
    float line = smoothstep(lw * fpx, 0.4 * lw * fpx, dl);
    float water = mix(0.45, 0.62, iSeed.w);
    vec3 tint = iSeed.z < 0.5 ? mix(vec3(0.8, 0.88, 0.7), vec3(0.92, 0.82, 0.65), smoothstep(water, 1.1, h))
                              : vec3(0.97, 0.96, 0.92);
    float shade = clamp(0.75 + 0.25 * dot(normalize(vec3(-g, 4.0)), normalize(vec3(-1.0, 1.0, 1.0))) * 1.5, 0.0, 1.2);
    vec3 col = tint * shade;
    vec3 lineCol = vec3(0.55, 0.35, 0.2);
    if (h < water) { col = vec3(0.7, 0.85, 0.95); lineCol = vec3(0.3, 0.5, 0.8); line *= 0.6; }
    col = mix(col, lineCol, line * (fw > 0.0 ? 0.9 : 0.9));
    // grid
    vec2 gr = abs(fract(uv * 4.0 + 0.5) - 0.5) / 4.0;
    col = mix(col, vec3(0.2, 0.4, 0.7), 0.5 * smoothstep(1.0 / iResolution.y, 0.0, min(gr.x, gr.y)));
    // trail along a noise zero set, dashed
    float tr = pv_gfbm(p * 0.7 + 3.0, 3);
    float dash = step(0.5, fract(dot(uv, vec2(0.7, 0.7)) * 30.0));
    col = mix(col, vec3(0.8, 0.1, 0.1), smoothstep(0.012, 0.006, abs(tr)) * dash);
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
