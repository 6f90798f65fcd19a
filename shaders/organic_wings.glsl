// name: organic_wings
// family: organic
// author: procvision
// licence: MIT
// description: An insect wing membrane: long veins running out from the base, cross-veins and a fine polygonal cell mesh between, iridescent film, smoky or amber tint bands and a darker pterostigma spot; one wing or a fore- and hind-wing pair, framed from a membrane close-up to whole wings over a blurred backdrop.
// params: iSeed.x cell size, iSeed.y vein count, iSeed.z iridescence, iSeed.w framing (close-up to whole wing); pv_seed(1) rotation, pv_seed2(2) framing offset, pv_seed(3) wing breadth, pv_seed(6..8) backdrop hue, saturation and brightness, pv_seed(4) backdrop blur pattern, pv_seed(9) membrane opacity, pv_seed(10..13) tint hue, amount, band position and width, pv_seed(14) vein darkness, pv_seed(15) hind wing and its sweep, pv_seed(16) pterostigma colour

#include "hash.glsl"
#include "noise.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 p0 = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    // framing: close-ups look at a seed point of the membrane, wide views show the whole wing
    float zoom = mix(0.4, 1.3, iSeed.w);
    vec2 look = vec2(0.55, 0.0) + (pv_seed2(2) - 0.5) * vec2(0.6, 0.25) * (1.3 - zoom);
    vec2 uv = pv_rot2(6.2831853 * pv_seed(1) + 0.03 * sin(2.0 * iTime)) * p0 * zoom + look;
    // wing outline: an ellipse-like blade from the base at the origin
    vec2 rad = vec2(0.55, mix(0.12, 0.28, pv_seed(3)));
    float blade = length((uv - vec2(0.55, 0.0)) / rad) - 1.0;
    // an optional hind wing from the same base, swept back; it uses its own frame for the mesh
    float sweep = mix(0.35, 0.8, fract(pv_seed(15) * 3.0));
    vec2 uvh = pv_rot2(sweep) * uv * 1.12;
    float bladeH = pv_seed(15) < 0.6 ? length((uvh - vec2(0.55, 0.0)) / (rad * vec2(1.0, 1.15))) - 1.0 : 1e3;
    bool front = blade < 0.0 || bladeH > 0.0;
    vec2 w = front ? uv : uvh;
    float bl = front ? blade : bladeH;
    // longitudinal veins: lines fanning from the base
    float fan = pv_atan2(w.y, w.x + 0.1);
    float nv = mix(5.0, 12.0, iSeed.y);
    // distance to the nearest fan line (angle gap times radius), so the veins stay continuous lines
    float lv = abs(fract(fan / 0.6 * nv + 0.5) - 0.5) * 0.6 / nv * length(w + vec2(0.1, 0.0));
    vec4 cells = pv_voronoi_edge(w * mix(18.0, 40.0, iSeed.x) * vec2(0.6, 1.0), 0.8);
    vec3 film = pv_hsv2rgb(vec3(fract(cells.y * 0.2 + w.x * 2.0 + 0.2 * iTime), 0.5, 1.0));
    vec3 mem = mix(vec3(0.85, 0.88, 0.9), film, mix(0.1, 0.7, iSeed.z));
    // backdrop: a blurred scene of any colour, dark to bright
    vec3 bg = pv_hsv2rgb(vec3(pv_seed(6), mix(0.05, 0.75, pv_seed(7)), mix(0.04, 0.85, pv_seed(8))));
    bg *= 0.7 + 0.6 * pv_fbm(p0 * 2.5 + 5.0 * pv_seed(4), 3);
    vec3 vein = pv_hsv2rgb(vec3(0.07, 0.6, mix(0.04, 0.35, pv_seed(14))));
    vec3 col = bg;
    if (bl < 0.0) {
        col = mix(bg, mem, mix(0.35, 0.75, pv_seed(9)));
        // tint band (smoky, amber or coloured) at a seed place along the wing; wide bands tint it all
        float along = w.x / 1.1;
        float bw = mix(0.12, 1.0, pv_seed(13));
        float band = smoothstep(bw, 0.6 * bw, abs(along - pv_seed(12)));
        vec3 tint = pv_hsv2rgb(vec3(mix(-0.05, 0.15, pv_seed(10)), 0.8, mix(0.15, 0.8, pv_seed(10))));
        col = mix(col, tint, band * mix(0.0, 0.85, pv_seed(11)));
        col = mix(col, vein * 1.2, smoothstep(0.04, 0.0, cells.x) * 0.8);
        col = mix(col, vein, smoothstep(0.002 + 0.004 * zoom, 0.001, lv));
        float stig = length((w - vec2(0.85, 0.5 * rad.y)) / vec2(0.06, 0.025));
        vec3 stc = pv_hsv2rgb(vec3(mix(-0.05, 0.12, pv_seed(16)), 0.7, mix(0.1, 0.7, pv_seed(16) * pv_seed(16))));
        col = mix(col, stc, smoothstep(1.0, 0.8, stig));
    }
    col = mix(col, vein, smoothstep(0.03 * zoom, 0.0, abs(blade)));
    col = mix(col, vein, smoothstep(0.03 * zoom, 0.0, abs(bladeH)) * step(0.0, blade));
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
