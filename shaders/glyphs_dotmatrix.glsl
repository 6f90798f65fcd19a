// name: glyphs_dotmatrix
// family: glyphs
// author: procvision
// licence: MIT
// description: A scrolling dot-matrix sign: invented 5x7 characters made of round LEDs (or dark dots on a backlit LCD-style field), dim unlit dots between, on one or several text lines, in a framed panel of seeded size and place on a wall.
// params: iSeed.x panel height (hence dot size), iSeed.y line count, iSeed.z LED colour, iSeed.w character density and scroll speed; pv_seed(1..2) LED saturation and per-character hues, pv_seed(3) panel width, pv_seed2(4) panel position, pv_seed(6) LED or backlit scheme, pv_seed(7) per-line hues, pv_seed(8..10) panel colour, pv_seed(11) glow, pv_seed(12..15) wall and bezel colours

#include "hash.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = fragCoord / iResolution.y;
    int lines = 1 + int(iSeed.y * 3.99);
    // the panel: seeded height and width (it may fill the frame), placed anywhere on the wall;
    // the dot pitch follows from the panel height, so a one-line tall panel has huge dots
    float sh = mix(0.3, 1.15, iSeed.x);
    float ph = min(sh, 1.0);
    float sw = mix(0.55, 1.3, pv_seed(3));
    vec2 ctr = 0.5 + (pv_seed2(4) - 0.5) * vec2(max(1.0 - sw, 0.0) + 0.1, 1.0 - ph);
    vec2 q = uv - ctr;
    float pitch = ph / (float(lines) * 9.0 + 1.0);
    vec2 p = (q + 0.5 * vec2(sw, ph)) / pitch;
    float yy = p.y - 0.5;
    float li = floor(yy / 9.0);
    float y = yy - li * 9.0;
    float speed = mix(2.0, 9.0, iSeed.w) * (mod(li, 2.0) * 2.0 - 1.0);
    float x = p.x + floor(iTime * speed) + 100.0 * li;
    ivec2 dot = ivec2(floor(vec2(x, y)));
    vec2 f = fract(vec2(x, y)) - 0.5;
    int ch = int(floor(float(dot.x) / 6.0));
    int cx = dot.x - 6 * ch;
    int cy = dot.y - 1;
    bool inside = cx < 5 && cy >= 0 && cy < 7 && li >= 0.0 && li < float(lines);
    bool space = pv_ihash12(ivec2(ch, int(li) + 7)) < 0.2;
    // glyph bitmap: mirrored halves read as letters more often than pure noise
    int mx = cx < 3 ? cx : 4 - cx;
    float bitp = pv_ihash12(ivec2(ch * 8 + mx + (pv_ihash12(ivec2(ch, 3)) < 0.4 ? 0 : cx), cy + 31 * int(li)));
    bool on = inside && !space && bitp < mix(0.3, 0.55, iSeed.w);
    float r = length(f);
    float lamp = smoothstep(0.42, 0.3, r);
    float hue = iSeed.z + (pv_seed(7) > 0.6 ? 0.31 * clamp(li, 0.0, float(lines - 1)) : 0.0);
    vec3 led = pv_hsv2rgb(vec3(fract(hue), mix(0.5, 1.0, pv_seed(1)), 1.0));
    if (pv_seed(2) > 0.7) led = pv_hsv2rgb(vec3(fract(hue + 0.03 * float(ch)), 0.8, 1.0));
    vec3 col;
    if (pv_seed(6) < 0.72) {
        // LEDs on a dark plate; lit lines spill a soft glow over the plate
        col = pv_hsv2rgb(vec3(pv_seed(8), 0.6 * pv_seed(9), mix(0.01, 0.2, pv_seed(10))));
        float band = (li >= 0.0 && li < float(lines)) ? smoothstep(0.0, 2.0, y) * smoothstep(9.0, 7.0, y) : 0.0;
        float glow = mix(0.05, 0.35, pv_seed(11));
        col += led * glow * band * mix(0.3, 0.6, iSeed.w);
        col += lamp * (on ? led : led * 0.1 + 0.04);
        col += on ? led * 0.25 * exp(-r * 4.0) : vec3(0.0);
    } else {
        // backlit LCD-style panel: the backlight is the LED colour, lit dots are dark
        vec3 back = pv_hsv2rgb(vec3(fract(hue), mix(0.2, 0.7, pv_seed(1)), mix(0.6, 0.95, pv_seed(10))));
        col = back;
        col = mix(col, back * 0.82, lamp);
        if (on) col = mix(col, back * 0.12, lamp);
    }
    // bezel and the wall around the panel
    float bd = pv_sdBox2(q, 0.5 * vec2(sw, ph) + 0.5 * pitch);
    float bez = mix(0.008, 0.03, pv_seed(15));
    vec3 wall = pv_hsv2rgb(vec3(pv_seed(12), 0.5 * pv_seed(13), mix(0.1, 0.9, pv_seed(14))));
    wall *= 0.85 + 0.3 * uv.y;
    vec3 metal = vec3(mix(0.15, 0.7, pv_seed(15)));
    if (bd > 0.0) col = bd < bez ? metal * (0.8 + 0.4 * smoothstep(bez, 0.0, bd)) : wall;
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
