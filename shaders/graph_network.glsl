// name: graph_network
// family: graph
// author: procvision
// licence: MIT
// description: A node-link network diagram: nodes of varied size and colour jittering around grid sites, edges to nearby nodes drawn as straight or curved lines, hubs highlighted.
// params: iSeed.x node spacing, iSeed.y edge probability, iSeed.z palette, iSeed.w dark or light background

#include "hash.glsl"
#include "sdf.glsl"
#include "palette.glsl"

vec2 nodePos(ivec2 c, float t) {
    vec2 h = pv_ihash22(c);
    return vec2(c) + 0.5 + 0.35 * (h - 0.5) + 0.08 * vec2(sin(t + 6.28 * h.x), cos(0.8 * t + 6.28 * h.y));
}

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    float n = mix(3.0, 9.0, iSeed.x);
    vec2 p = (fragCoord - 0.5 * iResolution.xy) / iResolution.y * n;  // one node site per cell
    ivec2 ip = ivec2(floor(p));
    float pe = mix(0.25, 0.75, iSeed.y);
    float edge = 1e3, node = 1e3;
    float nodeId = 0.0;
    // node positions of the cells the edges below can reach (x -1..2, y -2..2), computed once
    vec2 P[20];
    for (int k = 0; k < 20; k++) P[k] = nodePos(ip + ivec2(k % 4 - 1, k / 4 - 2), iTime);
    for (int j = -1; j <= 1; j++) {
        for (int i = -1; i <= 1; i++) {
            ivec2 c = ip + ivec2(i, j);
            vec2 a = P[(j + 2) * 4 + i + 1];
            float r = 0.06 + 0.14 * pow(pv_ihash12(c + ivec2(5, 5)), 3.0);
            float dn = length(p - a) - r;
            if (dn < node) { node = dn; nodeId = pv_ihash12(c + ivec2(9, 1)); }
            // edges to the right, up and the two diagonals, so each is drawn once from its lower-left end
            for (int e = 0; e < 4; e++) {
                ivec2 o = e == 0 ? ivec2(1, 0) : (e == 1 ? ivec2(0, 1) : (e == 2 ? ivec2(1, 1) : ivec2(1, -1)));
                if (pv_ihash12(c * 4 + ivec2(e, 77)) > pe * (e > 1 ? 0.5 : 1.0)) continue;
                vec2 b = P[(j + o.y + 2) * 4 + i + o.x + 1];
                edge = min(edge, pv_sdSegment(p, a, b));
            }
        }
    }
    bool dark = iSeed.w > 0.5;
    vec3 bg = dark ? vec3(0.04, 0.05, 0.08) : vec3(0.97);
    vec3 ec = dark ? vec3(0.4, 0.5, 0.7) : vec3(0.55);
    float px = 1.5 * n / iResolution.y;
    vec3 col = mix(bg, ec, smoothstep(px, 0.0, edge - 0.01) * 0.8);
    vec3 nc = pv_seedpal(fract(iSeed.z + 0.5 * nodeId), 5);
    col = mix(col, dark ? nc * 0.3 : vec3(0.2), smoothstep(px, 0.0, node));
    col = mix(col, nc, smoothstep(px, 0.0, node + 0.025));
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
