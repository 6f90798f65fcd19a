// name: caustics_refraction
// family: caustics
// author: procvision
// licence: MIT
// description: Caustics computed exactly: light refracted by a rippled water or glass surface is focused by the inverse Jacobian of the ray map, giving sharp bright filaments on the floor below.
// params: iSeed.x wave count, iSeed.y wave scale, iSeed.z focal depth, iSeed.w light colour

#include "hash.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 x = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    int waves = 3 + int(iSeed.x * 5.0);
    float k0 = mix(6.0, 16.0, iSeed.y);
    // scaled so that depth * curvature reaches 1 (the focus) for some of the waves
    float depth = mix(1.2, 3.0, iSeed.z) / (k0 * k0);
    // height h = sum a sin(k.x - w t); the refracted ray lands at y = x - depth * grad h,
    // and the light density on the floor is 1 / |det(I - depth * Hessian h)|.
    mat2 J = mat2(1.0);
    for (int i = 0; i < 8; i++) {
        if (i >= waves) break;
        float a = 6.2831853 * pv_seed(10 + i);
        float k = k0 * mix(0.6, 1.6, pv_seed(20 + i));
        vec2 kv = k * vec2(cos(a), sin(a));
        float amp = 1.0 / float(waves);
        float ph = dot(kv, x) - sqrt(k) * iTime + 6.28 * pv_seed(30 + i);
        // Hessian of amp*sin(ph) is -amp*sin(ph) * kv kv^T
        float s = -amp * sin(ph);
        J -= depth * s * mat2(kv.x * kv.x, kv.x * kv.y, kv.x * kv.y, kv.y * kv.y);
    }
    float det = abs(J[0][0] * J[1][1] - J[0][1] * J[1][0]);
    float inten = 1.0 / max(det, 0.05);
    vec3 light = pv_hsv2rgb(vec3(mix(0.45, 0.6, iSeed.w), mix(0.2, 0.7, pv_seed(1)), 1.0));
    vec3 floorc = pv_hsv2rgb(vec3(mix(0.5, 0.6, iSeed.w), 0.6, 0.35));
    vec3 col = floorc * 0.6 + light * 0.25 * inten;
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
