// name: automata_elementary
// family: automata
// author: procvision
// licence: MIT
// description: Space-time diagram of a one-dimensional elementary cellular automaton (rules 30, 90, 110, ...), actually iterated row by row on a 31-cell ring.
// params: iSeed.x rule, iSeed.y initial row (dense or sparse), iSeed.z cell size, iSeed.w palette offset

#include "hash.glsl"
#include "palette.glsl"

// A ring of 31 cells: additive rules (90, 150) die out on rings of 2^k cells.
const uint RING = 0x7FFFFFFFu;
uint rotl(uint r) { return ((r << 1) | (r >> 30)) & RING; }
uint rotr(uint r) { return (r >> 1) | ((r & 1u) << 30); }

// One generation of a Wolfram rule on a 31-cell ring packed into a uint.
uint stepRow(uint r, uint rule) {
    uint l = rotl(r), c = r, rr = rotr(r), o = 0u;
    for (int k = 0; k < 8; k++) {
        if (((rule >> uint(k)) & 1u) == 0u) continue;
        uint m = ((k & 4) != 0 ? l : ~l) & ((k & 2) != 0 ? c : ~c) & ((k & 1) != 0 ? rr : ~rr);
        o |= m & RING;
    }
    return o;
}

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    int rules[12] = int[12](30, 90, 110, 45, 73, 105, 150, 54, 18, 126, 137, 169);
    uint rule = uint(rules[int(iSeed.x * 11.99)]);
    float cells = mix(32.0, 80.0, iSeed.z);
    vec2 p = fragCoord / iResolution.y * cells;
    int col = int(floor(p.x)) % 31;
    int row = int(floor(cells - p.y)) + int(iTime * 3.0);
    uint r = pv_pcg(floatBitsToUint(iSeed.y) ^ 0x5bd1e995u);
    if (iSeed.y < 0.35) r &= pv_pcg(r) & pv_pcg(r + 7u);  // sparse start
    r = (r | 0x10000u) & RING;
    uint prev = r;
    for (int i = 0; i < 160; i++) {
        if (i >= row) break;
        prev = r;
        r = stepRow(r, rule);
    }
    float alive = float((r >> uint(col)) & 1u);
    float was = float((prev >> uint(col)) & 1u);
    vec2 f = fract(p) - 0.5;
    float sq = smoothstep(0.5, 0.42, max(abs(f.x), abs(f.y)) + 0.06 * step(0.5, pv_seed(1)));
    vec3 bg = pv_duotone(0.0, 3);
    vec3 fg = pv_duotone(1.0, 3);
    vec3 mid = pv_seedpal(float(row & 63) / 64.0 + iSeed.w, 9);
    vec3 c = bg;
    if (alive > 0.5) c = mix(bg, pv_seed(2) > 0.5 ? mid : fg, sq);
    else if (was > 0.5) c = mix(bg, fg, 0.18 * sq);
    fragColor = vec4(clamp(c, 0.0, 1.0), 1.0);
}
