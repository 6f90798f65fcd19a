// name: voronoi_bubbles
// family: voronoi
// author: procvision
// licence: MIT
// description: Packed shiny spheres of random radius on a jittered grid, with rim light and specular highlight.
// params: iSeed.x density, iSeed.y radius spread, iSeed.z background, iSeed.w palette

#include "hash.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = fragCoord / iResolution.y;
    float scale = mix(3.0, 12.0, iSeed.x);
    vec2 p = uv * scale + 30.0 * pv_seed2(2);
    p.y -= 0.1 * iTime;
    ivec2 ip = ivec2(floor(p));
    vec2 fp = fract(p);
    vec3 bg = pv_hsv2rgb(vec3(pv_seed(3), 0.5, 0.1 + 0.6 * iSeed.z * iSeed.z));
    vec3 col = bg;
    float bestz = -1.0;
    // Palette ends and light hoisted out of the cell loop.
    vec3 pal0 = pv_seedpal(iSeed.w, 30), pal1 = pv_seedpal(iSeed.w + 0.7, 30);
    const vec3 l = vec3(-0.4811, 0.5774, 0.6736);
    for (int j = -1; j <= 1; j++) {
        for (int i = -1; i <= 1; i++) {
            ivec2 c = ip + ivec2(i, j);
            vec3 h = pv_ihash32(c);
            vec2 o = vec2(i, j) + 0.5 + 0.6 * (h.xy - 0.5) - fp;
            float r = mix(0.5, mix(0.15, 0.75, h.z), iSeed.y);
            float d2 = dot(o, o);
            if (d2 < r * r) {
                vec3 n = vec3(-o / r, sqrt(max(1.0 - d2 / (r * r), 0.0)));
                float z = n.z * r + r;
                if (z > bestz) {
                    bestz = z;
                    vec3 base = mix(pal0, pal1, h.z);
                    float diff = max(dot(n, l), 0.0);
                    float spec = pow(max(dot(reflect(-l, n), vec3(0.0, 0.0, 1.0)), 0.0), 24.0);
                    float rim = pow(1.0 - n.z, 3.0);
                    col = base * (0.2 + 0.8 * diff) + spec + rim * 0.4 * bg;
                }
            }
        }
    }
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
