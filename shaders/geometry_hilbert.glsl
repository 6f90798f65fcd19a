// name: geometry_hilbert
// family: geometry
// author: procvision
// licence: MIT
// description: A Hilbert space-filling curve of order 3 to 6 drawn as a thick rounded path, coloured along its length, with a bright head tracing the curve over time.
// params: iSeed.x curve order, iSeed.y line width, iSeed.z palette, iSeed.w background

#include "hash.glsl"
#include "sdf.glsl"
#include "palette.glsl"

// Index along the Hilbert curve of cell (x, y) in a 2^order grid.
int xy2d(int order, ivec2 c) {
    int n = 1 << order;
    int d = 0;
    for (int s = 32; s >= 1; s /= 2) {
        if (s >= n) continue;
        int rx = (c.x & s) > 0 ? 1 : 0;
        int ry = (c.y & s) > 0 ? 1 : 0;
        d += s * s * ((3 * rx) ^ ry);
        if (ry == 0) {
            if (rx == 1) { c = ivec2(n - 1) - c; }
            c = c.yx;
        }
    }
    return d;
}

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    int order = 3 + int(iSeed.x * 3.99);
    int n = 1 << order;
    vec2 p = (uv * 0.95 + 0.5) * float(n);
    ivec2 c = ivec2(floor(p));
    vec3 bg = iSeed.w > 0.5 ? vec3(0.04) : vec3(0.96, 0.95, 0.92);
    vec3 col = bg;
    if (all(greaterThanEqual(c, ivec2(0))) && all(lessThan(c, ivec2(n)))) {
        int d = xy2d(order, c);
        vec2 ctr = vec2(c) + 0.5;
        float dist = 1e3;
        for (int k = 0; k < 4; k++) {
            ivec2 o = k == 0 ? ivec2(1, 0) : (k == 1 ? ivec2(-1, 0) : (k == 2 ? ivec2(0, 1) : ivec2(0, -1)));
            ivec2 nb = c + o;
            if (any(lessThan(nb, ivec2(0))) || any(greaterThanEqual(nb, ivec2(n)))) continue;
            if (abs(xy2d(order, nb) - d) == 1) dist = min(dist, pv_sdSegment(p, ctr, ctr + 0.5 * vec2(o)));
        }
        dist = min(dist, length(p - ctr));
        float total = float(n * n);
        float t = float(d) / total;
        float w = mix(0.1, 0.3, iSeed.y);
        float head = fract(iTime * 0.08);
        vec3 lc = pv_seedpal(fract(t + iSeed.z), 6);
        lc *= t < head ? 1.0 : 0.35;
        float px = 1.5 * float(n) / iResolution.y;
        col = mix(bg, lc, smoothstep(w + px, w, dist));
    }
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
