// Shared hash helpers for the procvision shader library.
// All names carry the pv_ prefix so user shaders can define their own `hash`.
// Integer PCG hashes: stable across drivers, no sin()-based precision artefacts.
#ifndef PV_HASH_GLSL
#define PV_HASH_GLSL

uint pv_pcg(uint v) {
    uint state = v * 747796405u + 2891336453u;
    uint word = ((state >> ((state >> 28u) + 4u)) ^ state) * 277803737u;
    return (word >> 22u) ^ word;
}

uvec2 pv_pcg2d(uvec2 v) {
    v = v * 1664525u + 1013904223u;
    v.x += v.y * 1664525u; v.y += v.x * 1664525u;
    v = v ^ (v >> 16u);
    v.x += v.y * 1664525u; v.y += v.x * 1664525u;
    v = v ^ (v >> 16u);
    return v;
}

uvec3 pv_pcg3d(uvec3 v) {
    v = v * 1664525u + 1013904223u;
    v.x += v.y * v.z; v.y += v.z * v.x; v.z += v.x * v.y;
    v ^= v >> 16u;
    v.x += v.y * v.z; v.y += v.z * v.x; v.z += v.x * v.y;
    return v;
}

// uint -> float in [0, 1) using the top 24 bits.
float pv_u2f(uint x) { return float(x >> 8u) * (1.0 / 16777216.0); }
vec2 pv_u2f(uvec2 x) { return vec2(x >> 8u) * (1.0 / 16777216.0); }
vec3 pv_u2f(uvec3 x) { return vec3(x >> 8u) * (1.0 / 16777216.0); }

// Float inputs are hashed through their integer lattice cell when whole
// (noise lattices), and through their bit pattern otherwise; +0.0 avoids -0.
uvec2 pv_bits(vec2 p) { return floatBitsToUint(p + 0.0); }
uvec3 pv_bits(vec3 p) { return floatBitsToUint(p + 0.0); }

float pv_hash11(float p) { return pv_u2f(pv_pcg(floatBitsToUint(p + 0.0))); }
float pv_hash12(vec2 p) { uvec2 h = pv_pcg2d(pv_bits(p)); return pv_u2f(h.x ^ h.y); }
vec2 pv_hash22(vec2 p) { return pv_u2f(pv_pcg2d(pv_bits(p))); }
vec3 pv_hash32(vec2 p) { return pv_u2f(pv_pcg3d(uvec3(pv_bits(p), 0x9e3779b9u))); }
float pv_hash13(vec3 p) { return pv_u2f(pv_pcg3d(pv_bits(p)).x); }
vec3 pv_hash33(vec3 p) { return pv_u2f(pv_pcg3d(pv_bits(p))); }

// Integer-cell hashes for lattices (cheaper and exact for negative cells).
float pv_ihash12(ivec2 c) { uvec2 h = pv_pcg2d(uvec2(c)); return pv_u2f(h.x ^ h.y); }
vec2 pv_ihash22(ivec2 c) { return pv_u2f(pv_pcg2d(uvec2(c))); }
vec3 pv_ihash32(ivec2 c) { return pv_u2f(pv_pcg3d(uvec3(uvec2(c), 0x85ebca6bu))); }
float pv_ihash13(ivec3 c) { return pv_u2f(pv_pcg3d(uvec3(c)).x); }

// k-th derived random number of this image: a deterministic function of iSeed
// (the renderer's per-image vec4 in [0, 1)), so programs can draw any number of
// parameters from the four seed values.
// The k-independent part comes first so that, once inlined, the compiler computes
// it once per pixel and each further pv_seed(k) costs a single pcg round.
uint pv_seed_base() {
    uvec4 s = floatBitsToUint(iSeed);
    return pv_pcg(pv_pcg(pv_pcg(pv_pcg(s.x) ^ s.y) ^ s.z) ^ s.w);
}
float pv_seed(int k) {
    return pv_u2f(pv_pcg(pv_seed_base() ^ (uint(k) * 0x9e3779b9u + 0x7f4a7c15u)));
}
vec2 pv_seed2(int k) { return vec2(pv_seed(2 * k + 1000), pv_seed(2 * k + 1001)); }
vec3 pv_seed3(int k) { return vec3(pv_seed(3 * k + 2000), pv_seed(3 * k + 2001), pv_seed(3 * k + 2002)); }

// Seed-driven integer in [lo, hi] inclusive.
int pv_seed_int(int k, int lo, int hi) {
    return lo + min(int(pv_seed(k) * float(hi - lo + 1)), hi - lo);
}

#endif
