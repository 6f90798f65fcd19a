// name: geometry_nested
// family: geometry
// author: procvision
// licence: MIT
// description: Whirling nested polygons: each polygon inscribed in the last, rotated a little and shrunk, so the vertices trace pursuit spirals; bands coloured by depth.
// params: iSeed.x polygon sides, iSeed.y twist per level, iSeed.z palette, iSeed.w tiling count

#include "hash.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    float tiles = floor(1.0 + iSeed.w * 2.99);
    vec2 cell = floor(uv * tiles + 0.5 * tiles);
    vec2 p = (fract(uv * tiles + 0.5 * tiles) - 0.5);
    float sides = 3.0 + floor(iSeed.x * 4.99);
    float twist = mix(0.03, 0.2, iSeed.y) * (mod(cell.x + cell.y, 2.0) > 0.5 ? -1.0 : 1.0);
    // a polygon rotated by t inside one of circumradius R touches its sides when R' = R cos(pi/n) / cos(pi/n - t)
    float an = 3.14159265 / sides;
    float shrink = cos(an) / cos(an - abs(twist));
    float R = 0.48;
    float rot = 0.2 * iTime;
    float depth = 0.0;
    float edge = 1e3;
    for (int i = 0; i < 48; i++) {
        vec2 q = pv_rot2(rot) * p;
        float d = pv_sdNgon(q, R, sides);
        if (d > 0.0) break;
        edge = -d;
        depth += 1.0;
        R *= shrink;
        rot += twist;
    }
    vec3 col = pv_seedpal(fract(depth * 0.045 + iSeed.z), 6);
    col *= 0.75 + 0.25 * smoothstep(0.0, 0.01, edge);
    if (depth < 0.5) col = vec3(0.05);
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
