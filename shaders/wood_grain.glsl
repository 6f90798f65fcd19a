// name: wood_grain
// family: wood
// author: procvision
// licence: MIT
// description: Sawn wood: noise-distorted growth rings around an off-image pith, with pores, knots and plank seams.
// params: iSeed.x ring spacing, iSeed.y distortion, iSeed.z wood species colour, iSeed.w plank width

#include "noise.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = fragCoord / iResolution.y;
    float pw = mix(0.15, 1.2, iSeed.w);
    float plank = floor(uv.x / pw);
    float ph = pv_hash11(plank + floor(100.0 * pv_seed(1)));
    vec2 p = uv + vec2(0.0, ph * 10.0 + 0.01 * iTime);
    // Pith far to the side, stretched along the grain: rings become long bands.
    vec2 q = (p - vec2(-0.8 - ph, 0.3)) * vec2(1.0, 0.12 + 0.2 * pv_seed(2));
    float dist = mix(0.05, 0.3, iSeed.y) * pv_gfbm(p * vec2(3.0, 0.6) + ph * 20.0, 4);
    float r = length(q) + dist;
    float rings = mix(15.0, 60.0, iSeed.x);
    float ring = fract(r * rings);
    float late = smoothstep(0.55, 0.95, ring) * (1.0 - smoothstep(0.95, 1.0, ring));
    float pores = smoothstep(0.75, 0.9, pv_vnoise(p * vec2(200.0, 20.0))) * 0.25;
    vec3 light, dark;
    int sp = int(iSeed.z * 4.0);
    if (sp == 0) { light = vec3(0.85, 0.65, 0.42); dark = vec3(0.55, 0.33, 0.18); }
    else if (sp == 1) { light = vec3(0.45, 0.25, 0.14); dark = vec3(0.22, 0.1, 0.05); }
    else if (sp == 2) { light = vec3(0.93, 0.85, 0.7); dark = vec3(0.75, 0.6, 0.42); }
    else { light = vec3(0.7, 0.35, 0.22); dark = vec3(0.4, 0.15, 0.1); }
    vec3 col = mix(light, dark, late) * (1.0 - pores) * (0.9 + 0.2 * ph);
    // Knot: a dark elliptical swirl at a hashed spot.
    vec2 kp = vec2((plank + 0.5) * pw, fract(ph * 7.0));
    float kd = length((uv - kp) * vec2(1.0, 0.6));
    col *= mix(0.45, 1.0, smoothstep(0.02, 0.07, kd) + step(0.5, fract(ph * 13.0)));
    float seam = smoothstep(0.0, 0.006, min(fract(uv.x / pw), 1.0 - fract(uv.x / pw)) * pw);
    col *= mix(0.3, 1.0, seam);
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
