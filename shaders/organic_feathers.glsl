// name: organic_feathers
// family: organic
// author: procvision
// licence: MIT
// description: Overlapping feathers: a central rachis with angled barbs, split vanes, iridescent eye spots on some (peacock-like), laid in scaled rows and ruffled by a breeze.
// params: iSeed.x feather size, iSeed.y eye spots, iSeed.z palette, iSeed.w barb angle

#include "hash.glsl"
#include "noise.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = fragCoord / iResolution.y;
    float n = mix(2.5, 6.0, iSeed.x);
    vec2 p = uv * vec2(n, n * 0.6);
    vec3 col = vec3(0.05);
    float barbA = mix(0.4, 1.0, iSeed.w);
    // rows overlap: draw the two candidate feathers (this row and the one above) back to front
    for (int k = 1; k >= 0; k--) {
        vec2 q = p + vec2(0.0, float(k));
        float row = floor(q.y);
        q.x += 0.5 * mod(row, 2.0);
        vec2 c = vec2(floor(q.x), row);
        vec2 f = vec2(fract(q.x) - 0.5, fract(q.y) - 0.05 - float(k));
        f.x += 0.03 * sin(2.0 * iTime + c.x + f.y * 3.0) * f.y;
        // vane outline: a teardrop around the rachis
        float len = 1.1;
        float y = f.y / len;
        float half_ = 0.42 * sqrt(max(y * (1.0 - y), 0.0)) * 2.0;
        if (y < 0.0 || y > 1.0 || abs(f.x) > half_) continue;
        float barb = sin((f.y - abs(f.x) * barbA) * 90.0);
        float split = step(0.93, pv_hash12(vec2(floor((f.y - abs(f.x) * barbA) * 12.0), c.x + c.y * 7.0)));
        vec3 base = pv_seedpal(fract(iSeed.z + 0.1 * pv_hash12(c)), 5);
        vec3 fc = base * (0.7 + 0.3 * barb) * (1.0 - 0.6 * split);
        // eye spot near the tip
        if (iSeed.y > 0.4) {
            float e = length(vec2(f.x, (y - 0.75) * 0.7));
            vec3 irid = 0.5 + 0.5 * cos(6.28 * (e * 4.0 + vec3(0.0, 0.33, 0.67) + 0.1 * iTime));
            fc = mix(fc, irid, smoothstep(0.16, 0.14, e));
            fc = mix(fc, vec3(0.05, 0.1, 0.35), smoothstep(0.08, 0.06, e));
        }
        fc = mix(fc, vec3(0.9, 0.88, 0.8), smoothstep(0.012, 0.0, abs(f.x)) * (1.0 - y));
        col = fc * (0.6 + 0.4 * smoothstep(0.0, 0.3, y));
    }
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
