// name: glyphs_dotmatrix
// family: glyphs
// author: procvision
// licence: MIT
// description: A scrolling dot-matrix sign: invented 5x7 characters made of round LEDs, dim unlit dots between, on one or several text lines.
// params: iSeed.x dot size, iSeed.y line count, iSeed.z LED colour, iSeed.w character density and scroll speed

#include "hash.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = fragCoord / iResolution.y;
    int lines = 1 + int(iSeed.y * 3.99);
    float dots = mix(24.0, 64.0, iSeed.x);
    vec2 p = uv * dots;
    float lineH = dots / float(lines);
    float li = floor(p.y / lineH);
    float y = p.y - li * lineH - 0.5 * (lineH - 9.0);
    float speed = mix(2.0, 9.0, iSeed.w) * (mod(li, 2.0) * 2.0 - 1.0);
    float x = p.x + floor(iTime * speed) + 100.0 * li;
    ivec2 dot = ivec2(floor(vec2(x, y)));
    vec2 f = fract(vec2(x, y)) - 0.5;
    int ch = int(floor(float(dot.x) / 6.0));
    int cx = dot.x - 6 * ch;
    int cy = dot.y - 1;
    bool inside = cx < 5 && cy >= 0 && cy < 7 && y > 0.0 && y < 9.0;
    bool space = pv_ihash12(ivec2(ch, int(li) + 7)) < 0.2;
    // glyph bitmap: mirrored halves read as letters more often than pure noise
    int mx = cx < 3 ? cx : 4 - cx;
    float bitp = pv_ihash12(ivec2(ch * 8 + mx + (pv_ihash12(ivec2(ch, 3)) < 0.4 ? 0 : cx), cy + 31 * int(li)));
    bool on = inside && !space && bitp < mix(0.3, 0.55, iSeed.w);
    float r = length(f);
    float lamp = smoothstep(0.42, 0.3, r);
    vec3 led = pv_hsv2rgb(vec3(iSeed.z, mix(0.6, 1.0, pv_seed(1)), 1.0));
    if (pv_seed(2) > 0.7) led = pv_hsv2rgb(vec3(fract(iSeed.z + 0.03 * float(ch)), 0.8, 1.0));
    vec3 col = vec3(0.03, 0.03, 0.035);
    col += lamp * (on ? led : led * 0.1 + 0.04);
    col += on ? led * 0.25 * exp(-r * 4.0) : vec3(0.0);
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
