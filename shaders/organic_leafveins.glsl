// name: organic_leafveins
// family: organic
// author: procvision
// licence: MIT
// description: A backlit leaf: midrib and pinnate secondary veins curving to the margin, a fine mesh of tertiary veinlets between, over a lamina from spring green through yellow to autumn red and brown; framed from a close-up of the lamina to the whole leaf and stalk against a blurred sky.
// params: iSeed.x vein count, iSeed.y vein angle, iSeed.z season colour, iSeed.w zoom (lamina close-up to whole leaf); pv_seed(1) rotation, pv_seed2(2) position, pv_seed(3..4) leaf width and ovate shape, pv_seed(5) backlight strength, pv_seed(6..8) backdrop hue, saturation and brightness, pv_seed2(9) sun position, pv_seed(12..14) lamina saturation, hue jitter and late-season browning, pv_seed(10) backdrop blur pattern

#include "hash.glsl"
#include "noise.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv0 = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    // framing: zoomed out far enough the whole leaf shows, at any angle and a seed offset
    float zoom = mix(0.6, 2.8, iSeed.w * iSeed.w);
    vec2 off = (pv_seed2(2) - 0.5) * 0.5;
    vec2 uv = pv_rot2(6.2831853 * pv_seed(1) + 0.05 * sin(0.5 * iTime)) * (uv0 - off) * zoom;
    // leaf outline: tip at +y, base at -y; ovate or obovate by seed
    float L = 0.95;
    float ty = clamp(uv.y / L, -1.0, 1.0);
    float halfW = mix(0.3, 0.55, pv_seed(3)) * pow(max(1.0 - ty * ty, 0.0), 0.7) * (1.0 - 0.35 * (2.0 * pv_seed(4) - 1.0) * ty);
    float edge = abs(uv.x) - halfW;
    float inLeaf = smoothstep(0.004 * zoom, -0.004 * zoom, edge) * step(abs(uv.y), L);
    float midW = 0.012 * zoom;
    float mid = abs(uv.x + 0.03 * sin(uv.y * 3.0));
    // secondary veins: lines y = |x| * slope + k * spacing, curving upward towards the margin
    float n = mix(5.0, 14.0, iSeed.x);
    float slope = mix(0.4, 1.4, iSeed.y);
    float ax = abs(uv.x);
    float s = (uv.y - slope * ax - 0.4 * ax * ax) * n;
    float sec = abs(fract(s) - 0.5) / n / sqrt(1.0 + slope * slope);
    float secW = 0.006 * zoom * (1.0 - 0.6 * smoothstep(0.0, 0.5, ax));
    vec4 ter = pv_voronoi_edge(uv * 28.0, 0.9);
    // season: hue runs green -> yellow -> orange -> red, browner and duller late in the year
    float season = iSeed.z * iSeed.z;
    float hue = mix(0.3, -0.02, season) + 0.03 * (pv_seed(13) - 0.5);
    vec3 lam = pv_hsv2rgb(vec3(fract(hue), mix(0.55, 0.95, pv_seed(12)) * (1.0 - 0.3 * season * pv_seed(14)), mix(0.55, 0.4, season)));
    float back = mix(0.6, 1.5, pv_seed(5));
    vec3 col = lam * (0.75 + 0.35 * pv_fbm(uv * 10.0, 4));
    col = mix(col, lam * 1.3 + 0.05, smoothstep(0.025, 0.0, ter.x) * 0.6);
    col = mix(col, lam * 1.5 + 0.15, smoothstep(secW + 0.003, secW, sec));
    col = mix(col, lam * 1.6 + 0.25, smoothstep(midW + 0.003, midW, mid));
    // backlight: a bright patch where the sun sits behind the leaf
    vec2 sun = (pv_seed2(9) - 0.5) * 1.2;
    float sunk = exp(-2.5 * dot(uv0 - sun, uv0 - sun));
    col *= back * (0.6 + 0.6 * sunk);
    col = mix(col, col * 0.6, smoothstep(-0.02 * zoom, 0.0, edge));
    // backdrop: blurred sky or foliage, bright near the sun
    vec3 bg = pv_hsv2rgb(vec3(pv_seed(6), mix(0.05, 0.7, pv_seed(7)), mix(0.15, 0.95, pv_seed(8))));
    bg *= 0.7 + 0.3 * pv_fbm(uv0 * 1.5 + 4.0 * pv_seed(10), 3) + 0.4 * sunk;
    // stalk below the base
    float stalk = pv_sdSegment(uv, vec2(0.0, -L), vec2(0.04, -L - 0.3));
    bg = mix(bg, lam * 0.8 * back, smoothstep(0.012 * zoom, 0.008 * zoom, stalk));
    col = mix(bg, col, inLeaf);
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
