// name: games_go
// family: games
// author: procvision
// licence: MIT
// description: A game of go from above: a wooden board with a 9, 13 or 19 line grid and star points, black and white stones clustered in groups with soft shadows and glossy highlights.
// params: iSeed.x board size, iSeed.y stone density, iSeed.z wood tone, iSeed.w clustering

#include "hash.glsl"
#include "noise.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = fragCoord / iResolution.y;
    int lines = iSeed.x < 0.33 ? 9 : (iSeed.x < 0.66 ? 13 : 19);
    float zoom = mix(1.0, 0.55, pv_seed(1));
    vec2 p = (uv - 0.5) * zoom + 0.5 + (pv_seed2(2) - 0.5) * (1.0 - zoom);
    float N = float(lines);
    vec2 g = p * (N + 1.0) - 1.0;  // grid coordinates: lines at integers 0..N-1
    vec3 wood = pv_hsv2rgb(vec3(mix(0.08, 0.11, iSeed.z), 0.55, mix(0.6, 0.85, iSeed.z)));
    wood *= 0.85 + 0.15 * sin(p.x * 40.0 + 6.0 * pv_fbm(p * vec2(3.0, 20.0), 3));
    vec3 col = wood;
    vec2 gi = clamp(floor(g + 0.5), vec2(0.0), vec2(N - 1.0));
    vec2 gd = abs(g - gi);
    float px = (N + 1.0) * zoom / iResolution.y;
    bool inGrid = all(greaterThan(g, vec2(-0.05))) && all(lessThan(g, vec2(N - 0.95)));
    if (inGrid) col = mix(col, vec3(0.1), smoothstep(px * 1.2, 0.0, min(gd.x, gd.y)) * 0.8);
    // star points
    float hoshi = lines == 9 ? 2.0 : 3.0;
    vec2 sp = vec2(gi.x == hoshi || gi.x == N - 1.0 - hoshi || gi.x == floor(N / 2.0) ? 1.0 : 0.0,
                   gi.y == hoshi || gi.y == N - 1.0 - hoshi || gi.y == floor(N / 2.0) ? 1.0 : 0.0);
    if (sp.x * sp.y > 0.5) col = mix(col, vec3(0.1), smoothstep(0.12, 0.08, length(g - gi)));
    // stones: presence from clustered noise so groups form; colour from a second field
    float moveNo = floor(iTime * 1.5);
    for (int j = -1; j <= 1; j++) {
        for (int i = -1; i <= 1; i++) {
            vec2 c = gi + vec2(i, j);
            if (any(lessThan(c, vec2(0.0))) || any(greaterThan(c, vec2(N - 1.0)))) continue;
            float cl = mix(pv_hash12(c + 0.5 + pv_seed(3)), pv_vnoise(c * 0.35 + 10.0 * pv_seed(4)), iSeed.w);
            float order = pv_hash12(c + 3.7);
            if (cl > mix(0.3, 0.65, iSeed.y) || order * 120.0 > moveNo + 40.0) continue;
            bool black = pv_vnoise(c * 0.5 + 20.0 * pv_seed(5)) + 0.3 * (pv_hash12(c + 9.1) - 0.5) > 0.5;
            vec2 o = 0.04 * (pv_hash22(c + 1.3) - 0.5);
            vec2 d = g - c - o;
            float r = 0.47;
            col = mix(col, col * 0.55, smoothstep(r + 0.08, r - 0.05, length(d - vec2(0.06, -0.08))));
            float l = length(d);
            if (l < r) {
                vec3 n = vec3(d / r, sqrt(max(1.0 - l * l / (r * r), 0.0)) * 0.7);
                n = normalize(n);
                float diff = clamp(dot(n, normalize(vec3(-0.4, 0.5, 0.8))), 0.0, 1.0);
                float spec = pow(diff, 30.0);
                col = black ? vec3(0.05) + 0.25 * diff + spec * 0.5 : vec3(0.88, 0.87, 0.83) * (0.6 + 0.4 * diff) + spec * 0.2;
            }
        }
    }
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
