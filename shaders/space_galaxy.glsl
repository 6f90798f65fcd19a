// name: space_galaxy
// family: space
// author: procvision
// licence: MIT
// description: A spiral galaxy seen at an angle: logarithmic spiral arms of young stars and glowing nebulae, dark dust lanes and a bright bulge, set anywhere from a small distant galaxy on black space to a close-up filling the frame over a bright nebular glow, with foreground stars.
// params: iSeed.x arm count and bulge size, iSeed.y arm winding, iSeed.z inclination, iSeed.w dust strength; pv_seed(1) rotation, pv_seed2(3) galaxy centre, pv_seed(4) zoom (distant to filling the frame), pv_seed(5..7) backdrop brightness, hue and saturation, pv_seed(8) exposure, pv_seed(9..11) arm hue, saturation and nebula hue shift, pv_seed(12) bulge hue

#include "hash.glsl"
#include "noise.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    // framing: the galaxy's centre, size and roll all come from the seed
    vec2 ctr = (pv_seed2(3) - 0.5) * vec2(0.7, 0.5);
    float zoom = mix(0.35, 1.7, pv_seed(4));
    vec2 p = pv_rot2(6.28 * pv_seed(1)) * (uv - ctr) / zoom;
    p.y /= mix(1.0, 0.22, iSeed.z);
    float r = length(p) + 1e-4;
    float a = pv_atan2(p.y, p.x);
    float arms = 2.0 + floor(iSeed.x * 3.0);
    float wind = mix(1.5, 6.0, iSeed.y);
    float spiral = a * arms - wind * log(r) * arms * 0.5 + 0.15 * iTime;
    float arm = pow(0.5 + 0.5 * cos(spiral), 3.0);
    float disc = exp(-r * 3.5);
    float clumps = pv_fbm(vec2(spiral * 0.6, r * 20.0), 3);
    float dust = smoothstep(0.4, 0.9, pow(0.5 + 0.5 * cos(spiral + 0.6), 4.0) * pv_fbm(p * 12.0, 3) * 2.0) * iSeed.w;

    // backdrop: from black space to a bright coloured nebular glow
    float bgv = mix(0.0, 0.8, pv_seed(5) * pv_seed(5));
    vec3 bgc = pv_hsv2rgb(vec3(pv_seed(6), mix(0.3, 0.9, pv_seed(7)), 1.0));
    float neb = pv_fbm(uv * 2.2 + 7.0 * pv_seed(5) + 0.02 * iTime, 2);
    vec3 col = bgc * bgv * (0.35 + 1.3 * neb * neb);

    // galaxy light, in seed colours
    float hueA = pv_seed(9);
    vec3 armC = pv_hsv2rgb(vec3(hueA, mix(0.3, 0.95, pv_seed(10)), 1.0));
    vec3 nebC = pv_hsv2rgb(vec3(fract(hueA + 0.25 + 0.5 * pv_seed(11)), 0.75, 1.0));
    vec3 bulC = pv_hsv2rgb(vec3(fract(0.08 + 0.2 * pv_seed(12) - 0.1), 0.45, 1.0));
    float expo = mix(0.7, 3.0, pv_seed(8));
    float bulge = mix(18.0, 6.0, fract(iSeed.x * 3.0));
    vec3 g = armC * arm * disc * (0.5 + clumps) * 1.5;
    g += armC * disc * 0.25;
    g += nebC * arm * disc * smoothstep(0.6, 0.8, clumps) * 1.5;
    g += bulC * exp(-r * bulge) * 1.6;
    g *= expo;
    float lane = 1.0 - min(0.75, 2.4 * dust * disc);
    col = col * mix(1.0, lane, smoothstep(2.0, 0.5, r)) + g * lane;

    vec2 sp = uv * 60.0;
    float star = step(0.985, pv_hash12(floor(sp))) * smoothstep(0.3, 0.0, length(fract(sp) - 0.5));
    col += star * 0.8;
    col = 1.0 - exp(-col * 1.2);
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
