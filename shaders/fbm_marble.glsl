// name: fbm_marble
// family: fbm
// author: procvision
// licence: MIT
// description: Polished marble slab: turbulent sine veins over gradient-noise fbm, in seeded stone colours.
// params: iSeed.x vein direction, iSeed.y vein frequency, iSeed.z turbulence, iSeed.w stone colour

#include "noise.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = fragCoord / iResolution.y;
    vec2 p = uv * 3.0 + 50.0 * pv_seed2(2) + 0.02 * iTime;
    float ang = 3.14159265 * iSeed.x;
    vec2 dir = vec2(cos(ang), sin(ang));
    float freq = mix(2.0, 9.0, iSeed.y);
    float turb = mix(1.5, 7.0, iSeed.z);
    float n = pv_gfbm(p, 5);
    float n2 = pv_gfbm(p * 2.3 + 4.0, 3);
    float cloud = pv_fbm(p * 0.8 + 9.0, 3);
    float v = sin(freq * dot(p, dir) + turb * n * 3.0);
    float vein = pow(1.0 - abs(v), mix(1.5, 7.0, pv_seed(3)));
    float vein2 = pow(1.0 - abs(sin(freq * 2.7 * dot(p, dir.yx) + turb * n2 * 4.0)), 12.0);

    float hue = iSeed.w;
    vec3 base = pv_hsv2rgb(vec3(hue, 0.15 + 0.5 * pv_seed(4), mix(0.2, 0.95, step(0.3, pv_seed(5)))));
    vec3 veinc = pv_hsv2rgb(vec3(fract(hue + 0.5 * pv_seed(6)), 0.5, 1.0 - base.g));
    vec3 base2 = pv_hsv2rgb(vec3(fract(hue + 0.1), 0.3, 0.5 * base.b + 0.3));
    vec3 col = mix(base, base2, smoothstep(0.35, 0.75, cloud)) * (0.85 + 0.3 * n2);
    col = mix(col, veinc, clamp(vein * 0.9 + vein2 * 0.5, 0.0, 1.0));
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
