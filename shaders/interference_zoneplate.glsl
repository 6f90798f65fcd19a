// name: interference_zoneplate
// family: interference
// author: procvision
// licence: MIT
// description: Fresnel zone plates: chirped ring gratings (cosine of radius squared) from two or three centres, thresholded or smooth, producing secondary moire fringes where they overlap.
// params: iSeed.x chirp rate, iSeed.y number of plates, iSeed.z edge hardness, iSeed.w palette offset

#include "hash.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    float k = mix(20.0, 110.0, iSeed.x);
    int n = 1 + int(iSeed.y * 2.99);
    float v = 0.0;
    for (int i = 0; i < 3; i++) {
        if (i >= n) break;
        vec2 c = (pv_seed2(4 + i) - 0.5) * 0.9 + 0.1 * vec2(sin(0.3 * iTime + float(i)), cos(0.25 * iTime + 2.0 * float(i)));
        float r2 = dot(uv - c, uv - c);
        float z = cos(k * r2 * (1.0 + 0.4 * float(i)));
        v += mix(0.5 + 0.5 * z, smoothstep(-0.05, 0.05, z), iSeed.z);
    }
    v /= float(n);
    if (pv_seed(1) > 0.5 && n > 1) v = abs(2.0 * fract(v * float(n) * 0.5) - 1.0);  // parity instead of average
    vec3 col = pv_seed(3) > 0.5 ? pv_duotone(v, 7) : pv_seedpal(v * 0.7 + iSeed.w, 7);
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
