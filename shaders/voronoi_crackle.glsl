// name: voronoi_crackle
// family: voronoi
// author: procvision
// licence: MIT
// description: Dried mud or crazed glaze: two scales of voronoi cracks (F2 - F1) over bulging, shaded plates.
// params: iSeed.x plate size, iSeed.y crack depth, iSeed.z material colour, iSeed.w fine crack density

#include "noise.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = fragCoord / iResolution.y;
    float scale = mix(2.5, 9.0, iSeed.x);
    vec2 p = uv * scale + 60.0 * pv_seed2(4) + 0.02 * iTime;
    vec4 a = pv_voronoi(p, 1.0);
    vec4 b = pv_voronoi(p * mix(2.5, 5.0, iSeed.w) + 11.0, 1.0);
    float crack = smoothstep(0.0, mix(0.05, 0.25, iSeed.y), a.y - a.x);
    float fine = smoothstep(0.0, 0.08, b.y - b.x);
    float bulge = 1.0 - 0.6 * a.x * a.x;

    int mat = int(iSeed.z * 4.0);
    vec3 base;
    if (mat == 0) base = vec3(0.62, 0.45, 0.3);
    else if (mat == 1) base = vec3(0.85, 0.85, 0.78);
    else if (mat == 2) base = vec3(0.35, 0.6, 0.75);
    else base = pv_hsv2rgb(vec3(pv_seed(5), 0.6, 0.7));
    base *= 0.85 + 0.3 * (a.z - 0.5) + 0.2 * pv_vnoise(p * 8.0);
    vec3 col = base * bulge * mix(0.6, 1.0, fine);
    col = mix(base * 0.12, col, crack);
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
