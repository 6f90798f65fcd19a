// name: space_planet
// family: space
// author: procvision
// licence: MIT
// description: A planet in space: a lit sphere with banded gas-giant clouds, continents and oceans, or a barren desert, ice or lava world, an atmosphere rim, sometimes rings with their shadow, rotating against stars; framed from a small distant globe to a huge horizon filling the frame, lit from full-face to a thin crescent, over black space or a bright coloured nebula.
// params: iSeed.x planet type (gas giant, earth-like, barren), iSeed.y size, iSeed.z palette, iSeed.w ring tilt and presence; pv_seed(1) light azimuth, pv_seed(9) light from front to behind (full disc to crescent), pv_seed(2) ring roll, pv_seed2(3) position, pv_seed(5..6) close-up horizon framing and horizon height, pv_seed(7..8) backdrop brightness and hue, pv_seed(13) backdrop saturation, pv_seed(10) atmosphere hue, pv_seed(11) ambient light, pv_seed(14) sunlight strength, pv_seed(3..4) band count and terrain offset

#include "hash.glsl"
#include "noise.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv0 = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    // framing: a globe somewhere in the frame, or a huge planet whose horizon crosses it
    bool giant = pv_seed(5) > 0.72;
    float R = giant ? mix(0.8, 1.6, iSeed.y) : mix(0.22, 0.55, iSeed.y);
    vec2 ctr = giant ? vec2(0.5 * (pv_seed(3) - 0.5), -R + mix(-0.15, 0.3, pv_seed(6)))
                     : (pv_seed2(3) - 0.5) * vec2(0.8, 0.5);
    if (giant) ctr = pv_rot2(1.2 * (pv_seed(4) - 0.5)) * ctr;
    vec2 uv = uv0 - ctr;

    // backdrop: black space with stars, or a glowing nebula of seed colour and brightness
    float bgv = mix(0.08, 0.85, sqrt(pv_seed(7)));
    vec3 bgc = pv_hsv2rgb(vec3(pv_seed(8), mix(0.3, 0.9, pv_seed(13)), 1.0));
    float neb = pv_fbm(uv0 * 2.0 + 9.0 * pv_seed(8), 3);
    float la = 6.28 * pv_seed(1);
    vec3 L = normalize(vec3(cos(la), sin(la), mix(-0.6, 1.2, pv_seed(9))));
    // the nebula is brighter on the side the sun lights
    vec3 col = bgc * bgv * (0.4 + 1.2 * neb) * (0.6 + 0.8 * smoothstep(-0.8, 0.8, dot(uv0, L.xy)));
    vec2 sp = uv0 * 50.0;
    col += (1.0 - bgv) * vec3(step(0.98, pv_hash12(floor(sp))) * 0.7 * smoothstep(0.4, 0.0, length(fract(sp) - 0.5)));

    vec3 atm = pv_hsv2rgb(vec3(fract(0.55 + 0.6 * (pv_seed(10) - 0.5)), 0.6, 1.0));
    float amb = mix(0.04, 0.3, pv_seed(11));
    bool rings = iSeed.w > 0.55;
    float tilt = mix(0.15, 0.45, (iSeed.w - 0.55) / 0.45);
    mat2 rr = pv_rot2(0.5 * (pv_seed(2) - 0.5));
    vec2 rp = rr * uv;
    float rr2 = length(vec2(rp.x, rp.y / tilt));
    float ringBand = rings ? step(R * 1.3, rr2) * step(rr2, R * 2.0) * (0.5 + 0.5 * sin(rr2 / R * 60.0)) : 0.0;
    // back half of the rings first
    if (rp.y > 0.0) col = mix(col, pv_seedpal(rr2 / R * 1.2, 8) * 0.8, ringBand * 0.8);
    float r = length(uv);
    if (r < R) {
        vec3 n = vec3(uv / R, sqrt(max(1.0 - r * r / (R * R), 0.0)));
        float lon = pv_atan2(n.x, n.z) + 0.2 * iTime;
        float lat = asin(clamp(n.y, -1.0, 1.0));
        vec2 sph = vec2(lon, lat);
        vec3 surf;
        if (iSeed.x < 0.4) {
            float bands = lat * mix(6.0, 14.0, pv_seed(3)) + 1.5 * pv_gfbm(sph * vec2(1.0, 4.0) * 2.0, 5);
            // two seed colours a modest hue step apart, so each giant has its own overall tint
            float t = 0.5 + 0.5 * sin(bands);
            surf = mix(pv_hsv2rgb(vec3(iSeed.z, mix(0.3, 0.9, pv_seed(12)), 0.35)), pv_hsv2rgb(vec3(fract(iSeed.z + 0.12), 0.35, 1.0)), t);
        } else if (iSeed.x < 0.7) {
            float h = pv_fbm(vec2(cos(lon), sin(lon)) * 1.5 + vec2(lat * 2.0, 0.0) + 10.0 * pv_seed(4), 6);
            float sea = mix(0.35, 0.6, iSeed.z);
            vec3 land = mix(vec3(0.2, 0.45, 0.15), vec3(0.6, 0.5, 0.35), fract(iSeed.z * 3.0));
            surf = h > sea ? mix(land, vec3(0.75, 0.65, 0.5), smoothstep(sea, sea + 0.25, h)) : mix(vec3(0.02, 0.08, 0.3), vec3(0.05, 0.3, 0.5), h / sea);
            surf = mix(surf, vec3(1.0), smoothstep(0.55, 0.7, pv_fbm(sph * 3.0 + vec2(0.3 * iTime, 0.0), 4)) * 0.8);
            surf = mix(surf, vec3(0.95), smoothstep(1.1, 1.3, abs(lat)));
        } else {
            // barren world: one seed hue from dark to light, mottled terrain and bright streaks
            float h = pv_fbm(vec2(cos(lon), sin(lon)) * 2.5 + vec2(lat * 3.0, 0.0) + 10.0 * pv_seed(4), 6);
            vec3 c0 = pv_hsv2rgb(vec3(iSeed.z, mix(0.2, 0.8, pv_seed(12)), 0.25));
            vec3 c1 = pv_hsv2rgb(vec3(fract(iSeed.z + 0.08), mix(0.1, 0.5, pv_seed(12)), 0.95));
            surf = mix(c0, c1, smoothstep(0.3, 0.75, h));
        }
        float diff = clamp(dot(n, L), 0.0, 1.0);
        col = surf * (amb + diff * mix(0.8, 1.6, pv_seed(14)));
        col += atm * pow(1.0 - n.z, 3.0) * (0.2 + diff) * 0.8;
        // ring shadow on the globe
        if (rings) col *= 1.0 - 0.5 * step(abs(rp.y - 0.07 * R), 0.035 * R);
    }
    col += atm * 0.3 * smoothstep(R * 1.08, R, r) * step(R, r);
    if (rp.y <= 0.0) col = mix(col, pv_seedpal(rr2 / R * 1.2, 8), ringBand * 0.8);
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
