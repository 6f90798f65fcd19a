// name: caustics_cup
// family: caustics
// author: procvision
// licence: MIT
// description: Light reflected inside a ring (a cup, a bowl or a bangle) traced as real reflected rays whose envelope forms the bright cardioid or nephroid caustic curve; the ring stands on a dark wooden, white cloth, stone or coloured table, holds coffee, tea, milk, water or nothing, casts a shadow, and is seen from straight above or at an angle, small in the frame or filling it.
// params: iSeed.x light distance (near: cardioid, far: nephroid), iSeed.y ring size (zoom), iSeed.z light colour, iSeed.w ray count and sharpness; pv_seed(1) light direction, pv_seed(2) table kind, pv_seed(3) table hue, pv_seed(4) contents (empty, coffee, tea, milk, water, seeded), pv_seed(5) view tilt, pv_seed(6) view rotation, pv_seed2(7) ring position, pv_seed(8) content hue, pv_seed(9) light strength

#include "hash.glsl"
#include "noise.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv0 = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    // view: the ring off-centre, the table seen at a tilt (circles become ellipses)
    float R = mix(0.22, 0.75, iSeed.y * iSeed.y);
    vec2 ctr = (pv_seed2(7) - 0.5) * vec2(0.5, 0.3) * (1.0 - 0.6 * iSeed.y);
    vec2 uv = pv_rot2(6.2831853 * pv_seed(6)) * (uv0 - ctr);
    uv.y /= mix(1.0, 0.55, pv_seed(5));
    float la = 0.4 * iTime + 6.28 * pv_seed(1);
    float ld = R * mix(1.0, 12.0, iSeed.x * iSeed.x);
    vec2 S = ld * vec2(cos(la), sin(la));
    int rays = 24 + int(iSeed.w * 24.0);
    float sharp = mix(250.0, 600.0, iSeed.w) * 0.4 / R;
    float acc = 0.0;
    float r = length(uv);
    if (r < R) {
        for (int k = 0; k < 48; k++) {
            if (k >= rays) break;
            float th = 6.2831853 * (float(k) + 0.5) / float(rays);
            vec2 P = R * vec2(cos(th), sin(th));
            vec2 din = P - S;
            if (dot(din, P) < 0.0) continue;  // the ray must reach the inner wall from inside the cup's opening
            din = normalize(din);
            vec2 dout = reflect(din, -P / R);
            vec2 rel = uv - P;
            float along = dot(rel, dout);
            if (along < 0.0) continue;
            float dist = abs(rel.x * dout.y - rel.y * dout.x);
            if (dist * sharp > 9.0) continue;  // contributes under 1e-4
            acc += exp(-dist * sharp) * exp(-along * 0.8 / R * 0.4);
        }
        acc *= 40.0 / float(rays);
    }
    // table: dark wood, white cloth, stone, or a seeded colour
    int tk = pv_seed_int(2, 0, 3);
    float tabh = pv_seed(3);
    vec3 table;
    if (tk == 0) table = mix(vec3(0.25, 0.13, 0.06), vec3(0.45, 0.27, 0.12), pv_fbm(vec2(uv0.x * 2.0, uv0.y * 25.0) + 9.0 * tabh, 3)) * mix(0.6, 1.3, tabh);
    else if (tk == 1) table = vec3(0.9, 0.88, 0.85) * (0.92 + 0.08 * pv_vnoise(uv0 * 60.0));
    else if (tk == 2) table = mix(vec3(0.55, 0.55, 0.58), vec3(0.8), pv_fbm(uv0 * 4.0 + 9.0 * tabh, 3));
    else table = pv_hsv2rgb(vec3(tabh, 0.55, 0.65));
    table *= 0.75 + 0.35 * smoothstep(1.2, 0.0, length(uv0));
    // the ring's shadow falls away from the light
    vec2 sd = uv + 0.25 * R * normalize(S);
    float shadow = smoothstep(0.05, -0.05, abs(length(sd) - R) - 0.03 * R) * 0.5 + smoothstep(R, R * 0.8, length(sd)) * 0.25;
    vec3 col = table * (1.0 - shadow * (r < R ? 0.0 : 1.0));
    // contents: empty (the table inside, shaded), coffee, tea, milk, water, or seeded
    int ck = pv_seed_int(4, 0, 5);
    vec3 fill;
    if (ck == 0) fill = table * 0.7;
    else if (ck == 1) fill = vec3(0.12, 0.06, 0.03);
    else if (ck == 2) fill = vec3(0.55, 0.28, 0.08);
    else if (ck == 3) fill = vec3(0.92, 0.9, 0.85);
    else if (ck == 4) fill = table * vec3(0.75, 0.85, 0.9);
    else fill = pv_hsv2rgb(vec3(pv_seed(8), 0.6, 0.6));
    vec3 light = pv_hsv2rgb(vec3(iSeed.z < 0.7 ? mix(0.05, 0.15, iSeed.z / 0.7) : fract(iSeed.z * 3.0), iSeed.z < 0.7 ? 0.5 : 0.7, 1.0));
    float inside = step(r, R);
    float str = mix(0.6, 1.4, pv_seed(9));
    vec3 lit = fill * (0.8 + 0.2 * smoothstep(0.0, R, r)) + light * acc * 1.2 * str * (1.0 - 0.5 * dot(fill, vec3(0.33)));
    col = mix(col, lit, inside);
    // the rim
    float rw = 0.012 * mix(1.0, 2.0, R);
    col = mix(col, mix(vec3(0.9, 0.88, 0.85), table * 1.3, 0.25 * float(tk == 1)), smoothstep(rw, rw * 0.35, abs(r - R)));
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
