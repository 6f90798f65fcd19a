// name: games_go
// family: games
// author: procvision
// licence: MIT
// description: A game of go on a table: a wooden board with a 9, 13 or 19 line grid and star points, black and white stones clustered in groups with soft shadows and glossy highlights, seen from above or at a tilt, whole on a cloth or close up, game empty to crowded.
// params: iSeed.x board size, iSeed.y stone density, iSeed.z wood tone, iSeed.w clustering; pv_seed(1) zoom (whole board to close-up), pv_seed2(2) view centre, pv_seed(3..5) stone layout, pv_seed(6) view rotation, pv_seed(7) tilt, pv_seed(8..10) table cloth hue, saturation and brightness, pv_seed(11) black-to-white balance, pv_seed(12) and pv_seed2(14) lamp fall-off and place, pv_seed(13) wood brightness, pv_seed(15) how far the game has gone, pv_seed(16) grid line width, pv_seed(17..19) light hue, tint strength and exposure

#include "hash.glsl"
#include "noise.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    // camera (drifting slowly): rotation, a tilt (perspective foreshortening), zoom and centre
    float rk = pv_seed(6);
    float ang = rk < 0.4 ? 0.0 : (rk < 0.6 ? 1.5707963 : 6.2831853 * rk);
    float tilt = pv_seed(7) < 0.4 ? 0.0 : mix(0.3, 1.1, fract(pv_seed(7) * 3.0));
    vec2 v = uv / (1.0 + tilt * uv.y);
    v.y *= 1.0 + 0.5 * tilt;
    v = pv_rot2(ang + 0.06 * sin(0.4 * iTime)) * v;
    float zoom = mix(1.9, 0.45, pv_seed(1) * pv_seed(1)) * (1.0 + 0.05 * sin(0.3 * iTime));
    vec2 centre = 0.5 + (pv_seed2(2) - 0.5) * max(1.0 - zoom, 0.25);
    vec2 p = v * zoom + centre;
    float px = zoom * (1.0 + tilt) / iResolution.y;
    // table cloth around the board
    vec3 cloth = pv_hsv2rgb(vec3(pv_seed(8), mix(0.1, 0.8, pv_seed(9)), mix(0.1, 0.95, pv_seed(10))));
    int lines = iSeed.x < 0.33 ? 9 : (iSeed.x < 0.66 ? 13 : 19);
    float N = float(lines);
    vec2 bd = abs(p - 0.5) - 0.5;
    float board = max(bd.x, bd.y);
    // board shadow on the cloth
    vec2 sd = abs(p - 0.5 - vec2(0.02, -0.025)) - 0.5;
    vec3 col = cloth * (1.0 - 0.5 * smoothstep(0.04, -0.01, max(sd.x, sd.y)));
    if (board < 0.0) {
        vec2 g = p * (N + 1.0) - 1.0;  // grid coordinates: lines at integers 0..N-1
        vec3 wood = pv_hsv2rgb(vec3(mix(0.05, 0.12, iSeed.z), mix(0.2, 0.75, fract(iSeed.z * 5.3)), mix(0.5, 0.95, pv_seed(13))));
        wood *= 0.85 + 0.15 * sin(p.x * 40.0 + 6.0 * pv_fbm(p * vec2(3.0, 20.0), 3));
        col = wood * (1.0 - 0.3 * smoothstep(-0.012, 0.0, board));
        vec2 gi = clamp(floor(g + 0.5), vec2(0.0), vec2(N - 1.0));
        vec2 gd = abs(g - gi);
        float gpx = px * (N + 1.0);
        float lw = mix(0.02, 0.06, pv_seed(16));
        bool inGrid = all(greaterThan(g, vec2(-0.05))) && all(lessThan(g, vec2(N - 0.95)));
        if (inGrid) col = mix(col, vec3(0.1), smoothstep(lw + gpx, lw - 0.5 * gpx, min(gd.x, gd.y)) * min(1.0, 2.0 * lw / gpx + 0.2) * 0.85);
        // star points
        float hoshi = lines == 9 ? 2.0 : 3.0;
        vec2 sp = vec2(gi.x == hoshi || gi.x == N - 1.0 - hoshi || gi.x == floor(N / 2.0) ? 1.0 : 0.0,
                       gi.y == hoshi || gi.y == N - 1.0 - hoshi || gi.y == floor(N / 2.0) ? 1.0 : 0.0);
        if (sp.x * sp.y > 0.5) col = mix(col, vec3(0.1), smoothstep(0.12, 0.08, length(g - gi)));
        // stones: presence from clustered noise so groups form; colour from a second field
        float moveNo = floor(iTime * 1.5);
        float dens = mix(0.15, 0.75, iSeed.y);
        float bw = mix(0.25, 0.75, pv_seed(11));
        float progress = mix(15.0, 110.0, pv_seed(15));
        for (int j = -1; j <= 1; j++) {
            for (int i = -1; i <= 1; i++) {
                vec2 c = gi + vec2(i, j);
                if (any(lessThan(c, vec2(0.0))) || any(greaterThan(c, vec2(N - 1.0)))) continue;
                float cl = mix(pv_hash12(c + 0.5 + pv_seed(3)), pv_vnoise(c * 0.35 + 10.0 * pv_seed(4)), iSeed.w);
                float order = pv_hash12(c + 3.7);
                if (cl > dens || order * 120.0 > moveNo + progress) continue;
                bool black = pv_vnoise(c * 0.5 + 20.0 * pv_seed(5)) + 0.3 * (pv_hash12(c + 9.1) - 0.5) > bw;
                vec2 o = 0.04 * (pv_hash22(c + 1.3) - 0.5);
                vec2 d = g - c - o;
                float r = 0.47;
                col = mix(col, col * 0.55, smoothstep(r + 0.08, r - 0.05, length(d - vec2(0.06, -0.08))));
                float l = length(d);
                if (l < r) {
                    vec3 n = normalize(vec3(d / r, sqrt(max(1.0 - l * l / (r * r), 0.0)) * 0.7));
                    float diff = clamp(dot(n, normalize(vec3(-0.4, 0.5, 0.8))), 0.0, 1.0);
                    float spec = pow(diff, 30.0);
                    col = black ? vec3(0.05) + 0.25 * diff + spec * 0.5 : vec3(0.88, 0.87, 0.83) * (0.6 + 0.4 * diff) + spec * 0.2;
                }
            }
        }
    }
    // a lamp over the table: light falls off away from a seed point
    col *= 1.0 - mix(0.0, 0.45, pv_seed(12)) * smoothstep(0.2, 1.0, length(uv - 0.4 * (pv_seed2(14) - 0.5)));
    // light colour: warm lamp to cool daylight, and exposure
    col *= pv_hsv2rgb(vec3(pv_seed(17), 0.35 * pv_seed(18), mix(0.75, 1.3, pv_seed(19))));
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
