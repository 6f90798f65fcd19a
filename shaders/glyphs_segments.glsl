// name: glyphs_segments
// family: glyphs
// author: procvision
// licence: MIT
// description: Rows of seven-segment digits counting with time, lit segments glowing over dim unlit ones, as on LED clocks and LCD meters.
// params: iSeed.x digit size, iSeed.y LED or LCD style, iSeed.z colour, iSeed.w slant and segment thickness

#include "hash.glsl"
#include "sdf.glsl"
#include "palette.glsl"

// Standard segment masks (bits a..g) of the digits 0-9.
int segMask(int d) {
    int m[10] = int[10](63, 6, 91, 79, 102, 109, 125, 7, 127, 111);
    return m[d];
}

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = fragCoord / iResolution.y;
    float n = mix(3.0, 9.0, iSeed.x);
    vec2 p = uv * vec2(n * 1.6, n);
    float slant = 0.25 * pv_seed(1);
    p.x -= slant * fract(p.y) ;
    ivec2 c = ivec2(floor(p));
    vec2 f = (fract(p) - 0.5) * vec2(1.0, 1.6) * 1.25;
    // each row is a counter: its digits change at different rates
    float rate = exp2(float(c.x % 4));
    int value = int(pv_ihash12(c + ivec2(3, 8)) * 10.0 + iTime * rate);
    int dig = value - 10 * (value / 10);
    int mask = segMask(dig);
    float th = mix(0.05, 0.11, iSeed.w);
    vec2 pts[6] = vec2[6](vec2(-0.35, 0.7), vec2(0.35, 0.7), vec2(-0.35, 0.0), vec2(0.35, 0.0), vec2(-0.35, -0.7), vec2(0.35, -0.7));
    ivec2 segs[7] = ivec2[7](ivec2(0, 1), ivec2(1, 3), ivec2(3, 5), ivec2(4, 5), ivec2(2, 4), ivec2(0, 2), ivec2(2, 3));
    float on = 1e3, off = 1e3;
    for (int s = 0; s < 7; s++) {
        vec2 a = pts[segs[s].x], b = pts[segs[s].y];
        vec2 sh = normalize(b - a) * 0.08;
        float d = pv_sdSegment(f, a + sh, b - sh) - th;
        if (((mask >> s) & 1) == 1) on = min(on, d); else off = min(off, d);
    }
    bool blankCell = pv_ihash12(c + ivec2(41, 2)) < 0.12;
    if (blankCell) { off = min(off, on); on = 1e3; }
    float px = 2.0 * n / iResolution.y;
    bool lcd = iSeed.y > 0.6;
    vec3 lit = pv_hsv2rgb(vec3(fract(iSeed.z + 0.02 * float(c.y)), 0.85, 1.0));
    vec3 col;
    if (lcd) {
        vec3 bg = mix(vec3(0.62, 0.68, 0.55), vec3(0.7, 0.72, 0.74), pv_seed(2));
        col = bg;
        col = mix(col, bg * 0.9, smoothstep(px, 0.0, off));
        col = mix(col, vec3(0.08, 0.1, 0.08), smoothstep(px, 0.0, on));
        col *= 0.9 + 0.1 * smoothstep(0.0, 0.08, -on + 0.05 + 0.1 * step(0.0, on));
    } else {
        col = vec3(0.02, 0.02, 0.03);
        col += lit * 0.08 * smoothstep(px, 0.0, off);
        col = mix(col, lit, smoothstep(px, 0.0, on));
        col += lit * 0.35 * exp(-max(on, 0.0) * 12.0);
    }
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
