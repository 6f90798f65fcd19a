// Signed distance helpers (2-D and 3-D primitives, smooth min/max, domain ops).
#ifndef PV_SDF_GLSL
#define PV_SDF_GLSL

// atan2 that is defined at the origin (GLSL leaves atan(0, 0) undefined).
float pv_atan2(float y, float x) { return (x == 0.0 && y == 0.0) ? 0.0 : atan(y, x); }

mat2 pv_rot2(float a) { float c = cos(a), s = sin(a); return mat2(c, s, -s, c); }

// 2-D primitives.
float pv_sdCircle(vec2 p, float r) { return length(p) - r; }
float pv_sdBox2(vec2 p, vec2 b) {
    vec2 d = abs(p) - b;
    return length(max(d, 0.0)) + min(max(d.x, d.y), 0.0);
}
float pv_sdSegment(vec2 p, vec2 a, vec2 b) {
    vec2 pa = p - a, ba = b - a;
    float h = clamp(dot(pa, ba) / max(dot(ba, ba), 1e-8), 0.0, 1.0);
    return length(pa - ba * h);
}
float pv_sdHexagon(vec2 p, float r) {
    const vec3 k = vec3(-0.866025404, 0.5, 0.577350269);
    p = abs(p);
    p -= 2.0 * min(dot(k.xy, p), 0.0) * k.xy;
    p -= vec2(clamp(p.x, -k.z * r, k.z * r), r);
    return length(p) * sign(p.y);
}
// Regular n-gon (n >= 3) of circumradius-ish r; exact near edges.
float pv_sdNgon(vec2 p, float r, float n) {
    float an = 3.14159265 / n;
    float a = pv_atan2(p.y, p.x);
    float sector = floor(0.5 + a / (2.0 * an));
    p = pv_rot2(-sector * 2.0 * an) * p;
    return p.x - r * cos(an);
}
// Star with n points, outer radius r, inner ratio m in (0, 1).
float pv_sdStar(vec2 p, float r, float n, float m) {
    float an = 3.14159265 / n;
    float a = mod(pv_atan2(p.y, p.x) + an, 2.0 * an) - an;
    p = length(p) * vec2(cos(a), abs(sin(a)));
    vec2 tip = vec2(r, 0.0);
    vec2 valley = r * m * vec2(cos(an), sin(an));
    vec2 e = valley - tip;
    float h = clamp(dot(p - tip, e) / dot(e, e), 0.0, 1.0);
    float d = length(p - tip - e * h);
    float side = e.x * (p.y - tip.y) - e.y * (p.x - tip.x);
    return side > 0.0 ? d : -d;
}

// 3-D primitives.
float pv_sdSphere(vec3 p, float r) { return length(p) - r; }
float pv_sdBox(vec3 p, vec3 b) {
    vec3 d = abs(p) - b;
    return length(max(d, 0.0)) + min(max(d.x, max(d.y, d.z)), 0.0);
}
float pv_sdRoundBox(vec3 p, vec3 b, float r) { return pv_sdBox(p, b - r) - r; }
float pv_sdTorus(vec3 p, vec2 t) { return length(vec2(length(p.xz) - t.x, p.y)) - t.y; }
float pv_sdCapsule(vec3 p, vec3 a, vec3 b, float r) {
    vec3 pa = p - a, ba = b - a;
    float h = clamp(dot(pa, ba) / max(dot(ba, ba), 1e-8), 0.0, 1.0);
    return length(pa - ba * h) - r;
}
float pv_sdCylinder(vec3 p, float r, float h) {
    vec2 d = abs(vec2(length(p.xz), p.y)) - vec2(r, h);
    return min(max(d.x, d.y), 0.0) + length(max(d, 0.0));
}
float pv_sdOctahedron(vec3 p, float s) {
    p = abs(p);
    return (p.x + p.y + p.z - s) * 0.57735027;
}

// Polynomial smooth min/max with blend radius k > 0.
float pv_smin(float a, float b, float k) {
    float h = clamp(0.5 + 0.5 * (b - a) / k, 0.0, 1.0);
    return mix(b, a, h) - k * h * (1.0 - h);
}
float pv_smax(float a, float b, float k) { return -pv_smin(-a, -b, k); }

// Domain repetition with period c (centred cells).
vec3 pv_opRep(vec3 p, vec3 c) { return mod(p + 0.5 * c, c) - 0.5 * c; }
vec2 pv_opRep2(vec2 p, vec2 c) { return mod(p + 0.5 * c, c) - 0.5 * c; }

// Fold p into one of n mirrored polar sectors (kaleidoscope).
vec2 pv_polarFold(vec2 p, float n) {
    float an = 3.14159265 / n;
    float a = pv_atan2(p.y, p.x);
    a = mod(a + an, 2.0 * an) - an;
    a = abs(a);
    return length(p) * vec2(cos(a), sin(a));
}

#endif
