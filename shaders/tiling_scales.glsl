// name: tiling_scales
// family: tiling
// author: procvision
// licence: MIT
// description: Overlapping fish / dragon scales in offset rows, each shaded from its rim with a highlight, iridescent or flat colours.
// params: iSeed.x scale size, iSeed.y colour variation per scale, iSeed.z palette, iSeed.w rim darkness

#include "hash.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = fragCoord / iResolution.y;
    float n = mix(4.0, 12.0, iSeed.x);
    vec2 p = uv * n + floor(20.0 * pv_seed2(1)) + vec2(0.0, 0.1 * iTime);
    vec3 col = vec3(0.0);
    float found = 0.0;
    // Rows are drawn bottom-up so each scale covers the lower half of the row below;
    // a pixel is owned by the highest row whose disc contains it.
    for (int r = 1; r >= -1; r--) {
        if (found > 0.5) break;
        float row = floor(p.y) + float(r);
        float xo = 0.5 * mod(row, 2.0);
        for (int k = 0; k <= 1; k++) {
            float cx = floor(p.x - xo) + float(k) + xo;
            vec2 cen = vec2(cx, row);
            vec2 d = p - cen;
            float dist = length(d);
            if (dist < 0.72 && d.y < 0.15 && found < 0.5) {
                found = 1.0;
                float h = pv_hash12(cen * 1.37 + 3.0);
                vec3 base = pv_seedpal(iSeed.z + iSeed.y * h + 0.3 * d.x, 60);
                float rim = smoothstep(0.72, 0.55, dist);
                float hl = exp(-12.0 * dot(d - vec2(-0.15, -0.3), d - vec2(-0.15, -0.3)));
                col = base * mix(1.0 - iSeed.w * 0.85, 1.0, rim) * (0.75 + 0.35 * (-d.y)) + 0.35 * hl;
            }
        }
    }
    if (found < 0.5) col = pv_seedpal(iSeed.z, 60) * 0.2;
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
