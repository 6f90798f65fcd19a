// name: interference_zoneplate
// family: interference
// author: procvision
// licence: MIT
// description: Fresnel zone plates: chirped ring gratings (cosine of radius squared) from two or three centres, thresholded or smooth, producing secondary moire fringes where they overlap.
// params: iSeed.x chirp rate, iSeed.y number of plates, iSeed.z hard or soft edges, iSeed.w colours

#include "hash.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    float k = mix(40.0, 220.0, iSeed.x);
    int n = 1 + int(iSeed.y * 2.99);
    float v = 0.0;
    for (int i = 0; i < 3; i++) {
        if (i >= n) break;
        vec2 c = (pv_seed2(4 + i) - 0.5) * 0.9 + 0.1 * vec2(sin(0.3 * iTime + float(i)), cos(0.25 * iTime + 2.0 * float(i)));
        float r2 = dot(uv - c, uv - c);
        float z = cos(k * r2 * (1.0 + 0.4 * float(i)));
        v += iSeed.z > 0.5 ? step(0.0, z) : 0.5 + 0.5 * z;
    }
    v /= float(n);
    if (pv_seed(1) > 0.5 && n > 1) v = abs(2.0 * fract(v * float(n) * 0.5) - 1.0);  // parity instead of average
    vec3 col = iSeed.w > 0.5 ? pv_duotone(v, 7) : pv_seedpal(v * 0.7, 7);
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
