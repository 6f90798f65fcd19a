// name: fractal_lyapunov
// family: fractal
// author: procvision
// licence: MIT
// description: A Lyapunov fractal: the logistic map driven by a seeded periodic sequence of two growth rates, coloured by its Lyapunov exponent: smooth stable lobes against chaotic filigree.
// params: iSeed.x rate sequence, iSeed.y view centre, iSeed.z zoom, iSeed.w palette

#include "hash.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = fragCoord / iResolution.y;
    // sequence of A/B choices: bits of a seeded integer, period 2..8
    int bits = int(iSeed.x * 255.0) | 1;
    int period = 2 + int(pv_seed(1) * 6.99);
    float zoom = mix(2.0, 0.3, iSeed.z);
    vec2 centre = vec2(2.5, 3.4) + vec2(1.0, 0.5) * (iSeed.y - 0.5) + 0.05 * vec2(sin(0.1 * iTime), cos(0.13 * iTime));
    vec2 ab = clamp(centre + (uv - 0.5) * zoom, vec2(0.01), vec2(4.0));
    float x = 0.5;
    float lam = 0.0;
    float prod = 1.0;
    // the exponent sums log|r (1 - 2x)|; a product of 8 factors (each in [1e-4, 4]) stays
    // within float range, so one log per 8 steps gives the same sum
    for (int i = 0; i < 64; i++) {
        int k = i % period;
        float r = ((bits >> k) & 1) == 1 ? ab.y : ab.x;
        x = r * x * (1.0 - x);
        if (i >= 16) prod *= max(abs(r * (1.0 - 2.0 * x)), 1e-4);
        if ((i & 7) == 7 && i >= 16) { lam += log(prod); prod = 1.0; }
    }
    lam /= 48.0;
    vec3 col;
    if (lam < 0.0) col = pv_stylepal(clamp(-lam * 0.8, 0.0, 1.0), iSeed.w, 3) * (0.3 + 0.7 * clamp(-lam * 1.5, 0.0, 1.0));
    else col = mix(vec3(0.0), pv_hsv2rgb(vec3(fract(pv_seed(2) + 0.5), 0.7, 0.8)), clamp(lam * 2.0, 0.0, 1.0));
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
