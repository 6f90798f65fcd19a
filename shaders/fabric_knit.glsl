// name: fabric_knit
// family: fabric
// author: procvision
// licence: MIT
// description: Stockinette knitting seen close: rows of V-shaped stitches of twisted yarn, coloured in stripes or a mirrored fair-isle motif, gently stretching.
// params: iSeed.x stitch size, iSeed.y motif kind (stripes / fair isle / solid), iSeed.z yarn colours, iSeed.w yarn fuzz

#include "hash.glsl"
#include "noise.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = fragCoord / iResolution.y;
    float n = mix(6.0, 20.0, iSeed.x);
    vec2 p = uv * vec2(n, n * 1.3);
    p.x += 0.15 * sin(p.y * 0.5 + 0.8 * iTime);
    ivec2 c = ivec2(floor(p));
    vec2 f = fract(p) - vec2(0.5, 0.5);
    // two slanted legs of the V; each leg is an ellipse along its own axis
    vec2 l = pv_rot2(-0.55) * (f - vec2(-0.22, 0.05));
    vec2 r = pv_rot2(0.55) * (f - vec2(0.22, 0.05));
    float dl = length(l / vec2(0.24, 0.62)) - 1.0;
    float dr = length(r / vec2(0.24, 0.62)) - 1.0;
    bool left = dl < dr;
    float d = min(dl, dr);
    vec2 q = left ? l : r;
    float ply = 0.5 + 0.5 * sin((q.y * 10.0 + q.x * 6.0) * 3.14159);
    float shade = clamp(1.0 - d * d, 0.0, 1.0) * (0.7 + 0.3 * ply);
    // colour per stitch: stripes, a mirrored motif, or solid
    int kind = int(iSeed.y * 2.99);
    float idx = 0.0;
    if (kind == 0) idx = floor(float(c.y) / (1.0 + floor(4.0 * pv_seed(1))));
    if (kind == 1) {
        int w = 8 + 2 * int(4.0 * pv_seed(2));
        int mx = abs((c.x % w + w) % w - w / 2);
        int my = (c.y % 9 + 9) % 9;
        idx = pv_ihash12(ivec2(mx, my) + ivec2(int(100.0 * pv_seed(3)))) < 0.4 ? 1.0 : 0.0;
        if (my == 0 || my == 8) idx = 2.0;
    }
    vec3 yarn = pv_seedpal(fract(idx * 0.37 + iSeed.z), 5);
    float fuzz = mix(0.0, 0.3, iSeed.w) * pv_vnoise(uv * 300.0);
    vec3 col = yarn * (0.25 + 0.85 * shade) + fuzz * yarn;
    col = mix(yarn * 0.12, col, smoothstep(0.15, -0.05, d));
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
