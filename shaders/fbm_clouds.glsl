// name: fbm_clouds
// family: fbm
// author: procvision
// licence: MIT
// description: Soft sky with layered fbm clouds lit from a seeded sun, from midday blue to sunset.
// params: iSeed.x cloud coverage, iSeed.y cloud scale, iSeed.z time of day, iSeed.w wind direction

#include "noise.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = fragCoord / iResolution.xy;
    float day = iSeed.z;
    vec3 zenith = mix(vec3(0.1, 0.05, 0.3), vec3(0.15, 0.4, 0.85), smoothstep(0.2, 0.7, day));
    vec3 horizon = mix(vec3(1.0, 0.45, 0.15), vec3(0.7, 0.85, 1.0), smoothstep(0.3, 0.8, day));
    vec3 sky = mix(horizon, zenith, pow(uv.y, 0.7));

    float wa = 6.2831853 * iSeed.w;
    vec2 wind = vec2(cos(wa), sin(wa)) * 0.05 * iTime;
    // Perspective-ish squash: clouds get smaller towards the horizon.
    vec2 p = vec2(uv.x - 0.5, 1.0) / (0.3 + uv.y) * mix(1.0, 4.0, iSeed.y);
    p += wind + 30.0 * pv_seed2(1);
    float cover = mix(0.35, 0.7, iSeed.x);
    float d = pv_fbm(p, 6);
    float d2 = pv_fbm(p + vec2(0.08, 0.05), 6);
    float dens = smoothstep(1.0 - cover, 1.0 - cover + 0.3, d);
    float lit = clamp(0.6 + 3.0 * (d - d2), 0.0, 1.0);
    vec3 cloud = mix(horizon * 0.5 + 0.2, vec3(1.0, 0.97, 0.92), lit);
    vec3 col = mix(sky, cloud, dens);
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
