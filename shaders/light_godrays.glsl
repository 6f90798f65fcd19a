// name: light_godrays
// family: light
// author: procvision
// licence: MIT
// description: Crepuscular rays: a sun behind a canopy of leaves or broken cloud, beams of light streaming out between the gaps through hazy air; the haze runs from golden and pink to blue, green or grey, the canopy from a full cover to a fringe over one side, the light from dim to bright.
// params: iSeed.x sun position, iSeed.y occluder kind (leaves / clouds), iSeed.z haze hue, iSeed.w ray strength; pv_seed(1) sun height, pv_seed(2) haze saturation, pv_seed(3) occluder scale, pv_seed(4) sky coverage, pv_seed(5..6) canopy over one side (and which) or full cover, pv_seed(7) exposure, pv_seed(8) sun glow size, pv_seed(9) sky brightness away from the sun, pv_seed(10) mist on the silhouettes

#include "hash.glsl"
#include "noise.glsl"
#include "palette.glsl"

float occluder(vec2 p, bool leaves, float th) {
    if (leaves) {
        vec4 v = pv_voronoi(p * 9.0, 1.0);
        float leaf = smoothstep(0.35, 0.25, v.x) * step(0.25, v.z);
        return max(leaf, smoothstep(th, th + 0.15, pv_fbm(p * 2.0, 3)));
    }
    return smoothstep(th, th + 0.17, pv_fbm(p * 2.5, 4));
}

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = fragCoord / iResolution.y;
    float aspect = iResolution.x / iResolution.y;
    vec2 sun = vec2(aspect * (0.1 + 0.8 * iSeed.x), mix(0.3, 0.95, pv_seed(1)));
    bool leaves = iSeed.y < 0.5;
    // occluder: its scale, how much of the sky it covers, and a seed-directed edge
    // (a canopy over one side of the frame, or a full cover)
    float zoom = mix(0.5, 1.8, pv_seed(3));
    float th = mix(0.3, 0.62, pv_seed(4));
    vec2 md = vec2(cos(6.28 * pv_seed(5)), sin(6.28 * pv_seed(5)));
    float side = pv_seed(6);
    vec2 drift = vec2(0.03 * iTime, 0.0);
    vec2 ctr = vec2(0.5 * aspect, 0.5);
    float edge = mix(1.0, smoothstep(-0.35, 0.25, dot(uv - ctr, md)), step(0.35, side));
    float occ = occluder((uv + drift) * zoom, leaves, th) * edge;
    float hue = fract(mix(-0.08, 0.7, iSeed.z));
    vec3 haze = pv_hsv2rgb(vec3(hue, mix(0.15, 0.85, pv_seed(2)), 1.0));
    // march from the pixel towards the sun, accumulating the light that leaks through
    float light = 0.0;
    float wsum = 0.0;
    // (the march samples a blurred, cheaper occluder: the beams need no leaf detail)
    for (int i = 0; i < 12; i++) {
        float t = (float(i) + pv_hash12(fragCoord)) / 12.0;
        vec2 q = mix(uv, sun, t);
        float w = 1.0 - 0.7 * t;
        float e = mix(1.0, smoothstep(-0.35, 0.25, dot(q - ctr, md)), step(0.35, side));
        light += (1.0 - smoothstep(th - 0.05, th + 0.17, pv_fbm((q + drift) * zoom * (leaves ? 2.0 : 2.5), 2)) * e) * w;
        wsum += w;
    }
    light /= wsum;
    float strength = mix(0.4, 1.2, iSeed.w);
    float expo = mix(0.65, 1.15, pv_seed(7));
    float glow = exp(-length(uv - sun) * mix(2.5, 7.0, pv_seed(8)));
    vec3 sky = mix(haze * mix(0.22, 0.65, pv_seed(9)), haze, glow);
    // silhouettes: near-black or softened by mist, tinted towards the haze
    vec3 occC = mix(vec3(0.02, 0.03, 0.02), haze * 0.45, pv_seed(10) * pv_seed(10));
    vec3 col = sky * (1.0 - occ) + occC * occ;
    col += haze * light * light * strength * (0.3 + glow);
    col *= expo;
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
