// name: terrain_fields
// family: terrain
// author: procvision
// licence: MIT
// description: Farmland from the air: irregular parcels of crops ploughed in rows of different directions, hedges and tracks between them, and a winding river or a lake; seen straight down or obliquely towards a hazy horizon, in seasons from spring green and golden harvest to autumn browns, lavender, bulb fields in bloom and snow, under light from noon to dusk.
// params: iSeed.x parcel size (zoom), iSeed.y season (spring, summer, harvest, autumn, lavender, snow, bulb fields in bloom), iSeed.z river width (thread to lake), iSeed.w row spacing; pv_seed(1) map rotation, pv_seed2(2) river course, pv_seed(3) view (from above or oblique), pv_seed(4) horizon height, pv_seed(5) light (brightness and warmth), pv_seed(6) hedge amount, pv_seed(7) palette hue shift, pv_seed(8) sky hue, pv_seed(9) light tint (golden to cool)

#include "hash.glsl"
#include "noise.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    // light: from dim warm dusk to bright noon
    float lt = pv_seed(5);
    vec3 light = mix(vec3(0.55, 0.42, 0.4), vec3(1.15, 1.12, 1.05), lt) * mix(vec3(1.15, 0.95, 0.75), vec3(0.85, 0.95, 1.15), pv_seed(9));
    vec3 skyc = mix(pv_hsv2rgb(vec3(fract(0.02 + 0.12 * pv_seed(8)), 0.45, 0.75)), pv_hsv2rgb(vec3(0.55 + 0.06 * pv_seed(8), 0.25, 0.95)), lt);
    // view: straight down, or oblique towards a hazy horizon at a seed height
    bool oblique = pv_seed(3) < 0.45;
    float hz = mix(0.05, 0.42, pv_seed(4));
    float dist = 1.0;
    vec2 q = uv;
    if (oblique) {
        float dy = hz - uv.y;
        if (dy <= 0.0) {
            vec3 s = mix(skyc, skyc * vec3(0.7, 0.8, 1.0), smoothstep(0.0, 0.4, -dy));
            fragColor = vec4(clamp(s, 0.0, 1.0), 1.0);
            return;
        }
        dist = 0.25 / dy;
        q = vec2(uv.x * dist, dist);
    }
    q = pv_rot2(6.28 * pv_seed(1)) * q + vec2(0.03 * iTime, 0.01 * iTime);
    float sc = mix(1.5, 10.0, iSeed.x * iSeed.x);
    vec2 p = q * sc;
    p += 0.25 * vec2(pv_gfbm(q * 2.0, 3), pv_gfbm(q * 2.0 + 4.0, 3));
    // parcels: a grid whose cells are split once more along x or y
    ivec2 c = ivec2(floor(p));
    vec2 f = fract(p);
    float split = 0.3 + 0.4 * pv_ihash12(c);
    bool sx = pv_ihash12(c + ivec2(5, 5)) < 0.5;
    float side = sx ? step(split, f.x) : step(split, f.y);
    vec2 id = vec2(c) + side * 0.5 * (sx ? vec2(1, 0) : vec2(0, 1));
    float edge = min(min(f.x, 1.0 - f.x), min(f.y, 1.0 - f.y));
    edge = min(edge, abs((sx ? f.x : f.y) - split));
    float h = pv_hash12(id + 0.37);
    // season: each a base colour, a spread and a second crop colour
    int season = min(int(iSeed.y * 7.0), 6);
    float hsft = 0.06 * (pv_seed(7) - 0.5);
    vec3 ca, cb;
    if (season == 0) { ca = vec3(0.3, 0.55, 0.15); cb = vec3(0.55, 0.7, 0.25); }        // spring greens
    else if (season == 1) { ca = vec3(0.75, 0.65, 0.2); cb = vec3(0.35, 0.5, 0.15); }   // summer: wheat and green
    else if (season == 2) { ca = vec3(0.9, 0.75, 0.35); cb = vec3(0.8, 0.55, 0.2); }    // harvest gold
    else if (season == 3) { ca = vec3(0.5, 0.3, 0.15); cb = vec3(0.7, 0.45, 0.2); }     // autumn browns
    else if (season == 4) { ca = vec3(0.5, 0.4, 0.7); cb = vec3(0.45, 0.6, 0.25); }     // lavender and green
    else if (season == 5) { ca = vec3(0.92, 0.94, 0.97); cb = vec3(0.8, 0.82, 0.86); } // snow
    else {                                                                                // bulb fields in bloom
        float fh = pv_hash12(id + 0.57);
        ca = pv_hsv2rgb(vec3(fract(0.9 + 0.3 * fh + pv_seed(7)), 0.8, 0.9)); cb = pv_hsv2rgb(vec3(0.25, 0.6, 0.5));
    }
    vec3 crop = mix(ca, cb, h) * (0.85 + 0.3 * pv_hash12(id + 0.13));
    crop.rb += vec2(hsft, -hsft);
    if (h > 0.88) crop = season == 5 ? vec3(0.6, 0.6, 0.62) : vec3(0.45, 0.33, 0.22);  // bare ploughed soil
    float dir = 3.14159 * pv_hash12(id + 0.91);
    float rows = mix(25.0, 90.0, iSeed.w);
    float stripe = 0.5 + 0.5 * sin(dot(q, vec2(cos(dir), sin(dir))) * rows * 6.28);
    float fadeRows = oblique ? exp(-dist * 0.6) : 1.0;
    vec3 col = crop * (0.8 + 0.2 * mix(0.5, stripe, fadeRows)) * (0.9 + 0.2 * pv_vnoise(q * 30.0));
    // hedges and tracks
    vec3 hedge = season == 5 ? vec3(0.35, 0.35, 0.33) : vec3(0.12, 0.22, 0.08);
    float aa = oblique ? 0.02 * dist : 0.0;
    col = mix(col, hedge, smoothstep(0.035 + aa, 0.015, edge) * step(1.0 - pv_seed(6), pv_hash12(id)));
    col = mix(col, vec3(0.75, 0.7, 0.6), smoothstep(0.015 + aa, 0.0, edge) * 0.8);
    // river: zero set of a slow noise; a wide one becomes a lake
    float rv = pv_gfbm(q * 0.8 + 10.0 * pv_seed2(2), 4);
    float w = mix(0.008, 0.15, iSeed.z * iSeed.z * iSeed.z);
    vec3 water = mix(vec3(0.2, 0.38, 0.5), skyc * 0.85, 0.5) * (0.9 + 0.2 * pv_vnoise(q * 12.0 + iTime));
    col = mix(col, hedge * 0.9, smoothstep(w + 0.02, w + 0.006, abs(rv)));
    col = mix(col, water, smoothstep(w * 1.1, w * 0.9, abs(rv)));
    col *= light;
    if (oblique) col = mix(col, skyc, smoothstep(0.0, 1.0, 1.0 - exp(-dist * 0.12)));
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
