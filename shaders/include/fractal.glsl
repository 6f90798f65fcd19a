// Escape-time iteration of the quadratic map z -> z^2 + c, shared by the Julia and
// Mandelbrot programs (96 iterations, bailout |z|^2 > 256: the library's loop budget).
#ifndef PV_FRACTAL_GLSL
#define PV_FRACTAL_GLSL

// Iterates z in place; returns true if it escaped, with n = iterations before the escape.
bool pv_quadratic_escape(inout vec2 z, vec2 c, out float n) {
    n = 0.0;
    for (int i = 0; i < 96; i++) {
        z = vec2(z.x * z.x - z.y * z.y, 2.0 * z.x * z.y) + c;
        if (dot(z, z) > 256.0) return true;
        n += 1.0;
    }
    return false;
}

// Continuous escape count of an escaped z (no bands between integer counts).
float pv_smooth_escape(vec2 z, float n) {
    return n - log2(max(log2(max(dot(z, z), 1.0001)), 1e-4));
}

#endif
