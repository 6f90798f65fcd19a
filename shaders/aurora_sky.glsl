// name: aurora_sky
// family: aurora
// author: procvision
// licence: MIT
// description: Rippling aurora curtains with stars in a sky from deep night to blue twilight with a glowing horizon, over a dark forest edge, moonlit snow fields or a still lake mirroring the lights; or looked at straight up, a corona of rays converging overhead; green, violet, red or seeded curtain colours.
// params: iSeed.x curtain height, iSeed.y ripple frequency, iSeed.z colours, iSeed.w curtain brightness; pv_seed2(1) star field, pv_seed(2) second seeded hue, pv_seed(3..5) curtain offsets, pv_seed(6..8) curtain fall-off, pv_seed(9) sky brightness (night to twilight), pv_seed(10) twilight glow hue, pv_seed(11) horizon height, pv_seed(12) foreground (forest, snow, lake), pv_seed(13) view (towards the horizon or straight up), pv_seed2(14) corona centre, pv_seed(15) curtain tilt

#include "noise.glsl"
#include "sdf.glsl"
#include "palette.glsl"

vec3 c0, c1;

// aurora light at curtain coordinates (x along the arc, y up from the lower edge region)
vec3 aurora(vec2 q, float freq, float lift) {
    vec3 acc = vec3(0.0);
    for (int i = 0; i < 3; i++) {
        float fi = float(i);
        float x = q.x * freq * (1.0 + 0.3 * fi) + 10.0 * pv_seed(3 + i);
        float base = lift + 0.12 * (pv_fbm(vec2(x * 0.5, fi * 7.0 + 0.05 * iTime), 3) - 0.5) * 2.0 + 0.08 * fi;
        float h = q.y - base;
        // Bright lower edge that fades upward, striated by fine vertical rays.
        float curtain = smoothstep(-0.02, 0.01, h) * exp(-max(h, 0.0) * mix(3.0, 9.0, pv_seed(6 + i)));
        float rays = 0.5 + 0.5 * pv_vnoise(vec2(x * 12.0, 0.3 * iTime + fi));
        acc += mix(c0, c1, clamp(h * 3.0, 0.0, 1.0)) * curtain * rays;
    }
    return acc;
}

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = fragCoord / iResolution.xy;
    float ar = iResolution.x / iResolution.y;
    c0 = iSeed.z < 0.4 ? vec3(0.1, 1.0, 0.4) : pv_hsv2rgb(vec3(iSeed.z, 0.8, 1.0));
    c1 = iSeed.z < 0.7 ? vec3(0.6, 0.2, 0.9) : pv_hsv2rgb(vec3(pv_seed(2), 0.8, 1.0));
    if (iSeed.z > 0.85) { c0 = vec3(1.0, 0.2, 0.25); c1 = vec3(0.3, 1.0, 0.5); }  // rare red-topped display
    float gain = mix(0.7, 1.5, iSeed.w);
    float freq = mix(2.0, 6.0, iSeed.y);
    // sky: deep night to blue twilight, with a seeded glow low on the horizon
    float sb = pv_seed(9);
    vec3 zen = mix(vec3(0.0, 0.01, 0.04), vec3(0.1, 0.2, 0.45), sb);
    vec3 glow = pv_hsv2rgb(vec3(fract(0.55 + 0.55 * pv_seed(10)), 0.55, mix(0.1, 0.85, sb)));
    bool up = pv_seed(13) < 0.25;
    float hz = mix(0.06, 0.45, pv_seed(11));
    int fg = pv_seed_int(12, 0, 2);
    // stars
    vec2 sp = fragCoord / iResolution.y * 40.0;
    float st = pv_ihash12(ivec2(floor(sp)) + ivec2(floor(100.0 * pv_seed2(1))));
    float star = step(0.985, st) * smoothstep(0.4, 0.0, length(fract(sp) - 0.5)) * (1.0 - 0.7 * sb);
    if (up) {
        // straight up: curtains wrap around a convergence point; rays point at it
        vec2 cc = 0.5 + 0.3 * (pv_seed2(14) - 0.5);
        vec2 d = (uv - cc) * vec2(ar, 1.0);
        float ang = pv_atan2(d.y, d.x) / 6.2831853 + 0.5;
        float rad = length(d);
        vec3 col = mix(zen * 1.5 + 0.25 * glow, zen, smoothstep(0.0, 0.7, rad));
        col += vec3(0.9) * star;
        col += gain * 1.2 * aurora(vec2(ang * 3.0, 2.0 * (0.6 - rad)), freq, mix(0.05, 0.4, iSeed.x));
        fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
        return;
    }
    // towards the horizon: the lake mirrors the sky below it
    bool lake = fg == 2 && uv.y < hz;
    vec2 q = lake ? vec2(uv.x, 2.0 * hz - uv.y) : uv;
    q.y += 0.15 * (pv_seed(15) - 0.5) * (q.x - 0.5);
    float e = q.y - hz;
    vec3 col = mix(glow, zen, smoothstep(0.0, 0.45, e));
    col += vec3(0.9) * star * step(hz, uv.y);
    vec3 au = gain * aurora(vec2(q.x * ar, e), freq, mix(0.12, 0.4, iSeed.x));
    col += au;
    // foreground below the horizon, lit by the aurora's overall colour
    vec3 lit = gain * 0.35 * (c0 + 0.5 * c1) * mix(0.3, 0.8, iSeed.x);
    float hzl = hz + (fg == 2 ? 0.0 : 0.04 * pv_fbm(vec2(uv.x * 6.0 * ar, 3.0), 3));
    if (fg == 0) {
        // dark forest edge: spiky tree line above a dark hill
        float tree = hzl + 0.05 * pow(abs(sin(uv.x * ar * 60.0 + 3.0 * hzl)), 3.0) * (0.8 + 8.0 * (hzl - hz));
        col = mix(col, zen * 0.4 + 0.08 * lit, smoothstep(tree + 0.004, tree - 0.004, uv.y));
    } else if (fg == 1) {
        // moonlit snow, brighter with twilight, tinted by the aurora
        vec3 snow = mix(vec3(0.25, 0.3, 0.42), vec3(0.75, 0.8, 0.9), sb) + lit * 0.6;
        snow *= 0.85 + 0.15 * pv_vnoise(vec2(uv.x * 8.0, uv.y * 30.0));
        col = mix(col, snow * mix(0.8, 1.1, (hzl - uv.y) / max(hzl, 0.01)), smoothstep(hzl + 0.004, hzl - 0.004, uv.y));
    } else if (lake) {
        col *= 0.75;
        col = mix(col, zen * 0.3, smoothstep(0.006, 0.0, abs(uv.y - hz + 0.004)));
    }
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
