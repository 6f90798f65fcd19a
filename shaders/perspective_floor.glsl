// name: perspective_floor
// family: perspective
// author: procvision
// licence: MIT
// description: An endless textured plane to the horizon (checkerboard, neon grid or tiles) scrolling towards the viewer, under a gradient sky with a banded sun, with distance haze.
// params: iSeed.x horizon height, iSeed.y plane pattern, iSeed.z palette, iSeed.w camera roll

#include "hash.glsl"
#include "noise.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    uv = pv_rot2(0.3 * (iSeed.w - 0.5)) * uv;
    float hor = mix(-0.25, 0.25, iSeed.x);
    float y = uv.y - hor;
    int kind = int(iSeed.y * 2.99);
    vec3 skyA = pv_seedpal(0.1, 5), skyB = pv_seedpal(0.6, 5);
    vec3 col;
    if (y > 0.0) {
        col = mix(skyB, skyA, smoothstep(0.0, 0.6, y));
        vec2 sd = uv - vec2(0.2 * (pv_seed(1) - 0.5), hor + 0.18);
        float sun = smoothstep(0.16, 0.155, length(sd)) * step(0.35, fract((sd.y + 0.2) * 18.0 + 0.3 * iTime) + sd.y * 2.5);
        col = mix(col, vec3(1.0, 0.85, 0.4), sun);
    } else {
        float depth = 0.25 / max(-y, 1e-3);
        vec2 g = vec2(uv.x * depth, depth + iTime * 1.5);
        float fw = max(fwidth(g.x), fwidth(g.y));
        vec3 a = pv_seedpal(fract(0.3 + iSeed.z), 6), b = pv_seedpal(fract(0.8 + iSeed.z), 6);
        if (kind == 0) {
            vec2 s = sin(g * 3.14159);
            float chk = smoothstep(-fw * 3.0, fw * 3.0, s.x * s.y);
            col = mix(a, b, chk);
        } else if (kind == 1) {
            vec2 f = abs(fract(g) - 0.5);
            float line = smoothstep(0.5 - fw * 1.5, 0.5, max(f.x, f.y));
            col = mix(vec3(0.03, 0.0, 0.06), vec3(1.0, 0.3, 0.9), line);
        } else {
            vec2 f = fract(g * 2.0);
            ivec2 c = ivec2(floor(g * 2.0));
            col = mix(a, b, pv_ihash12(c)) * smoothstep(0.0, 0.08, min(min(f.x, 1.0 - f.x), min(f.y, 1.0 - f.y)));
        }
        col = mix(col, skyB, smoothstep(2.0, 12.0, depth));
    }
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
