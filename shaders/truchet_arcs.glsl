// name: truchet_arcs
// family: truchet
// author: procvision
// licence: MIT
// description: Square Truchet tiling of quarter-circle arcs forming meandering bands, flat or striped, two-tone.
// params: iSeed.x tile count, iSeed.y band width, iSeed.z style (flat, striped, outlined), iSeed.w colours

#include "hash.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = fragCoord / iResolution.y;
    float n = mix(2.5, 9.0, iSeed.x);
    vec2 p = uv * n + 20.0 * pv_seed2(1) + vec2(0.1 * iTime, 0.0);
    ivec2 c = ivec2(floor(p));
    vec2 f = fract(p) - 0.5;
    if (pv_ihash12(c) < 0.5) f.x = -f.x;
    // Distance to the nearer of the two arcs centred on opposite corners.
    vec2 a = f - vec2(0.5), b = f + vec2(0.5);
    float da = abs(length(a) - 0.5), db = abs(length(b) - 0.5);
    float d = min(da, db);
    float along = length(a) < length(b) ? atan(a.y, a.x + 1e-9) : atan(b.y, b.x + 1e-9);
    float w = mix(0.06, 0.3, iSeed.y);
    float px = n / iResolution.y;
    float band = smoothstep(w + px, w - px, d);
    vec3 c0 = pv_duotone(0.0, 10), c1 = pv_duotone(1.0, 10);
    int style = int(iSeed.z * 3.0);
    vec3 ink = c1;
    if (style == 1) ink = mix(c1, c0, 0.6 * step(0.5, fract(along * 4.0 / 3.14159265 + 0.25 * iTime)));
    if (style == 2) ink = mix(c0, c1, smoothstep(w * 0.6, w * 0.6 - px, d));
    vec3 col = mix(c0, ink, band);
    // Parity colouring of the regions between bands for extra contrast.
    if (pv_seed(3) < 0.4) col = mix(col, col.bgr, 0.5 * step(0.5, fract(0.5 * float(c.x + c.y))) * (1.0 - band));
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
