// name: light_lensflare
// family: light
// author: procvision
// licence: MIT
// description: A lens flare: a bright source with a starburst and anamorphic streak, a chain of polygonal ghosts and a rainbow halo along the line through the image centre.
// params: iSeed.x source position, iSeed.y ghost count and shape, iSeed.z tint, iSeed.w streak length

#include "hash.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    float a0 = 6.28 * iSeed.x + 0.3 * iTime;
    vec2 src = vec2(cos(a0), sin(a0)) * (0.2 + 0.2 * pv_seed(1));
    vec3 col = mix(vec3(0.01, 0.01, 0.03), pv_seedpal(uv.y + 0.5, 2) * 0.15, 0.5);
    vec2 d = uv - src;
    float r = length(d);
    float ang = pv_atan2(d.y, d.x);
    vec3 tint = pv_hsv2rgb(vec3(iSeed.z, 0.4, 1.0));
    float spikes = floor(4.0 + 6.0 * pv_seed(2));
    float burst = pow(abs(cos(ang * spikes * 0.5)), 40.0) * exp(-r * 6.0);
    col += tint * (0.02 / (r + 0.02) + burst * 0.8);
    float streak = exp(-abs(d.y) * 150.0) * exp(-abs(d.x) * mix(6.0, 1.0, iSeed.w));
    col += vec3(0.4, 0.6, 1.0) * streak * 0.8;
    // rainbow halo
    float hr = 0.35 + 0.1 * pv_seed(3);
    float halo = exp(-pow((r - hr) * 30.0, 2.0));
    col += pv_hsv2rgb(vec3(fract((r - hr) * 12.0), 0.8, 1.0)) * halo * 0.15;
    int n = 3 + int(iSeed.y * 6.0);
    float blades = 5.0 + floor(pv_seed(4) * 3.0);
    for (int i = 0; i < 9; i++) {
        if (i >= n) break;
        float t = mix(-1.6, 0.8, pv_seed(10 + i));
        vec2 c = src * t;  // ghosts sit on the line through the centre
        float gr = mix(0.02, 0.12, pv_seed(30 + i));
        float gd = pv_sdNgon(uv - c, gr, blades);
        vec3 gc = pv_hsv2rgb(vec3(fract(iSeed.z + 0.3 * pv_seed(50 + i)), 0.6, 1.0));
        col += gc * (0.12 * smoothstep(0.01, -0.01, gd) + 0.1 * smoothstep(0.006, 0.0, abs(gd)));
    }
    col = 1.0 - exp(-col * 1.5);
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
