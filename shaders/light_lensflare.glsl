// name: light_lensflare
// family: light
// author: procvision
// licence: MIT
// description: A lens flare over a sky scene (night, dusk, hazy or bright day above a dark land silhouette): a bright source with veiling glare, a starburst and anamorphic streak, a chain of polygonal ghosts and a rainbow halo along the line through the image centre.
// params: iSeed.x source position, iSeed.y ghost count, shape and size, iSeed.z tint, iSeed.w streak length and glare; pv_seed: sky hues and brightness, land height, source distance, spikes, halo radius, exposure

#include "hash.glsl"
#include "noise.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    float a0 = 6.28 * iSeed.x + 0.3 * iTime;
    vec2 src = vec2(cos(a0), sin(a0)) * mix(0.05, 0.45, pv_seed(1));
    // the scene behind the lens: a sky gradient whose brightness and hues are seed-driven, over dark land
    float day = pv_seed(5);
    vec3 zen = pv_hsv2rgb(vec3(mix(0.5, 0.75, pv_seed(6)), mix(0.2, 0.8, pv_seed(7)), mix(0.02, 0.55, day * day)));
    // horizon hue: warm (dusk, sodium haze) or cool (day, moonlight), continuous within each
    float hh = pv_seed(8);
    hh = hh < 0.5 ? mix(-0.08, 0.15, 2.0 * hh) : mix(0.48, 0.7, 2.0 * hh - 1.0);
    vec3 hor = pv_hsv2rgb(vec3(fract(hh), mix(0.1, 0.7, pv_seed(9)), mix(0.05, 0.85, day)));
    float landY = mix(-0.55, -0.05, pv_seed(10));
    vec3 col = mix(hor, zen, smoothstep(landY, 0.5, uv.y)) * 0.5;
    float land = landY + 0.05 * pv_fbm(vec2(uv.x * 5.0 + 10.0 * pv_seed(11), 0.0), 3);
    if (uv.y < land) col = hor * 0.06;
    vec2 d = uv - src;
    float r = length(d);
    float ang = pv_atan2(d.y, d.x);
    vec3 tint = pv_hsv2rgb(vec3(iSeed.z, mix(0.1, 0.8, pv_seed(12)), 1.0));
    // veiling glare: a wide soft glow around the source that lifts a large part of the frame
    col += tint * mix(0.1, 0.8, iSeed.w) * exp(-r * mix(2.0, 6.0, pv_seed(13)));
    float spikes = floor(4.0 + 6.0 * pv_seed(2));
    float burst = pow(abs(cos(ang * spikes * 0.5 + pv_seed(14) * 3.14)), 40.0) * exp(-r * 6.0);
    col += tint * (0.02 / (r + 0.02) + burst * 0.8);
    float streak = exp(-abs(d.y) * 150.0) * exp(-abs(d.x) * mix(6.0, 1.0, iSeed.w));
    col += mix(vec3(0.4, 0.6, 1.0), tint, pv_seed(15)) * streak * 0.8;
    // rainbow halo
    float hr = mix(0.2, 0.5, pv_seed(3));
    float halo = exp(-pow((r - hr) * 30.0, 2.0));
    col += pv_hsv2rgb(vec3(fract((r - hr) * 12.0), 0.8, 1.0)) * halo * 0.15;
    int n = 3 + int(iSeed.y * 6.0);
    float blades = 5.0 + floor(pv_seed(4) * 3.0);
    float gsize = mix(0.7, 1.8, iSeed.y);
    for (int i = 0; i < 9; i++) {
        if (i >= n) break;
        float t = mix(-1.6, 0.8, pv_seed(20 + i));
        vec2 c = src * t;  // ghosts sit on the line through the centre
        float gr = mix(0.02, 0.12, pv_seed(40 + i)) * gsize;
        float gd = pv_sdNgon(uv - c, gr, blades);
        vec3 gc = pv_hsv2rgb(vec3(fract(iSeed.z + 0.3 * pv_seed(60 + i)), 0.6, 1.0));
        col += gc * (0.12 * smoothstep(0.01, -0.01, gd) + 0.1 * smoothstep(0.006, 0.0, abs(gd)));
    }
    col = 1.0 - exp(-col * mix(1.0, 2.5, pv_seed(16)));
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
