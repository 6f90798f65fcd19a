// name: bokeh_discs
// family: bokeh
// author: procvision
// licence: MIT
// description: Out-of-focus highlights: overlapping polygonal aperture discs (5 to 8 blades) with brighter rims, onion-ring texture and chromatic fringe, drifting in a cluster over a blurred backdrop that ranges from night-dark to bright daylight colours.
// params: iSeed.x disc count, iSeed.y aperture blades and size, iSeed.z hue range, iSeed.w backdrop brightness; pv_seed(3) base hue, pv_seed(4) disc saturation, pv_seed(6..10) backdrop hues, saturation, gradient angle and second-colour brightness, pv_seed(5) disc layout and backdrop blobs, pv_seed2(11) cluster centre, pv_seed(12..13) cluster spread, pv_seed(2) aperture rotation, pv_seed(14) rim brightness

#include "hash.glsl"
#include "noise.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    // backdrop: a blurred scene, two seed colours along a seed direction plus soft blobs,
    // its brightness running from night to daylight
    float bgv = mix(0.03, 0.75, iSeed.w * iSeed.w);
    float bs = mix(0.2, 0.9, pv_seed(8));
    vec3 c0 = pv_hsv2rgb(vec3(pv_seed(6), bs, bgv));
    vec3 c1 = pv_hsv2rgb(vec3(pv_seed(7), bs * 0.8, bgv * mix(0.3, 1.2, pv_seed(10))));
    vec2 gd = vec2(cos(6.2831853 * pv_seed(9)), sin(6.2831853 * pv_seed(9)));
    float blob = pv_fbm(uv * 1.5 + 5.0 * pv_seed(5) + 0.05 * iTime, 3);
    vec3 col = mix(c0, c1, smoothstep(-0.6, 0.6, dot(uv, gd) + 0.6 * (blob - 0.5))) * (0.6 + 0.8 * blob);
    int n = 8 + int(iSeed.x * 14.0);
    float blades = 5.0 + floor(iSeed.y * 3.99);
    float rot = 6.28 * pv_seed(2);
    float rim = mix(0.1, 0.6, pv_seed(14));
    float size = mix(0.7, 1.8, fract(iSeed.y * 4.0));
    float hue0 = pv_seed(3);
    float dsat = mix(0.2, 0.85, pv_seed(4));
    // discs gather around a seed point with a seed spread (a cluster, a band or the whole frame)
    vec2 centre = (pv_seed2(11) - 0.5) * vec2(1.0, 0.7);
    vec2 spread = mix(vec2(0.5), vec2(1.8, 1.3), vec2(pv_seed(12), pv_seed(13)));
    // per-disc numbers from one hash of (disc, image salt): cheaper than several pv_seed calls per disc
    float salt = pv_seed(5);
    vec3 light = vec3(0.0);
    for (int i = 0; i < 22; i++) {
        if (i >= n) break;
        vec3 hA = pv_hash32(vec2(float(i), salt));
        vec2 c = centre + (hA.xy - 0.5) * spread;
        c += 0.05 * vec2(sin(0.3 * iTime + float(i)), cos(0.23 * iTime + 2.0 * float(i)));
        float r = mix(0.04, 0.2, hA.z * hA.z) * size;
        if (length(uv - c) > r + 0.01) continue;
        vec3 hB = pv_hash32(vec2(float(i) + 0.5, salt));
        vec2 q = pv_rot2(rot) * (uv - c);
        float d = pv_sdNgon(q, r, blades);
        float inside = smoothstep(0.006, -0.006, d);
        float ring = smoothstep(0.02 * r / 0.1, 0.0, -d) * inside;
        float onion = 0.93 + 0.07 * sin(length(q) / r * 25.0);
        vec3 hue = pv_hsv2rgb(vec3(fract(hue0 + iSeed.z * hB.x), dsat, 1.0));
        float bright = mix(0.2, 0.75, hB.y);
        light += hue * bright * inside * onion + hue * rim * ring * bright;
        light.r += 0.05 * smoothstep(0.01, 0.0, abs(d - 0.004)) * bright;
    }
    // discs are light added to the scene: screen-like so they still show on a bright backdrop
    light = light / (1.0 + light * 0.5);
    col = 1.0 - (1.0 - clamp(col, 0.0, 1.0)) * (1.0 - clamp(light, 0.0, 1.0));
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
