// name: code_barcodes
// family: code
// author: procvision
// licence: MIT
// description: Labels printed with machine-readable codes: linear barcodes of thin and wide bars with guard bars, and square matrix codes with three finder patterns and random modules.
// params: iSeed.x label size, iSeed.y linear or matrix mix, iSeed.z module density, iSeed.w label tint

#include "hash.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = fragCoord / iResolution.y;
    float n = mix(1.5, 4.0, iSeed.x);
    vec2 p = uv * n + vec2(0.1 * iTime, 0.0);
    ivec2 c = ivec2(floor(p));
    vec2 f = fract(p);
    vec3 bg = pv_hsv2rgb(vec3(pv_seed(1), 0.3, 0.3));
    vec3 label = mix(vec3(0.97), pv_hsv2rgb(vec3(fract(pv_seed(2) + 0.1 * float(c.x)), 0.25, 0.97)), iSeed.w);
    vec3 col = bg;
    vec2 l = (f - 0.5) / 0.44;
    if (max(abs(l.x), abs(l.y)) < 1.0) {
        col = label;
        bool matrix = pv_ihash12(c) < iSeed.y;
        float dens = mix(0.35, 0.6, iSeed.z);
        if (matrix) {
            vec2 m = (l * 0.9 + 0.9) / 1.8 * 25.0;  // 25x25 modules
            ivec2 mi = ivec2(floor(m));
            bool inside = all(greaterThanEqual(mi, ivec2(0))) && all(lessThan(mi, ivec2(25)));
            bool dark = pv_ihash12(mi + c * 37 + ivec2(int(iTime * 0.5))) < dens;
            // finder patterns: 7x7 rings at three corners
            for (int k = 0; k < 3; k++) {
                ivec2 o = k == 0 ? ivec2(0, 0) : (k == 1 ? ivec2(18, 0) : ivec2(0, 18));
                ivec2 r = mi - o;
                if (r.x >= -1 && r.x <= 7 && r.y >= -1 && r.y <= 7) {
                    int ring = max(abs(r.x - 3), abs(r.y - 3));
                    dark = ring == 3 || ring <= 1;
                }
            }
            if (inside && dark) col = vec3(0.03);
        } else {
            float x = (l.x * 0.9 + 0.9) / 1.8 * 95.0;  // 95 modules
            int mx = int(floor(x));
            bool dark = pv_ihash12(ivec2(mx / 2, c.y * 31 + c.x * 7)) < dens;
            if (mx < 3 || mx > 91 || (mx >= 46 && mx <= 48)) dark = (mx & 1) == 0;  // guard bars
            float tall = (mx < 3 || mx > 91 || (mx >= 46 && mx <= 48)) ? -0.75 : -0.55;
            if (x > 0.0 && x < 95.0 && l.y > tall && l.y < 0.8 && dark) col = vec3(0.03);
            // digits under the bars as small blocks
            if (l.y < -0.62 && l.y > -0.78 && mod(x, 7.0) > 1.5 && x > 6.0 && x < 90.0) col = mix(col, vec3(0.2), 0.8);
        }
    }
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
