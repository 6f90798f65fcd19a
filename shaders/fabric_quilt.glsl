// name: fabric_quilt
// family: fabric
// author: procvision
// licence: MIT
// description: Patchwork quilt: square blocks of printed fabrics (half-square triangles, stripes, dots, checks), puffed by the batting and joined by dashed quilting stitches.
// params: iSeed.x block size, iSeed.y fabric palette, iSeed.z print scale, iSeed.w layout (random or pinwheel)

#include "hash.glsl"
#include "noise.glsl"
#include "sdf.glsl"
#include "palette.glsl"

vec3 fabric(int k, vec2 f, float scale, float salt) {
    vec3 a = pv_seedpal(fract(salt), 3), b = pv_seedpal(fract(salt + 0.45), 3);
    if (k == 0) return mix(a, b, step(0.5, fract((f.x + f.y) * scale)));
    if (k == 1) return mix(a, b, smoothstep(0.3, 0.25, length(fract(f * scale) - 0.5)));
    if (k == 2) { vec2 g = floor(f * scale); return mix(a, b, mod(g.x + g.y, 2.0)); }
    return mix(a, b, 0.3 + 0.4 * pv_vnoise(f * scale * 2.0));
}

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    float n = mix(2.0, 6.0, iSeed.x);
    vec2 p = fragCoord / iResolution.y * n + vec2(0.1 * iTime, 0.0);  // blocks per image height
    ivec2 c = ivec2(floor(p));
    vec2 f = fract(p);
    float scale = mix(3.0, 10.0, iSeed.z);
    bool pin = iSeed.w > 0.5;
    // half-square triangle: diagonal orientation per block (pinwheel uses parity)
    float h = pv_ihash12(c);
    bool flip = pin ? ((c.x + c.y) & 1) == 0 : h < 0.5;
    float diag = flip ? f.x - f.y : f.x + f.y - 1.0;
    int ka = int(4.0 * pv_ihash12(c + ivec2(7, 1)));
    int kb = int(4.0 * pv_ihash12(c + ivec2(3, 9)));
    float sa = pv_ihash12(c + ivec2(11, 2)) * iSeed.y;
    float sb = pv_ihash12(c + ivec2(5, 13)) * iSeed.y + 0.5;
    bool hst = pv_ihash12(c + ivec2(21, 4)) < 0.7;
    vec3 col = (hst && diag > 0.0) ? fabric(kb, f, scale, sb) : fabric(ka, f, scale, sa);
    // puffed batting: dark towards the stitched edges and along the diagonal seam
    float edge = min(min(f.x, 1.0 - f.x), min(f.y, 1.0 - f.y));
    float seamd = hst ? min(edge, abs(diag) * 0.7071) : edge;
    col *= 0.55 + 0.45 * smoothstep(0.0, 0.15, seamd);
    float stitch = smoothstep(0.012, 0.0, abs(seamd - 0.04)) * step(0.5, fract(dot(f, vec2(1.0)) * 12.0 + (abs(f.x - 0.5) > abs(f.y - 0.5) ? f.y : f.x) * 8.0));
    col = mix(col, vec3(0.95, 0.93, 0.85), stitch * 0.8);
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
