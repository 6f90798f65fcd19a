// name: water_ocean
// family: water
// author: procvision
// licence: MIT
// description: Open sea: sums of directional travelling waves with sun glitter, sky reflection, breaking whitecaps and foam streaks aligned with the wind, from calm to stormy; seen straight down or from a boat towards a horizon, under skies from bright noon through overcast and sunset to moonlit dusk, in waters from tropical turquoise to slate grey.
// params: iSeed.x wave scale, iSeed.y wind direction, iSeed.z sea state (foam amount), iSeed.w water hue; pv_seed(1) view (from above or towards the horizon), pv_seed(2) horizon height, pv_seed(3) camera height, pv_seed(4) sky kind (noon, overcast, sunset, dusk, hazy), pv_seed(5) water brightness, pv_seed(6) water saturation, pv_seed(7..8) sun azimuth and elevation, pv_seed(9) sky hue shift, pv_seed(10..28) wave directions and phases

#include "hash.glsl"
#include "noise.glsl"
#include "sdf.glsl"
#include "palette.glsl"

// sky colour for a direction of elevation e (0 horizon .. 1 zenith) and sun closeness s
vec3 sky(float e, float s, vec3 hor, vec3 zen, vec3 sunc) {
    vec3 c = mix(hor, zen, pow(clamp(e, 0.0, 1.0), 0.45));
    return c + sunc * (0.35 * pow(s, 8.0) + 2.0 * pow(s, 600.0));
}

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    // sky kind: noon blue, overcast grey, sunset, moonlit dusk, hazy pastel
    int kind = pv_seed_int(4, 0, 4);
    float hs = pv_seed(9) - 0.5;
    vec3 hor, zen, sunc;
    if (kind == 0) { hor = vec3(0.75, 0.85, 0.95); zen = pv_hsv2rgb(vec3(0.58 + 0.05 * hs, 0.65, 0.85)); sunc = vec3(1.0, 0.95, 0.85); }
    else if (kind == 1) { hor = vec3(0.72, 0.74, 0.76); zen = vec3(0.5, 0.53, 0.58) + 0.1 * hs; sunc = vec3(0.4); }
    else if (kind == 2) { hor = pv_hsv2rgb(vec3(0.06 + 0.06 * hs, 0.75, 1.0)); zen = pv_hsv2rgb(vec3(0.72 + 0.1 * hs, 0.6, 0.45)); sunc = vec3(1.0, 0.6, 0.25); }
    else if (kind == 3) { hor = pv_hsv2rgb(vec3(0.62 + 0.05 * hs, 0.5, 0.35)); zen = vec3(0.02, 0.04, 0.12); sunc = vec3(0.8, 0.85, 1.0); }
    else { hor = pv_hsv2rgb(vec3(fract(0.9 + hs), 0.25, 0.95)); zen = pv_hsv2rgb(vec3(0.55 + 0.2 * hs, 0.35, 0.85)); sunc = vec3(1.0, 0.9, 0.8); }
    float saz = 6.2831853 * pv_seed(7);
    float sel = kind == 2 ? 0.03 + 0.08 * pv_seed(8) : 0.1 + 0.6 * pv_seed(8);
    vec3 L = normalize(vec3(cos(saz) * cos(sel), sin(saz) * cos(sel), sin(sel)));

    // view: straight down, or looking at the horizon (seeded height) from a seeded camera height
    bool persp = pv_seed(1) < 0.55;
    float hz = mix(-0.1, 0.4, pv_seed(2));
    float camH = mix(0.4, 2.0, pv_seed(3));
    vec3 d;
    vec2 wp;
    float dist = 0.0;
    if (persp) {
        // forward is +y, up is +z; the sun stands somewhere ahead, so its glitter path shows
        float fa = 1.5708 + 2.2 * (pv_seed(7) - 0.5);
        L = normalize(vec3(cos(fa) * cos(sel), sin(fa) * cos(sel), sin(sel)));
        d = normalize(vec3(uv.x, 1.0, uv.y - hz));
        if (d.z >= -0.002) {
            float s = max(dot(d, L), 0.0);
            vec3 c = sky(d.z * 2.5, s, hor, zen, sunc);
            // soft cloud banks
            float cl = pv_fbm(vec2(d.x, 1.0) / (d.z + 0.15) * 1.5 + vec2(0.03 * iTime, 0.0), 3);
            c = mix(c, hor * 1.1, 0.5 * smoothstep(0.45, 0.8, cl));
            fragColor = vec4(clamp(c, 0.0, 1.0), 1.0);
            return;
        }
        dist = camH / -d.z;
        wp = d.xy * dist;
    } else {
        d = normalize(vec3(uv * 0.35, -1.0));
        wp = uv * 2.0;
    }
    float sc = mix(2.5, 9.0, iSeed.x);
    vec2 p = wp * sc;
    float wind = 6.28 * iSeed.y;
    float h = 0.0;
    vec2 grad = vec2(0.0);
    float amp = 1.0, fr = 1.0;
    for (int i = 0; i < 9; i++) {
        float a = wind + 1.2 * (pv_seed(10 + i) - 0.5);
        vec2 k = vec2(cos(a), sin(a)) * fr;
        float ph = dot(p, k) - sqrt(fr) * 1.5 * iTime + 6.28 * pv_seed(20 + i);
        // trochoid-like crest: sharpen the sine towards the top
        float s = sin(ph);
        h += amp * (s + 0.3 * s * s);
        grad += amp * cos(ph) * (1.0 + 0.6 * s) * k;
        amp *= 0.72;
        fr *= 1.32;
    }
    // far away the waves blur out (no aliasing towards the horizon)
    float fade = persp ? exp(-dist * sc * 0.012) : 1.0;
    float stormy = mix(0.12, 0.35, iSeed.z);
    vec3 n = normalize(vec3(-grad * stormy * fade, 1.0));
    // water body colour: hue from tropical green-cyan to navy, any brightness
    float wv = mix(0.08, 0.65, pv_seed(5));
    vec3 deep = pv_hsv2rgb(vec3(mix(0.42, 0.66, iSeed.w), mix(0.2, 0.95, pv_seed(6)), wv));
    // sky light tints the body: overcast greys it, sunsets warm it
    deep = mix(deep, hor * wv * 1.4, 0.3);
    vec3 r = reflect(d, n);
    float fres = 0.03 + 0.97 * pow(1.0 - max(dot(-d, n), 0.0), 5.0);
    fres = persp ? fres : fres * 0.5 + 0.12;
    vec3 refl = sky(abs(r.z), max(dot(r, L), 0.0), hor, zen, vec3(0.0));
    vec3 col = deep * (0.75 + 0.35 * n.z + 0.15 * h / 3.0) + refl * fres;
    float spec = pow(max(dot(r, L), 0.0), persp ? 300.0 : 60.0);
    col += sunc * spec * (persp ? 3.0 : 1.2);
    float foamAmt = iSeed.z;
    vec2 wd = vec2(cos(wind), sin(wind));
    float streak = pv_fbm(vec2(dot(p, wd) * 0.5, dot(p, vec2(-wd.y, wd.x)) * 4.0) + 0.2 * iTime, 4);
    float foam = smoothstep(3.0 - foamAmt, 3.6 - foamAmt, h + 0.8 * streak) * fade;
    col = mix(col, mix(vec3(0.92, 0.95, 0.97), hor, 0.3), foam * 0.85);
    // haze towards the horizon
    if (persp) col = mix(col, hor, smoothstep(0.0, 1.0, 1.0 - exp(-dist * 0.04)));
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
