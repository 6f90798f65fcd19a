// name: water_raindrops
// family: water
// author: procvision
// licence: MIT
// description: Rain on a window: beads of water of many sizes refracting a blurred, inverted view behind the glass, with running drops leaving trails, over city lights or foliage.
// params: iSeed.x drop density, iSeed.y drop size, iSeed.z backdrop palette, iSeed.w fog on the glass

#include "hash.glsl"
#include "noise.glsl"
#include "palette.glsl"

vec3 backdrop(vec2 uv, float style) {
    vec3 c = mix(pv_seedpal(uv.y * 0.6, 2), pv_seedpal(uv.x * 0.6 + 0.3, 2), 0.5) * 0.6;
    vec4 v = pv_voronoi(uv * 2.5, 1.0);
    c += pv_seedpal(v.z, 7) * smoothstep(0.35, 0.0, v.x) * style;  // out-of-focus lights
    return c;
}

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = fragCoord / iResolution.y;
    vec2 offs = vec2(0.0);
    float wet = 0.0;
    float dens = mix(0.3, 0.9, iSeed.x);
    float sz = mix(0.6, 1.4, iSeed.y);
    for (int layer = 0; layer < 3; layer++) {
        float sc = (4.0 + 6.0 * float(layer)) / sz;
        vec2 p = uv * sc;
        // the largest drops slide down
        if (layer == 0) p.y += iTime * 0.8 + 2.0 * pv_vnoise(vec2(floor(p.x), 0.0));
        ivec2 c = ivec2(floor(p));
        vec2 f = fract(p) - 0.5;
        if (pv_ihash12(c + ivec2(layer * 17)) > dens) continue;
        vec2 o = 0.3 * (pv_ihash22(c) - 0.5);
        float r = mix(0.15, 0.35, pv_ihash12(c + ivec2(5, 1)));
        vec2 d = (f - o) * vec2(1.0, 0.85);
        float l = length(d) / r;
        if (l < 1.0) {
            float zz = sqrt(1.0 - l * l);
            offs = -d / r * 0.08 * (1.0 + float(layer)) * (1.0 - zz * 0.5);
            wet = 1.0;
        }
        if (layer == 0) {  // trail above a running drop
            float tr = abs(f.x - o.x) - r * 0.25;
            if (tr < 0.0 && f.y > o.y) wet = max(wet, 0.5);
        }
    }
    float fog = mix(0.0, 0.6, iSeed.w) * (1.0 - wet);
    vec3 col = backdrop(uv + offs * 3.0 - vec2(0.0, 0.0), iSeed.z);
    if (wet > 0.99) col = backdrop(vec2(uv.x, 1.0 - uv.y) * 0.5 + offs * 6.0 + 0.3, iSeed.z) * 1.2;
    col = mix(col, vec3(0.7, 0.72, 0.75) * (0.8 + 0.2 * pv_fbm(uv * 8.0, 3)), fog);
    col += 0.2 * smoothstep(0.05, 0.1, length(offs)) * wet;
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
