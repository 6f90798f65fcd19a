// name: weave_basket
// family: weave
// author: procvision
// licence: MIT
// description: Woven fabric or basketry: warp and weft threads passing over and under, with shaded rounded threads and fibre noise.
// params: iSeed.x thread count, iSeed.y weave pattern (plain, twill, basket), iSeed.z thread gap, iSeed.w colours

#include "noise.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = fragCoord / iResolution.y;
    float ang = 0.7854 * floor(pv_seed(1) * 3.0);
    uv = mat2(cos(ang), sin(ang), -sin(ang), cos(ang)) * uv;
    float n = mix(5.0, 16.0, iSeed.x);
    vec2 p = uv * n + vec2(0.05 * iTime, 0.0);
    ivec2 c = ivec2(floor(p));
    vec2 f = fract(p);
    int pattern = int(iSeed.y * 3.0);
    int over;  // 1 when the horizontal (weft) thread is on top in this cell
    if (pattern == 0) over = (c.x + c.y) & 1;
    else if (pattern == 1) over = ((c.x + c.y) & 3) < 2 ? 1 : 0;
    else over = ((c.x >> 1) + (c.y >> 1)) & 1;
    float gap = mix(0.05, 0.3, iSeed.z);
    // Cross-section profile of a round thread: 0 at its edges, 1 at its centre.
    float ph = clamp(1.0 - abs(f.y - 0.5) / (0.5 - 0.5 * gap), 0.0, 1.0);
    float pv = clamp(1.0 - abs(f.x - 0.5) / (0.5 - 0.5 * gap), 0.0, 1.0);
    vec3 weft = pv_duotone(0.2, 10), warp = pv_duotone(0.9, 10);
    if (pv_seed(2) < 0.4) weft = pv_seedpal(0.1 * float(c.y % 4), 30);
    float fibre = pv_vnoise(p * vec2(8.0, 1.5)) * 0.3;
    float fibre2 = pv_vnoise(p * vec2(1.5, 8.0)) * 0.3;
    vec3 col = vec3(0.03);
    bool hOnTop = over == 1;
    float top = hOnTop ? ph : pv, bot = hOnTop ? pv : ph;
    vec3 topc = hOnTop ? weft * (0.7 + fibre) : warp * (0.7 + fibre2);
    vec3 botc = hOnTop ? warp * (0.7 + fibre2) : weft * (0.7 + fibre);
    // Along its length, the top thread dips at the cell ends where it goes under.
    float along = hOnTop ? f.x : f.y;
    float dip = 0.6 + 0.4 * sin(3.14159265 * along);
    if (bot > 0.0) col = botc * sqrt(bot) * 0.55;
    if (top > 0.0) col = topc * sqrt(top) * dip;
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
