// name: weave_basket
// family: weave
// author: procvision
// licence: MIT
// description: Woven fabric or basketry: warp and weft threads passing over and under, with shaded rounded threads and fibre noise, in natural straw and willow tones, two dyed colours or striped yarns, over a backing that shows through the gaps from dark to bright.
// params: iSeed.x thread count, iSeed.y weave pattern (plain, twill, basket), iSeed.z thread gap, iSeed.w thread brightness; pv_seed(1) rotation, pv_seed(2) colour scheme (natural, two dyes, stripes), pv_seed(3..4) warp and weft hues, pv_seed(5) saturation, pv_seed(6..7) backing hue and brightness, pv_seed(8) stripe repeat, pv_seed(9..10) lighting gradient direction and strength, pv_seed(11) basket curvature shading

#include "noise.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    float rk = pv_seed(1);
    float ang = rk < 0.5 ? 0.7854 * floor(rk * 6.0) : 6.2831853 * rk;
    vec2 ruv = mat2(cos(ang), sin(ang), -sin(ang), cos(ang)) * uv;
    float n = mix(2.5, 11.0, iSeed.x * iSeed.x);
    vec2 p = ruv * n + vec2(0.05 * iTime, 0.0);
    ivec2 c = ivec2(floor(p));
    vec2 f = fract(p);
    int pattern = int(iSeed.y * 3.0);
    int over;  // 1 when the horizontal (weft) thread is on top in this cell
    if (pattern == 0) over = (c.x + c.y) & 1;
    else if (pattern == 1) over = ((c.x + c.y) & 3) < 2 ? 1 : 0;
    else over = ((c.x >> 1) + (c.y >> 1)) & 1;
    float gap = mix(0.02, 0.6, iSeed.z * iSeed.z);
    // cross-section profile of a round thread: 0 at its edges, 1 at its centre
    float ph = clamp(1.0 - abs(f.y - 0.5) / (0.5 - 0.5 * gap), 0.0, 1.0);
    float pv = clamp(1.0 - abs(f.x - 0.5) / (0.5 - 0.5 * gap), 0.0, 1.0);
    // colours: natural fibre, two dyes, or stripes of a few yarns
    float val = mix(0.3, 1.2, iSeed.w);
    float sat = mix(0.08, 0.95, pv_seed(5));
    float scheme = pv_seed(2);
    vec3 weft, warp;
    if (scheme < 0.3) {
        weft = pv_hsv2rgb(vec3(mix(0.08, 0.16, pv_seed(3)), mix(0.1, 0.6, pv_seed(5)), val));
        warp = weft * mix(0.6, 1.0, pv_seed(4));
    } else if (scheme < 0.65) {
        weft = pv_hsv2rgb(vec3(pv_seed(3), sat, val));
        warp = pv_hsv2rgb(vec3(pv_seed(4), sat * 0.8, val * mix(0.5, 1.0, pv_seed(8))));
    } else {
        float rep = floor(mix(2.0, 6.0, pv_seed(8)));
        weft = pv_hsv2rgb(vec3(fract(pv_seed(3) + 0.15 * mod(float(c.y), rep)), sat, val * (0.7 + 0.3 * mod(float(c.y), 2.0))));
        warp = pv_hsv2rgb(vec3(fract(pv_seed(4) + 0.15 * mod(float(c.x), rep)), sat, val * (0.7 + 0.3 * mod(float(c.x), 2.0))));
    }
    float fibre = pv_vnoise(p * vec2(8.0, 1.5)) * 0.3;
    float fibre2 = pv_vnoise(p * vec2(1.5, 8.0)) * 0.3;
    // backing seen through the gaps
    vec3 col = pv_hsv2rgb(vec3(pv_seed(6), 0.4, mix(0.05, 0.95, pv_seed(7))));
    bool hOnTop = over == 1;
    float top = hOnTop ? ph : pv, bot = hOnTop ? pv : ph;
    vec3 topc = hOnTop ? weft * (0.7 + fibre) : warp * (0.7 + fibre2);
    vec3 botc = hOnTop ? warp * (0.7 + fibre2) : weft * (0.7 + fibre);
    // along its length, the top thread dips at the cell ends where it goes under
    float along = hOnTop ? f.x : f.y;
    float dip = 0.7 + 0.3 * sin(3.14159265 * along);
    if (bot > 0.0) col = botc * (0.35 + 0.45 * sqrt(bot));
    if (top > 0.0) col = topc * (0.45 + 0.65 * sqrt(top)) * dip;
    // broad lighting across the cloth
    vec2 gd = vec2(cos(6.2831853 * pv_seed(9)), sin(6.2831853 * pv_seed(9)));
    col *= 1.0 + mix(0.0, 0.7, pv_seed(10)) * dot(uv, gd);
    // sometimes the weave bows like the side of a basket: darker toward the edges
    col *= 1.0 - step(0.6, pv_seed(11)) * 0.8 * dot(uv, uv);
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
