// name: caustics_pool
// family: caustics
// author: procvision
// licence: MIT
// description: The floor of a swimming pool through moving water: a tiled floor with grout and lane markings, bent by refraction and laced with a bright shimmering caustic network.
// params: iSeed.x tile size, iSeed.y water depth colour, iSeed.z caustic scale, iSeed.w tile colour

#include "hash.glsl"
#include "noise.glsl"
#include "palette.glsl"

float causticLayer(vec2 p, float t) {
    p += 0.3 * vec2(pv_gnoise(p * 0.7 + t * 0.3), pv_gnoise(p * 0.7 + 4.0 - t * 0.25));
    vec4 v = pv_voronoi(p + vec2(0.0, t * 0.2), 1.0);
    return pow(clamp(1.0 - (v.y - v.x) * 2.5, 0.0, 1.0), 4.0);
}

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    float t = iTime;
    vec2 refr = 0.02 * vec2(pv_gnoise(uv * 5.0 + t * 0.5), pv_gnoise(uv * 5.0 + 7.0 + t * 0.4));
    vec2 q = uv + refr;
    float ts = mix(10.0, 28.0, iSeed.x);
    vec2 g = q * ts;
    vec2 f = abs(fract(g) - 0.5);
    float grout = smoothstep(0.44, 0.48, max(f.x, f.y));
    vec3 tile = mix(vec3(0.75, 0.9, 0.95), pv_hsv2rgb(vec3(iSeed.w, 0.35, 0.95)), step(0.6, iSeed.w));
    tile *= 0.9 + 0.1 * pv_ihash12(ivec2(floor(g)));
    float lane = step(abs(fract(q.x * 1.2 + pv_seed(1)) - 0.5), 0.04);
    tile = mix(tile, vec3(0.05, 0.1, 0.35), lane);
    vec3 col = mix(tile, tile * 0.6, grout);
    float cs = mix(3.0, 8.0, iSeed.z);
    float c = causticLayer(q * cs, t) + 0.6 * causticLayer(q * cs * 1.7 + 3.0, t * 1.3);
    vec3 water = mix(vec3(0.0, 0.5, 0.6), vec3(0.1, 0.3, 0.6), iSeed.y);
    col = col * mix(vec3(1.0), water, 0.5) + vec3(0.9, 1.0, 1.0) * c * 0.6;
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
