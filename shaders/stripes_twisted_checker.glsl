// name: stripes_twisted_checker
// family: stripes
// author: procvision
// licence: MIT
// description: Checkerboard pushed through a swirl, a fisheye bulge or a perspective floor, with seeded colour pair.
// params: iSeed.x warp kind, iSeed.y warp strength, iSeed.z checker size, iSeed.w colours

#include "hash.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    uv -= 0.3 * (pv_seed2(1) - 0.5);
    float r = length(uv);
    float s = mix(0.5, 3.0, iSeed.y);
    int kind = int(iSeed.x * 3.0);
    vec2 q;
    float fade = 1.0;
    if (kind == 0) q = pv_rot2(s * 3.0 * exp(-2.0 * r) + 0.2 * iTime) * uv;
    else if (kind == 1) q = uv * (1.0 + s * r * r) / (1.0 + s * 0.3);
    else {
        float y = max(0.55 - uv.y, 0.02);
        q = vec2(uv.x / y, 1.0 / y + 0.5 * iTime) * 0.25;
        fade = smoothstep(0.02, 0.25, y);
    }
    float n = mix(3.0, 12.0, iSeed.z);
    vec2 g = q * n;
    vec2 f = abs(fract(g) - 0.5);
    float checker = mod(floor(g.x) + floor(g.y), 2.0);
    float edge = 0.5 - max(f.x, f.y);
    float px = fwidth(g.x) + fwidth(g.y) + 1e-4;
    float aa = smoothstep(0.0, px, edge);
    vec3 c0 = pv_duotone(0.0, 20), c1 = pv_duotone(1.0, 20);
    vec3 col = mix(mix(c1, c0, checker), 0.5 * (c0 + c1), 1.0 - aa * fade);
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
