// name: crystal_geode
// family: crystal
// author: procvision
// licence: MIT
// description: A sliced geode: banded agate rim around a cavity lined with faceted crystals that shrink towards the hollow centre, lit by a moving light.
// params: iSeed.x crystal colour, iSeed.y rim thickness, iSeed.z outline noise, iSeed.w facet size

#include "hash.glsl"
#include "noise.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    uv *= mix(0.9, 1.3, pv_seed(1));
    float r = length(uv * vec2(1.0, mix(0.8, 1.2, pv_seed(2))));
    float rn = r + mix(0.02, 0.12, iSeed.z) * pv_gfbm(uv * 3.0 + 7.0 * pv_seed2(3), 4);
    float R = 0.45;
    float rim = mix(0.05, 0.16, iSeed.y);
    vec3 hue = pv_hsv2rgb(vec3(iSeed.x, mix(0.3, 0.8, pv_seed(4)), 1.0));
    vec3 col = vec3(0.12, 0.1, 0.09) * (0.7 + 0.5 * pv_fbm(uv * 20.0, 3));  // host rock
    if (rn < R) {
        float bands = fract((R - rn) / rim * 5.0);
        vec3 agate = mix(vec3(0.85, 0.85, 0.9), hue * 0.7, 0.5 + 0.5 * sin(rn * 120.0));
        agate *= 0.7 + 0.3 * smoothstep(0.0, 0.2, bands);
        col = agate;
        if (rn < R - rim) {
            float depth = (R - rim - rn) / (R - rim);
            float sc = mix(8.0, 20.0, iSeed.w) * (1.0 + 1.5 * depth);
            vec4 v = pv_voronoi_edge(uv * sc, 0.9);
            vec2 nrm = normalize(pv_ihash22(ivec2(floor(v.y * 9e3), 7)) - 0.5 + 1e-4);
            vec2 light = vec2(cos(0.6 * iTime), sin(0.6 * iTime));
            float facet = 0.5 + 0.5 * dot(nrm, light);
            vec3 cr = hue * mix(0.35, 1.1, facet) + pow(facet, 12.0) * 0.6;
            cr = mix(cr, cr * 0.4, smoothstep(0.06, 0.0, v.x));
            cr *= 1.0 - 0.85 * smoothstep(0.55, 0.95, depth);  // dark hollow
            col = cr;
        }
    }
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
