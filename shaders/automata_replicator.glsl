// name: automata_replicator
// family: automata
// author: procvision
// licence: MIT
// description: Generation t of the two-dimensional XOR (parity) cellular automaton from a few seed cells, computed exactly from binomial parity: self-similar replicating squares, on a dark or light ground, the lattice seen at any zoom and angle.
// params: iSeed.x number of seed cells, iSeed.y zoom (cell size), iSeed.z cell palette, iSeed.w regrowth cycle length; pv_seed(16) generation offset; pv_seed(5) lattice angle, pv_seed2(1..4) further seed cells, pv_seed2(6) lattice centre, pv_seed(8..9) cell roundness and gap, pv_seed(10..12) ground brightness, hue and saturation, pv_seed(13..14) colour sweep across the frame, pv_seed(15) length of the fading trail of past generations

#include "hash.glsl"
#include "sdf.glsl"
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
    // the automaton regrows every T/2 steps through generations T/2..T-1, so it always spans
    // T..2T cells; the view frames the whole pattern or zooms into part of it
    int T = 16 + 2 * int(iSeed.w * 24.0);
    int t = T / 2 + (int(iTime * 4.0) + int(64.0 * pv_seed(16))) % (T / 2);
    float cells = clamp(mix(0.45, 1.7, iSeed.y) * float(T), 10.0, 110.0);
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    vec2 p = pv_rot2(6.2831853 * pv_seed(5)) * uv * cells + (pv_seed2(6) - 0.5) * cells * 0.4;
    ivec2 c = ivec2(floor(p));
    int seeds = 1 + int(iSeed.x * 4.99);
    // how many generations ago this cell was last alive (up to a seeded trail length), so the
    // replicas leave fading wakes instead of a sparse single generation
    int trail = 1 + int(pv_seed(15) * 7.99);
    ivec2 o[5];
    for (int i = 0; i < 5; i++) o[i] = i == 0 ? ivec2(0) : ivec2((pv_seed2(i) - 0.5) * cells * 0.5);
    int last = -1;
    for (int g = 0; g < 8; g++) {
        if (g >= trail) break;
        bool s = false;
        for (int i = 0; i < 5; i++) {
            if (i >= seeds) break;
            s = s != xorCA(c - o[i], t - g);
        }
        if (s) { last = g; break; }
    }
    // cells drawn from sharp squares to round dots, with a seeded gap
    vec2 f = abs(fract(p) - 0.5);
    float half_ = 0.5 - mix(0.03, 0.15, pv_seed(9));
    float rr = half_ * pv_seed(8);
    vec2 fq = f - (half_ - rr);
    float cd = length(max(fq, 0.0)) + min(max(fq.x, fq.y), 0.0) - rr;
    float sq = smoothstep(0.06, -0.06, cd);
    // ground anywhere from near-black to paper-white; on light grounds the cells are inked dark
    float bv = pv_seed(10);
    vec3 bg = pv_hsv2rgb(vec3(pv_seed(11), 0.85 * pv_seed(12), mix(0.02, 0.95, bv)));
    float ink = bv > 0.55 ? 0.4 : 1.0;
    // the palette phase follows the generation and sweeps across the frame
    float sweep = mix(0.0, 1.2, pv_seed(13)) * dot(uv, vec2(cos(6.28 * pv_seed(14)), sin(6.28 * pv_seed(14))));
    float age = float(t) / 64.0 + sweep;
    int salt = 4 + int(iSeed.z * 50.0);
    vec3 col = bg;
    if (last >= 0) {
        float k = float(last) / float(trail);
        vec3 a = pv_seedpal(fract(age + 0.5 * k), salt) * ink;
        col = mix(bg, a, sq * (1.0 - 0.8 * k));
    }
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
