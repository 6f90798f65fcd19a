// name: particles_fireworks
// family: particles
// author: procvision
// licence: MIT
// description: Fireworks bursts over a skyline and water: shells exploding into rings of sparks falling under gravity with fading trails, lighting up smoke haze, under a sky from deep night to dusk glow or city haze, mirrored in the water.
// params: iSeed.x burst count, iSeed.y burst size and sparks per burst, iSeed.z colour scheme (hue, spread, saturation), iSeed.w sky brightness (night to dusk); pv_seed: sky hues, burst placement, smoke, skyline and water heights

#include "hash.glsl"
#include "noise.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = fragCoord / iResolution.y;
    float W = iResolution.x / iResolution.y;
    // water line and skyline: seed-driven heights so the horizon moves through the frame
    float waterY = mix(0.0, 0.22, pv_seed(1));
    float skyY = waterY + mix(0.04, 0.3, pv_seed(2));
    // below the water line show the mirrored scene, rippled and darkened
    vec2 p = uv;
    bool water = uv.y < waterY;
    if (water) {
        p.y = 2.0 * waterY - uv.y;
        p.x += 0.012 * (pv_vnoise(vec2(uv.x * 8.0, uv.y * 90.0 + 2.0 * iTime)) - 0.5);
    }
    // sky: a gradient from a zenith to a horizon colour; brightness runs from deep night to dusk or lit haze
    float lit = 0.5 * (iSeed.w + sqrt(iSeed.w));
    vec3 zen = pv_hsv2rgb(vec3(mix(0.45, 0.85, pv_seed(3)), mix(0.4, 0.9, pv_seed(4)), mix(0.01, 0.35, lit)));
    vec3 hor = pv_hsv2rgb(vec3(fract(mix(0.55, 1.2, pv_seed(5))), mix(0.2, 0.85, pv_seed(6)), mix(0.03, 0.8, lit)));
    float gy = clamp((p.y - skyY) / mix(0.3, 1.0, pv_seed(7)), 0.0, 1.0);
    vec3 col = mix(hor, zen, sqrt(gy));
    // drifting smoke that the bursts light up
    float smoke = pv_fbm(p * 3.0 + vec2(0.04 * iTime, 7.0 * pv_seed(8)), 3);
    float haze = mix(0.15, 0.9, pv_seed(9));
    col *= 0.75 + 0.5 * smoke;
    int bursts = 1 + int(iSeed.x * 5.99);
    int sparks = 16 + int(iSeed.y * 24.0);
    float size = mix(0.12, 0.42, iSeed.y);
    // colour scheme: a base hue, a spread around it and a saturation (white-gold to vivid)
    float hue0 = pv_seed(10);
    float spread = mix(0.05, 1.0, iSeed.z);
    float sat = mix(0.3, 1.0, pv_seed(11));
    // bursts gather around a seed-driven point of the sky
    float cx = mix(0.2, 0.8, pv_seed(12)) * W, cw = mix(0.12, 0.45, pv_seed(13)) * W;
    for (int b = 0; b < 6; b++) {
        if (b >= bursts) break;
        float period = 3.0 + pv_seed(20 + b);
        float tb = iTime + period * pv_seed(30 + b);
        float cycle = floor(tb / period);
        float age = fract(tb / period) * period;
        float hb = pv_hash11(cycle + float(b) * 7.0);
        vec2 ctr = vec2(clamp(cx + cw * (2.0 * hb - 1.0), 0.1, W - 0.1),
                        mix(skyY + 0.15, 0.9, pv_hash11(cycle * 3.0 + float(b))));
        vec3 hue = pv_hsv2rgb(vec3(fract(hue0 + spread * (pv_seed(40 + b) - 0.5) + 0.1 * spread * pv_hash11(cycle + 1.3)), sat, 1.0));
        float fade = exp(-age * 0.7);
        vec2 q = p - ctr + vec2(0.0, 0.05 * age * age);
        // the flash lights the smoke in a wide soft glow: the burst's coarse footprint
        float r2 = dot(q, q) / (size * size);
        col += hue * haze * (0.15 + 0.85 * smoke) * exp(-age * 1.2) * exp(-r2) * 0.9;
        if (length(q) > size * 1.1 + 0.15) continue;
        for (int s = 0; s < 40; s++) {
            if (s >= sparks) break;
            float ang = 6.2831853 * (float(s) + 0.3 * pv_hash11(float(s) + cycle)) / float(sparks);
            float speed = size * (0.8 + 0.2 * pv_hash11(float(s) * 1.7 + cycle));
            vec2 v = vec2(cos(ang), sin(ang)) * speed;
            // position under drag and gravity; the trail is the segment back along the path
            float tt = 1.0 - exp(-age * 2.0);
            vec2 pos = ctr + v * tt - vec2(0.0, 0.05 * age * age);
            vec2 prev = ctr + v * tt * 0.7 - vec2(0.0, 0.05 * age * age * 0.8);
            vec2 pa = p - prev, ba = pos - prev;
            float h = clamp(dot(pa, ba) / max(dot(ba, ba), 1e-6), 0.0, 1.0);
            float d = length(pa - ba * h);
            // the glow is windowed to 0.15 so that skipping distant bursts leaves no edge
            col += hue * fade * (0.004 / (d + 0.003)) * (0.3 + 0.7 * h) * smoothstep(0.15, 0.0, d);
        }
    }
    // skyline silhouette, faintly lit by the horizon, with lit windows
    float bx = floor(p.x * mix(10.0, 30.0, pv_seed(14)));
    float bh = skyY - 0.1 * pv_hash11(bx + 0.5 + 10.0 * pv_seed(15));
    if (p.y < bh) col = hor * 0.12 + step(mix(0.85, 0.99, pv_seed(17)), pv_hash12(floor(p * vec2(120.0, 90.0)))) * vec3(0.6, 0.5, 0.2);
    if (water) col = col * mix(0.35, 0.7, pv_seed(16)) + 0.04 * pv_vnoise(vec2(uv.x * 30.0, uv.y * 200.0 + iTime));
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
