// name: space_craters
// family: space
// author: procvision
// licence: MIT
// description: A cratered moon surface from orbit: overlapping impact craters of many sizes with raised rims, central peaks, ejecta rays and dark maria, under a low sweeping sun.
// params: iSeed.x crater density, iSeed.y surface tone, iSeed.z maria amount, iSeed.w sun elevation

#include "hash.glsl"
#include "noise.glsl"
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
    vec2 p = uv + 10.0 * pv_seed2(1);
    float dens = mix(0.3, 0.8, iSeed.x);
    float h = height(p, dens);
    // screen-space slope: two more evaluations of the three crater layers would triple the cost
    vec2 g = vec2(dFdx(h), dFdy(h)) * iResolution.y;
    float sa = 0.3 * iTime + 6.28 * pv_seed(2);
    float el = mix(0.2, 0.8, iSeed.w);
    vec3 L = normalize(vec3(cos(sa), sin(sa), el));
    vec3 n = normalize(vec3(-g * 0.6, 1.0));
    float diff = clamp(dot(n, L), 0.0, 1.0);
    float maria = smoothstep(0.45, 0.6, pv_fbm(p * 1.2, 4)) * iSeed.z;
    vec3 tone = mix(vec3(0.62, 0.6, 0.57), vec3(0.7, 0.62, 0.5), iSeed.y);
    vec3 col = tone * (1.0 - 0.5 * maria) * (0.05 + 1.1 * diff);
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
