// name: caustics_cup
// family: caustics
// author: procvision
// licence: MIT
// description: Light reflected inside a ring (a cup or a bangle) traced as real reflected rays whose envelope forms the bright cardioid or nephroid caustic curve.
// params: iSeed.x light distance (near: cardioid, far: nephroid), iSeed.y ring radius, iSeed.z colours, iSeed.w ray count and sharpness

#include "hash.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    float R = mix(0.3, 0.48, iSeed.y);
    float la = 0.4 * iTime + 6.28 * pv_seed(1);
    float ld = R * mix(1.0, 12.0, iSeed.x * iSeed.x);
    vec2 S = ld * vec2(cos(la), sin(la));
    int rays = 24 + int(iSeed.w * 24.0);
    float sharp = mix(250.0, 600.0, iSeed.w);
    float acc = 0.0;
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
        acc += exp(-dist * sharp) * exp(-along * 0.8);
    }
    acc *= 40.0 / float(rays);
    float r = length(uv);
    vec3 table = pv_duotone(0.15 + 0.2 * smoothstep(1.0, 0.0, r), 6) * 0.6;
    vec3 light = pv_hsv2rgb(vec3(mix(0.05, 0.15, iSeed.z), 0.5, 1.0));
    vec3 col = table;
    float inside = step(r, R);
    col = mix(col, col * 0.7, inside);
    col += light * acc * 0.9 * inside;
    col = mix(col, vec3(0.9, 0.88, 0.85), smoothstep(0.012, 0.004, abs(r - R)));
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
