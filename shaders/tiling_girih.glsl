// name: tiling_girih
// family: tiling
// author: procvision
// licence: MIT
// description: Islamic geometric star patterns: interlaced strapwork bands crossing at the edge midpoints of a square grid at a seeded contact angle, giving 8-pointed stars, crosses and kites.
// params: iSeed.x contact angle, iSeed.y tile size, iSeed.z palette, iSeed.w band width

#include "hash.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    uv = pv_rot2(0.05 * iTime) * uv;
    float n = mix(2.0, 6.0, iSeed.y);
    vec2 g = uv * n;
    ivec2 c = ivec2(floor(g));
    vec2 f = fract(g) - 0.5;
    // fold the cell into one eighth: |x| >= |y| >= 0
    vec2 q = abs(f);
    if (q.y > q.x) q = q.yx;
    float th = mix(0.4, 1.2, iSeed.x);
    // strap line leaving the right edge midpoint (0.5, 0) at angle th from the inward normal
    vec2 dir = vec2(-cos(th), sin(th));
    vec2 nrm = vec2(-dir.y, dir.x);
    float s = dot(q - vec2(0.5, 0.0), nrm);
    // the mirrored strap leaving the top midpoint, seen in this eighth through the diagonal fold
    vec2 q2 = q.yx;
    float s2 = dot(q2 - vec2(0.5, 0.0), nrm);
    float band = min(abs(s), abs(s2));
    float w = mix(0.015, 0.05, iSeed.w);
    float px = 1.5 * n / iResolution.y;
    // regions between the straps take colours by which side of each line they are on
    float region = step(0.0, s) + 2.0 * step(0.0, s2) + step(length(f), 0.2);
    vec3 col = pv_seedpal(fract(region * 0.2 + iSeed.z), 5) * 0.85;
    col = mix(col, vec3(0.05), smoothstep(w + 0.012 + px, w + 0.012, band));
    col = mix(col, vec3(0.95, 0.9, 0.75), smoothstep(w + px, w, band));
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
