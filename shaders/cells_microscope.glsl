// name: cells_microscope
// family: cells
// author: procvision
// licence: MIT
// description: Stained cells under a microscope: round cells of varied size with granular cytoplasm, dark nuclei and nucleoli, scattered and drifting in bright-field or fluorescence.
// params: iSeed.x cell size, iSeed.y density, iSeed.z stain (H&E, fluorescence, phase), iSeed.w nucleus size

#include "hash.glsl"
#include "noise.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    float sc = mix(3.0, 9.0, iSeed.x);
    vec2 p = uv * sc + vec2(0.05 * iTime, 0.03 * iTime);
    ivec2 ip = ivec2(floor(p));
    float cellM = 0.0, nucM = 0.0, nucl = 0.0, memb = 0.0;
    float dens = mix(0.3, 0.9, iSeed.y);
    float nr = mix(0.3, 0.55, iSeed.w);
    for (int j = -1; j <= 1; j++) {
        for (int i = -1; i <= 1; i++) {
            ivec2 c = ip + ivec2(i, j);
            if (pv_ihash12(c + ivec2(5, 5)) > dens) continue;
            vec2 h = pv_ihash22(c);
            vec2 ctr = vec2(c) + 0.2 + 0.6 * h;
            float r = mix(0.25, 0.5, pv_ihash12(c + ivec2(9, 1)));
            vec2 d = p - ctr;
            float wob = 1.0 + 0.08 * sin(5.0 * pv_atan2(d.y, d.x) + 6.28 * h.x + iTime);
            float l = length(d) / (r * wob);
            if (l < 1.0) {
                cellM = max(cellM, 1.0);
                memb = max(memb, smoothstep(0.8, 1.0, l));
                vec2 no = 0.25 * r * (pv_ihash22(c + ivec2(3, 3)) - 0.5);
                float ln = length(d - no) / (r * nr);
                nucM = max(nucM, smoothstep(1.0, 0.9, ln));
                nucl = max(nucl, smoothstep(0.25, 0.15, length(d - no - 0.1 * r) / (r * nr)));
            }
        }
    }
    float grain = pv_vnoise(p * 12.0);
    int stain = int(iSeed.z * 2.99);
    vec3 col;
    if (stain == 0) {
        vec3 bg = vec3(0.96, 0.93, 0.95);
        vec3 cyto = mix(vec3(0.95, 0.6, 0.75), vec3(0.85, 0.45, 0.65), grain);
        col = mix(bg, cyto, cellM * 0.8);
        col = mix(col, vec3(0.35, 0.2, 0.55), nucM);
        col = mix(col, vec3(0.15, 0.05, 0.3), nucl);
    } else if (stain == 1) {
        col = vec3(0.0);
        col += vec3(0.1, 0.8, 0.3) * cellM * (0.2 + 0.5 * grain) * (0.5 + memb);
        col += vec3(0.2, 0.35, 1.0) * nucM * (0.7 + 0.3 * grain);
        col += vec3(1.0, 0.3, 0.3) * nucl;
    } else {
        col = vec3(0.55) + 0.05 * grain;
        col += 0.35 * memb - 0.15 * cellM * (1.0 - memb) - 0.1 * nucM + 0.2 * nucl;
    }
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
