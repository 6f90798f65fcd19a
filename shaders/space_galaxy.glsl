// name: space_galaxy
// family: space
// author: procvision
// licence: MIT
// description: A spiral galaxy seen at an angle: logarithmic spiral arms of blue stars and pink nebulae, dark dust lanes, a yellow bulge, and foreground stars.
// params: iSeed.x arm count, iSeed.y arm winding, iSeed.z inclination, iSeed.w dust strength

#include "hash.glsl"
#include "noise.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    vec2 p = pv_rot2(6.28 * pv_seed(1)) * uv;
    p.y /= mix(1.0, 0.35, iSeed.z);
    float r = length(p) + 1e-4;
    float a = pv_atan2(p.y, p.x);
    float arms = 2.0 + floor(iSeed.x * 3.0);
    float wind = mix(2.0, 6.0, iSeed.y);
    float spiral = a * arms - wind * log(r) * arms * 0.5 + 0.15 * iTime;
    float arm = pow(0.5 + 0.5 * cos(spiral), 3.0);
    float disc = exp(-r * 4.0);
    float clumps = pv_fbm(vec2(spiral * 0.6, r * 20.0), 4);
    float dust = smoothstep(0.4, 0.9, pow(0.5 + 0.5 * cos(spiral + 0.6), 4.0) * pv_fbm(p * 12.0, 4) * 2.0) * iSeed.w;
    vec3 col = vec3(0.0);
    col += vec3(0.55, 0.65, 1.0) * arm * disc * (0.5 + clumps) * 1.6;
    col += vec3(1.0, 0.4, 0.6) * arm * disc * smoothstep(0.6, 0.8, clumps) * 1.5;
    col += vec3(1.0, 0.85, 0.6) * exp(-r * 18.0) * 1.5;
    col *= 1.0 - 0.8 * dust * disc * 3.0;
    vec2 sp = uv * 60.0;
    float star = step(0.985, pv_hash12(floor(sp))) * smoothstep(0.3, 0.0, length(fract(sp) - 0.5));
    col += star * 0.8;
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
