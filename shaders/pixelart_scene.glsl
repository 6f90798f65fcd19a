// name: pixelart_scene
// family: pixelart
// author: procvision
// licence: MIT
// description: A pixel-art side-scroller backdrop: banded sky, a blocky sun or moon, parallax ranges of stepped mountains and hills, pixel trees, and a tiled ground strip.
// params: iSeed.x pixel size, iSeed.y time of day palette, iSeed.z mountain height, iSeed.w tree density

#include "hash.glsl"
#include "noise.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    float ps = floor(mix(2.0, 6.0, iSeed.x)) * iResolution.y / 128.0;
    vec2 cell = floor(fragCoord / max(ps, 1.0));
    float H = floor(iResolution.y / max(ps, 1.0));
    vec2 uv = cell / H;
    float tod = iSeed.y;
    vec3 skyTop = pv_cospal(tod, vec3(0.3, 0.35, 0.5), vec3(0.3, 0.3, 0.3), vec3(1.0), vec3(0.6, 0.55, 0.5));
    vec3 skyBot = pv_cospal(tod + 0.25, vec3(0.7, 0.55, 0.5), vec3(0.3, 0.3, 0.2), vec3(1.0), vec3(0.0, 0.1, 0.3));
    float band = floor(uv.y * 8.0) / 8.0;
    vec3 col = mix(skyBot, skyTop, band);
    vec2 sun = vec2(0.7 * pv_seed(1) + 0.15, 0.75);
    vec2 sd = abs(uv - sun);
    if (sd.x + sd.y * 0.7 < 0.09) col = vec3(1.0, 0.95, 0.7);
    float mh = mix(0.35, 0.7, iSeed.z);
    for (int l = 0; l < 3; l++) {
        float fl = float(l);
        float speed = 0.02 * (fl + 1.0);
        float x = uv.x + iTime * speed + 10.0 * fl;
        float h = mh * (1.0 - 0.25 * fl) * pv_fbm(vec2(x * (2.0 + fl), fl * 7.0), 3) + 0.1 + 0.05 * (2.0 - fl);
        h = floor(h * H / 2.0) * 2.0 / H;  // stepped ridges
        vec3 lc = mix(skyBot * 0.8, vec3(0.08, 0.16, 0.12) * (1.0 + fl * 0.5), 0.45 + 0.25 * fl);
        if (uv.y < h) col = lc;
    }
    // trees on the nearest layer
    float tx = uv.x + iTime * 0.08;
    float tc = floor(tx * 12.0);
    if (pv_hash11(tc + 0.5) < mix(0.2, 0.8, iSeed.w)) {
        float lx = fract(tx * 12.0) - 0.5;
        float top = 0.18 + 0.1 * pv_hash11(tc + 7.5);
        if (uv.y < top && uv.y > 0.1 && abs(lx) < (top - uv.y) * 2.5) col = vec3(0.05, 0.3, 0.1);
        if (abs(lx) < 0.08 && uv.y < 0.12) col = vec3(0.3, 0.2, 0.1);
    }
    if (uv.y < 0.1) {
        ivec2 t = ivec2(floor(vec2(tx * 30.0, uv.y * 30.0)));
        col = ((t.x + t.y) & 1) == 0 ? vec3(0.45, 0.3, 0.15) : vec3(0.38, 0.25, 0.12);
        if (uv.y > 0.085) col = vec3(0.2, 0.6, 0.2);
    }
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
