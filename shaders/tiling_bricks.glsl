// name: tiling_bricks
// family: tiling
// author: procvision
// licence: MIT
// description: Brick or tile wall with mortar joints, running or stacked bond, per-brick colour and weathering noise.
// params: iSeed.x brick size, iSeed.y aspect ratio, iSeed.z bond (running, stack, basket), iSeed.w material colour

#include "noise.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = fragCoord / iResolution.y;
    float ang = (pv_seed(1) < 0.3) ? 0.7854 : 0.0;
    uv = mat2(cos(ang), sin(ang), -sin(ang), cos(ang)) * uv;
    float rows = mix(4.0, 14.0, iSeed.x);
    float aspect = mix(1.0, 3.5, iSeed.y);
    vec2 p = uv * rows * vec2(1.0 / aspect, 1.0) + vec2(0.02 * iTime, 0.0) + floor(20.0 * pv_seed2(2));
    int bond = int(iSeed.z * 3.0);
    float row = floor(p.y);
    if (bond == 0) p.x += 0.5 * mod(row, 2.0);
    vec2 cell = floor(p);
    vec2 f = fract(p);
    if (bond == 2) {
        // Basket weave: alternate horizontal / vertical pairs in a checker of 2x2 blocks.
        vec2 blk = floor(p * vec2(1.0, 0.5));
        if (mod(blk.x + blk.y, 2.0) > 0.5) { f = fract(p.yx * vec2(0.5, 2.0)); cell = floor(p.yx * vec2(0.5, 2.0)) + 100.0; }
    }
    float mortar = mix(0.03, 0.12, pv_seed(3));
    vec2 e = min(f, 1.0 - f) * vec2(aspect, 1.0);
    float edge = min(e.x, e.y);
    float r = pv_hash12(cell);
    vec3 base = pv_stylepal(0.2 * r + 0.5 * pv_seed(4), iSeed.w, 5);
    base *= 0.8 + 0.4 * pv_fbm(p * vec2(aspect, 1.0) * 3.0, 4);
    float bev = smoothstep(mortar, mortar + 0.08, edge);
    vec3 mortarCol = vec3(0.75, 0.72, 0.68) * (0.6 + 0.4 * pv_seed(6));
    vec3 col = mix(mortarCol * (0.7 + 0.3 * pv_vnoise(p * 20.0)), base * (0.7 + 0.3 * bev), smoothstep(mortar - 0.01, mortar + 0.01, edge));
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
