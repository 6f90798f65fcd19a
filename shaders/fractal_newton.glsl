// name: fractal_newton
// family: fractal
// author: procvision
// licence: MIT
// description: Relaxed Newton fractal for z^n - 1 (n = 3..6): basins of the roots in flat colours with shaded convergence speed.
// params: iSeed.x degree, iSeed.y relaxation factor, iSeed.z zoom, iSeed.w palette

#include "palette.glsl"

vec2 cmul(vec2 a, vec2 b) { return vec2(a.x * b.x - a.y * b.y, a.x * b.y + a.y * b.x); }
vec2 cdiv(vec2 a, vec2 b) { return cmul(a, vec2(b.x, -b.y)) / max(dot(b, b), 1e-12); }

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 z = (fragCoord - 0.5 * iResolution.xy) / iResolution.y * mix(3.0, 0.8, iSeed.z);
    float ra = 6.2831853 * pv_seed(1) + 0.05 * iTime;
    z = mat2(cos(ra), sin(ra), -sin(ra), cos(ra)) * z + 0.2 * (pv_seed2(1) - 0.5);
    int deg = 3 + int(iSeed.x * 4.0);
    float relax = mix(0.7, 1.6, iSeed.y);
    float it = 0.0;
    for (int i = 0; i < 32; i++) {
        // p(z) = z^deg - 1, p'(z) = deg z^(deg-1)
        vec2 zp = vec2(1.0, 0.0);
        for (int j = 0; j < 6; j++) { if (j >= deg - 1) break; zp = cmul(zp, z); }
        vec2 pz = cmul(zp, z) - vec2(1.0, 0.0);
        vec2 dz = float(deg) * zp;
        vec2 step_ = relax * cdiv(pz, dz);
        z -= step_;
        if (dot(step_, step_) < 1e-6) break;
        it += 1.0;
    }
    float root = fract(atan(z.y, z.x + 1e-12) / 6.2831853 + 1.0);
    float id = floor(root * float(deg) + 0.5) / float(deg);
    vec3 col = pv_seedpal(id + iSeed.w, 80);
    col *= mix(1.0, 0.15, clamp(it / 24.0, 0.0, 1.0));
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
