// name: automata_replicator
// family: automata
// author: procvision
// licence: MIT
// description: Generation t of the two-dimensional XOR (parity) cellular automaton from a few seed cells, computed exactly from binomial parity: self-similar replicating squares.
// params: iSeed.x number of seed cells, iSeed.y cell size, iSeed.z colours, iSeed.w generation offset

#include "hash.glsl"
#include "palette.glsl"

// Rule-90 state of cell u at step t from one live cell at 0 (Lucas: C(t,k) odd iff k&t == k).
bool r90(int u, int t) {
    if (abs(u) > t || ((u + t) & 1) != 0) return false;
    int k = (u + t) >> 1;
    return (k & t) == k;
}

// The von Neumann XOR rule separates into two rule-90 factors along the diagonals.
bool xorCA(ivec2 c, int t) {
    return r90(c.x + c.y, t) && r90(c.x - c.y, t);
}

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    float cells = mix(30.0, 100.0, iSeed.y);
    vec2 p = (fragCoord - 0.5 * iResolution.xy) / iResolution.y * cells;
    ivec2 c = ivec2(floor(p));
    int t = int(iTime * 4.0) + int(iSeed.w * 30.0);
    int seeds = 1 + int(iSeed.x * 4.99);
    bool s = false, sp = false;
    for (int i = 0; i < 5; i++) {
        if (i >= seeds) break;
        ivec2 o = ivec2((pv_seed2(i) - 0.5) * cells * 0.5);
        if (i == 0) o = ivec2(0);
        s = s != xorCA(c - o, t);
        sp = sp != xorCA(c - o, t - 1);
    }
    vec2 f = fract(p) - 0.5;
    float sq = smoothstep(0.5, 0.35, max(abs(f.x), abs(f.y)));
    float age = float(t) / 64.0;
    vec3 bg = mix(vec3(0.02), pv_seedpal(0.9, 4) * 0.2, iSeed.z);
    vec3 a = pv_seedpal(fract(age), 4);
    vec3 b = pv_seedpal(fract(age + 0.5), 4);
    vec3 col = bg;
    if (s) col = mix(bg, a, sq);
    else if (sp) col = mix(bg, b, 0.5 * sq);
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
