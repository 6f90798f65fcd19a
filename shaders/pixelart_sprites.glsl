// name: pixelart_sprites
// family: pixelart
// author: procvision
// licence: MIT
// description: A sheet of invented pixel-art sprites: mirrored 8x8 creatures and items with dark outlines and three-colour shading, bobbing on a chequered or plain background.
// params: iSeed.x sprite scale, iSeed.y fill density, iSeed.z palette, iSeed.w background

#include "hash.glsl"
#include "palette.glsl"

// Filled pixel of sprite `id` at pixel (x, y) of its 8x8 grid; mirrored about the middle column.
bool spritePix(ivec2 id, int x, int y, float dens) {
    if (x < 0 || x > 7 || y < 0 || y > 7) return false;
    int mx = x < 4 ? x : 7 - x;
    float edge = float(abs(mx - 3) + abs(y - 4)) * 0.09;
    return pv_ihash12(id * 16 + ivec2(mx, y)) < dens - edge;
}

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = fragCoord / iResolution.y;
    float n = mix(2.0, 6.0, iSeed.x);
    vec2 p = uv * n;
    ivec2 cell = ivec2(floor(p));
    float bob = step(0.5, fract(iTime * 1.5 + pv_ihash12(cell)));
    vec2 f = fract(p) * 10.0 - 1.0 - vec2(0.0, bob * 0.5);
    int x = int(floor(f.x)), y = int(floor(f.y));
    float dens = mix(0.55, 0.85, iSeed.y);
    bool on = spritePix(cell, x, y, dens);
    bool near = spritePix(cell, x - 1, y, dens) || spritePix(cell, x + 1, y, dens) || spritePix(cell, x, y - 1, dens) || spritePix(cell, x, y + 1, dens);
    float hue = fract(iSeed.z + 0.61 * pv_ihash12(cell + ivec2(9, 9)));
    vec3 base = pv_hsv2rgb(vec3(hue, 0.75, 0.9));
    vec3 shadeC = pv_hsv2rgb(vec3(hue + 0.05, 0.85, 0.55));
    vec3 light = pv_hsv2rgb(vec3(hue - 0.05, 0.4, 1.0));
    ivec2 bg = ivec2(floor(uv * n * 5.0));
    vec3 col = iSeed.w > 0.5 ? mix(vec3(0.12, 0.13, 0.2), vec3(0.16, 0.17, 0.26), float((bg.x + bg.y) & 1))
                             : pv_hsv2rgb(vec3(pv_seed(1), 0.25, 0.85));
    if (near && !on) col = vec3(0.06, 0.05, 0.08);
    if (on) {
        float r = pv_ihash12(cell * 16 + ivec2(x, y) + ivec2(3, 100));
        col = y < 3 ? shadeC : (y > 5 ? light : base);
        if (r < 0.12) col = vec3(0.95);  // eyes / glints
    }
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
