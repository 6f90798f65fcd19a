// name: ui_windows
// family: ui
// author: procvision
// licence: MIT
// description: A desktop of overlapping application windows: title bars with buttons, text lines, image panes, buttons and sliders, with drop shadows over a wallpaper.
// params: iSeed.x window count, iSeed.y theme (light, dark, retro), iSeed.z accent colour, iSeed.w window size

#include "hash.glsl"
#include "noise.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = fragCoord / iResolution.y;
    vec3 col = mix(pv_seedpal(uv.y * 0.5, 3), pv_seedpal(uv.x * 0.5 + 0.5, 3), 0.5) * 0.8;
    int n = 2 + int(iSeed.x * 4.99);
    int theme = int(iSeed.y * 2.99);
    vec3 accent = pv_hsv2rgb(vec3(iSeed.z, 0.7, 0.85));
    vec3 body = theme == 1 ? vec3(0.16, 0.17, 0.2) : (theme == 2 ? vec3(0.75) : vec3(0.97));
    vec3 bar = theme == 2 ? vec3(0.0, 0.0, 0.55) : (theme == 1 ? vec3(0.24, 0.25, 0.3) : vec3(0.88));
    vec3 text = theme == 1 ? vec3(0.8) : vec3(0.2);
    float corner = theme == 2 ? 0.0 : 0.012;
    float px = 1.0 / iResolution.y;
    for (int i = 0; i < 6; i++) {
        if (i >= n) break;
        vec2 sz = mix(vec2(0.2, 0.15), vec2(0.45, 0.38), pv_seed2(10 + i)) * mix(0.7, 1.3, iSeed.w);
        vec2 c = 0.15 + 0.7 * pv_seed2(20 + i) + 0.02 * vec2(sin(0.3 * iTime + float(i)), 0.0);
        vec2 q = uv - c;
        float d = pv_sdBox2(q, sz - corner) - corner;
        float sh = pv_sdBox2(q + vec2(-0.01, 0.015), sz - corner) - corner;
        col = mix(col, col * 0.5, smoothstep(0.03, -0.01, sh) * 0.6);
        if (d < 0.0) {
            vec2 l = q + sz;  // local coords from the bottom-left corner
            col = body;
            float th = 0.045;
            if (l.y > 2.0 * sz.y - th) {
                col = i == n - 1 ? (theme == 2 ? bar : mix(bar, accent, 0.3)) : bar;
                for (int b = 0; b < 3; b++) {
                    vec2 bp = vec2(2.0 * sz.x - 0.025 - 0.03 * float(b), 2.0 * sz.y - th * 0.5);
                    vec3 bc = theme == 0 ? vec3(0.9, 0.3 + 0.3 * float(b), 0.25) : text;
                    col = mix(col, bc, smoothstep(0.01, 0.007, length(l - bp)));
                }
                float tl = step(0.02, l.x) * step(l.x, 0.02 + sz.x * 0.6) * step(abs(l.y - (2.0 * sz.y - th * 0.5)), 0.006);
                col = mix(col, theme == 2 ? vec3(1.0) : text, tl * 0.7);
            } else {
                int kind = int(3.0 * pv_seed(30 + i));
                if (kind == 0) {  // text lines
                    float line = floor(l.y / 0.03);
                    float len = 0.3 + 0.7 * pv_hash11(line + float(i) * 13.0);
                    float on = step(0.02, l.x) * step(l.x, 0.02 + (2.0 * sz.x - 0.04) * len) * step(abs(fract(l.y / 0.03) - 0.5), 0.17);
                    col = mix(col, text, on * 0.8);
                } else if (kind == 1) {  // image pane
                    vec2 ip = l - vec2(0.02);
                    if (ip.x < 2.0 * sz.x - 0.04 && ip.y < 2.0 * sz.y - th - 0.04 && ip.x > 0.0 && ip.y > 0.0) col = pv_seedpal(pv_fbm(ip * 8.0 + float(i), 3), 40 + i);
                } else {  // buttons and a slider
                    vec2 bp = vec2(mod(l.x, 0.12) - 0.06, l.y - 0.05);
                    col = mix(col, accent, step(pv_sdBox2(bp, vec2(0.045, 0.018)) - 0.006, 0.0));
                    float sl = abs(l.y - sz.y) ;
                    col = mix(col, text * 0.5 + 0.3, step(sl, 0.003) * step(0.03, l.x) * step(l.x, 2.0 * sz.x - 0.03));
                    float knob = length(l - vec2(0.03 + (2.0 * sz.x - 0.06) * (0.5 + 0.5 * sin(iTime + float(i))), sz.y));
                    col = mix(col, accent, smoothstep(0.014, 0.011, knob));
                }
            }
        }
        col = mix(col, theme == 2 ? vec3(0.0) : col * 0.6, smoothstep(px, 0.0, abs(d)));
    }
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
