// name: kaleido_triangle
// family: kaleido
// author: procvision
// licence: MIT
// description: A three-mirror kaleidoscope: the plane folded into an equilateral triangle by repeated reflections, showing tumbling coloured beads and glass shards as a hexagonal tiling of symmetric motifs.
// params: iSeed.x triangle size, iSeed.y bead count, iSeed.z palette, iSeed.w bead size

#include "hash.glsl"
#include "noise.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    float s = mix(0.25, 0.7, iSeed.x);
    vec2 p = pv_rot2(0.1 * iTime) * uv / s;
    // fold into the triangle with corners (0,0), (1,0), (0.5, 0.866): a lattice reduction,
    // then mirrors across its three sides
    const vec2 n1 = vec2(0.0, 1.0), n2 = vec2(-0.866025, -0.5), n3 = vec2(0.866025, -0.5);
    for (int i = 0; i < 12; i++) {
        float d1 = dot(p, n1);
        float d2 = dot(p - vec2(1.0, 0.0), n2);
        float d3 = dot(p, n3);
        if (d1 < 0.0) p -= 2.0 * d1 * n1;
        else if (d2 < 0.0) p -= 2.0 * d2 * n2;
        else if (d3 < 0.0) p -= 2.0 * d3 * n3;
        else break;
    }
    vec3 col = pv_seedpal(0.1, 6) * 0.15 + 0.05;
    int beads = 4 + int(iSeed.y * 8.0);
    float bs = mix(0.05, 0.15, iSeed.w);
    for (int i = 0; i < 12; i++) {
        if (i >= beads) break;
        vec2 c = vec2(0.5, 0.29) + 0.35 * vec2(sin(0.4 * iTime + 6.28 * pv_seed(10 + i)), cos(0.33 * iTime + 6.28 * pv_seed(20 + i)));
        float r = bs * mix(0.5, 1.3, pv_seed(30 + i));
        float d = pv_seed(40 + i) < 0.5 ? length(p - c) - r : pv_sdNgon(pv_rot2(iTime + float(i)) * (p - c), r, 3.0 + floor(3.0 * pv_seed(50 + i)));
        vec3 bc = pv_seedpal(fract(iSeed.z + 0.37 * float(i)), 6);
        col = mix(col, bc * (0.7 + 0.5 * smoothstep(0.0, -r, d)), smoothstep(0.01, -0.01, d) * 0.85);
    }
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
