// name: fabric_crossstitch
// family: fabric
// author: procvision
// licence: MIT
// description: Cross-stitch embroidery on aida cloth: a mirrored motif built from X stitches of stranded thread in a few colours, the open weave of the cloth showing between.
// params: iSeed.x stitch size, iSeed.y motif symmetry, iSeed.z thread palette, iSeed.w cloth colour

#include "hash.glsl"
#include "noise.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = fragCoord / iResolution.y;
    float n = mix(16.0, 40.0, iSeed.x);
    vec2 p = uv * n + vec2(0.5 * iTime, 0.0);
    ivec2 c = ivec2(floor(p));
    vec2 f = fract(p) - 0.5;
    // motif: repeat of 16, mirrored in x (and y for four-fold)
    int m = 16;
    ivec2 mc = (c % m + m) % m;
    ivec2 mm = ivec2(min(mc.x, m - 1 - mc.x), iSeed.y > 0.5 ? min(mc.y, m - 1 - mc.y) : mc.y);
    float rad = length(vec2(mm) - 7.5) / 10.0;
    float hv = pv_ihash12(mm + ivec2(int(50.0 * pv_seed(1))));
    bool stitched = hv < 0.6 - 0.3 * rad;
    int colourIdx = int(3.0 * pv_ihash12(mm / 2 + ivec2(9, int(20.0 * pv_seed(2)))));
    vec3 cloth = mix(vec3(0.95, 0.93, 0.88), pv_hsv2rgb(vec3(pv_seed(3), 0.4, 0.35)), step(0.7, iSeed.w));
    // aida: woven blocks with holes at the corners
    float hole = length(abs(f) - 0.5);
    vec3 col = cloth * (0.85 + 0.15 * (0.5 + 0.5 * sin(p.x * 25.0) * sin(p.y * 25.0)));
    col *= smoothstep(0.08, 0.18, hole) * 0.6 + 0.4;
    if (stitched) {
        vec3 thread = pv_seedpal(fract(iSeed.z + 0.31 * float(colourIdx)), 6);
        float d1 = abs(f.x - f.y) * 0.7071, d2 = abs(f.x + f.y) * 0.7071;
        float w = 0.12;
        float top = smoothstep(w, w * 0.6, d2);
        float bot = smoothstep(w, w * 0.6, d1);
        float ply1 = 0.7 + 0.3 * sin((f.x + f.y) * 40.0);
        float ply2 = 0.7 + 0.3 * sin((f.x - f.y) * 40.0);
        col = mix(col, thread * ply1 * 0.85, bot);
        col = mix(col, thread * ply2, top);
    }
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
