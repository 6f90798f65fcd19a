// name: rings_concentric
// family: rings
// author: procvision
// licence: MIT
// description: Concentric rings of varying width around one or two centres (target, tree rings, ripple bullseye), hashed ring colours.
// params: iSeed.x ring count, iSeed.y centre placement, iSeed.z wobble, iSeed.w palette

#include "noise.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    vec2 c1 = (pv_seed2(1) - 0.5) * mix(0.2, 1.4, iSeed.y);
    vec2 c2 = (pv_seed2(2) - 0.5) * 1.4;
    float r1 = length(uv - c1), r2 = length(uv - c2);
    bool two = pv_seed(3) < 0.35;
    float r = two ? min(r1, r2) : r1;
    float wob = iSeed.z * 0.08 * pv_gnoise(uv * 5.0 + 10.0 * pv_seed(4));
    float a = atan(uv.y - c1.y, uv.x - c1.x + 1e-9);
    wob += iSeed.z * 0.02 * sin(a * floor(3.0 + 6.0 * pv_seed(5)));
    float n = mix(5.0, 22.0, iSeed.x);
    float x = (r + wob) * n - 0.3 * iTime;
    float ring = floor(x);
    float f = fract(x);
    float h = pv_hash11(ring + floor(100.0 * pv_seed(6)));
    vec3 col = pv_seedpal(0.15 * ring * pv_seed(7) + 0.5 * h + iSeed.w, 80);
    float edge = min(f, 1.0 - f);
    float px = n * 1.5 / iResolution.y;
    col *= mix(0.35, 1.0, smoothstep(0.0, px, edge));
    if (pv_seed(8) < 0.3) col *= 0.6 + 0.4 * sin(6.28 * f);
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
