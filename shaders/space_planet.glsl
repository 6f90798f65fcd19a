// name: space_planet
// family: space
// author: procvision
// licence: MIT
// description: A planet in space: a lit sphere with banded gas-giant clouds or continents and oceans, an atmosphere rim, sometimes rings with their shadow, rotating against stars.
// params: iSeed.x planet type, iSeed.y size, iSeed.z palette, iSeed.w ring tilt and presence

#include "hash.glsl"
#include "noise.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    float R = mix(0.22, 0.42, iSeed.y);
    vec2 sp = uv * 50.0;
    vec3 col = vec3(step(0.98, pv_hash12(floor(sp))) * 0.7 * smoothstep(0.4, 0.0, length(fract(sp) - 0.5)));
    vec3 L = normalize(vec3(cos(6.28 * pv_seed(1)), 0.4, 0.6));
    bool rings = iSeed.w > 0.4;
    float tilt = mix(0.15, 0.45, iSeed.w);
    mat2 rr = pv_rot2(0.5 * (pv_seed(2) - 0.5));
    vec2 rp = rr * uv;
    float rr2 = length(vec2(rp.x, rp.y / tilt));
    float ringBand = rings ? step(R * 1.3, rr2) * step(rr2, R * 2.0) * (0.5 + 0.5 * sin(rr2 * 160.0)) : 0.0;
    // back half of the rings first
    if (rp.y > 0.0) col = mix(col, pv_seedpal(rr2 * 3.0, 8) * 0.8, ringBand * 0.8);
    float r = length(uv);
    if (r < R) {
        vec3 n = vec3(uv / R, sqrt(max(1.0 - r * r / (R * R), 0.0)));
        float lon = pv_atan2(n.x, n.z) + 0.2 * iTime;
        float lat = asin(clamp(n.y, -1.0, 1.0));
        vec2 sph = vec2(lon, lat);
        vec3 surf;
        if (iSeed.x < 0.5) {
            float bands = lat * mix(6.0, 14.0, pv_seed(3)) + 1.5 * pv_gfbm(sph * vec2(1.0, 4.0) * 2.0, 5);
            surf = pv_seedpal(fract(bands * 0.15 + iSeed.z), 8);
        } else {
            float h = pv_fbm(vec2(cos(lon), sin(lon)) * 1.5 + vec2(lat * 2.0, 0.0) + 10.0 * pv_seed(4), 6);
            surf = h > 0.5 ? mix(vec3(0.2, 0.45, 0.15), vec3(0.6, 0.5, 0.35), smoothstep(0.5, 0.7, h)) : mix(vec3(0.02, 0.08, 0.3), vec3(0.05, 0.3, 0.5), h * 2.0);
            surf = mix(surf, vec3(1.0), smoothstep(0.55, 0.7, pv_fbm(sph * 3.0 + vec2(0.3 * iTime, 0.0), 4)) * 0.8);
            surf = mix(surf, vec3(0.95), smoothstep(1.1, 1.3, abs(lat)));
        }
        float diff = clamp(dot(n, L), 0.0, 1.0);
        col = surf * (0.03 + diff);
        col += vec3(0.3, 0.5, 1.0) * pow(1.0 - n.z, 3.0) * (0.2 + diff) * 0.8;
        // ring shadow on the globe
        if (rings) col *= 1.0 - 0.5 * step(abs((rr * uv).y - 0.03), 0.015);
    }
    col += vec3(0.3, 0.5, 1.0) * 0.3 * smoothstep(R + 0.03, R, r) * step(R, r);
    if (rp.y <= 0.0 && (r > R || true)) col = mix(col, pv_seedpal(rr2 * 3.0, 8), ringBand * 0.8);
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
