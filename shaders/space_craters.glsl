// name: space_craters
// family: space
// author: procvision
// licence: MIT
// description: A cratered moon surface from orbit: overlapping impact craters of many sizes with raised rims, central peaks, ejecta rays and dark maria, under a sweeping sun; seen straight down from orbit or obliquely towards a horizon with black space or a hazy sky, on grey, rusty, ochre, icy or dark worlds.
// params: iSeed.x crater density, iSeed.y surface hue, iSeed.z maria amount, iSeed.w sun elevation; pv_seed(3..4) straight-down or oblique view and horizon height, pv_seed(5) zoom (crater scale), pv_seed(6) view rotation, pv_seed(7..8) surface saturation and albedo, pv_seed(9) ambient light, pv_seed(10..11) atmosphere haze and sky hue, pv_seed2(1) terrain offset, pv_seed(2) sun azimuth

#include "hash.glsl"
#include "noise.glsl"
#include "sdf.glsl"
#include "palette.glsl"

// Height of craters from one voronoi-like layer at scale s: bowl, rim and central peak.
float craterLayer(vec2 p, float s, float dens) {
    vec2 q = p * s;
    ivec2 ip = ivec2(floor(q));
    float h = 0.0;
    for (int j = -1; j <= 1; j++) {
        for (int i = -1; i <= 1; i++) {
            ivec2 c = ip + ivec2(i, j);
            if (pv_ihash12(c + ivec2(13, int(s))) > dens) continue;
            vec2 ctr = vec2(c) + pv_ihash22(c);
            float r = mix(0.2, 0.5, pv_ihash12(c + ivec2(5, 2)));
            float d = length(q - ctr) / r;
            if (d < 1.6) {
                float bowl = d < 1.0 ? d * d - 1.0 : 0.0;
                float rim = exp(-pow((d - 1.0) * 4.0, 2.0)) * 0.5;
                float peak = r > 0.4 ? 0.5 * exp(-d * d * 40.0) : 0.0;
                h += (bowl * 0.6 + rim + peak) / s;
            }
        }
    }
    return h;
}

float height(vec2 p, float dens) {
    return craterLayer(p, 2.0, dens) + craterLayer(p, 5.0, dens) + craterLayer(p, 13.0, dens) + 0.02 * pv_fbm(p * 20.0, 3);
}

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    // camera: straight down from orbit, or an oblique view towards a horizon at a seed height
    bool oblique = pv_seed(3) > 0.55;
    float hor = mix(0.05, 0.42, pv_seed(4));
    float zoom = mix(0.5, 1.8, pv_seed(5));
    vec2 p = pv_rot2(6.28 * pv_seed(6)) * uv * zoom;
    float fog = 0.0;
    if (oblique) {
        float dy = max(hor - uv.y, 1e-3);
        float depth = 0.35 / dy;
        p = vec2(uv.x * depth, depth) * zoom;
        fog = smoothstep(1.5, 8.0, depth);
    }
    p += 10.0 * pv_seed2(1);
    float dens = mix(0.3, 0.8, iSeed.x);
    float h = height(p, dens);
    // screen-space slope: two more evaluations of the three crater layers would triple the cost
    vec2 g = vec2(dFdx(h), dFdy(h)) * iResolution.y / zoom;
    if (oblique) g *= 0.5;
    float sa = 0.3 * iTime + 6.28 * pv_seed(2);
    float el = mix(0.15, 0.9, iSeed.w);
    vec3 L = normalize(vec3(cos(sa), sin(sa), el));
    vec3 n = normalize(vec3(-g * 0.6, 1.0));
    float diff = clamp(dot(n, L), 0.0, 1.0);
    float maria = smoothstep(0.45, 0.6, pv_fbm(p * 1.2, 4)) * iSeed.z;
    // surface colour: grey moon, rusty, ochre, icy or dark basalt worlds, with a seed albedo
    float hue = fract(iSeed.y * 1.3 + 0.02);
    vec3 tone = pv_hsv2rgb(vec3(hue, mix(0.0, 0.55, pv_seed(7) * pv_seed(7)), mix(0.35, 1.0, pv_seed(8))));
    float amb = mix(0.04, 0.3, pv_seed(9));
    vec3 col = tone * (1.0 - 0.55 * maria) * (amb + 1.1 * diff);
    // sky over the horizon: black space or a thin hazy atmosphere of a related colour
    float air = pv_seed(10);
    vec3 sky = pv_hsv2rgb(vec3(fract(hue + 0.5 * step(0.5, pv_seed(11))), 0.45, 1.0)) * mix(0.0, 0.9, air * air);
    // far ground blends to its average tone (too fine to resolve), then into the haze
    col = mix(col, tone * (1.0 - 0.3 * iSeed.z) * (amb + 0.7 * L.z), fog * 0.8);
    col = mix(col, sky * 0.9 + tone * 0.15, fog * air);
    if (oblique) col = mix(col, sky * (1.0 - 0.6 * smoothstep(0.0, 0.6, uv.y - hor)), smoothstep(-0.004, 0.004, uv.y - hor));
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
