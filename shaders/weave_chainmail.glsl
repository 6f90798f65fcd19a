// name: weave_chainmail
// family: weave
// author: procvision
// licence: MIT
// description: Chainmail (European 4-in-1): interlinked metal rings in offset rows, each ring passing over and under its neighbours, shaded as polished tori under a moving light.
// params: iSeed.x ring size, iSeed.y wire thickness, iSeed.z metal colour, iSeed.w ring tilt

#include "hash.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = fragCoord / iResolution.y;
    float n = mix(5.0, 14.0, iSeed.x);
    vec2 p = uv * n;
    float R = 0.5, w = mix(0.07, 0.14, iSeed.y);
    float tilt = mix(0.55, 0.85, iSeed.w);
    vec3 L = normalize(vec3(cos(0.6 * iTime), sin(0.6 * iTime), 1.0));
    vec3 metal = iSeed.z < 0.4 ? vec3(0.75, 0.76, 0.8) : (iSeed.z < 0.7 ? vec3(0.85, 0.65, 0.3) : vec3(0.4, 0.42, 0.48));
    vec3 col = vec3(0.05);
    float bestZ = -1e3;
    // rings sit on two offset lattices; each ring's height depends on the angle round it
    // (leaning rings), so that the nearer part of an overlapping pair is drawn on top
    for (int j = -1; j <= 1; j++) {
        for (int i = -1; i <= 1; i++) {
            for (int lat = 0; lat < 2; lat++) {
                vec2 ctr = floor(p) + vec2(i, j) + 0.5 * float(lat) + vec2(0.25);
                vec2 d = p - ctr;
                d.x /= tilt;
                float r = length(d);
                float ring = abs(r - R * 0.75) - w;
                if (ring < 0.0) {
                    float across = -ring / w;
                    float ang = pv_atan2(d.y, d.x);
                    float z = 0.3 * sin(ang) * (lat == 0 ? 1.0 : -1.0);
                    if (z > bestZ) {
                        bestZ = z;
                        vec2 radial = d / max(r, 1e-4);
                        float side = (r - R * 0.75) / w;
                        vec3 nrm = normalize(vec3(radial * side, sqrt(max(1.0 - side * side, 0.0)) + 0.3));
                        float diff = clamp(dot(nrm, L), 0.0, 1.0);
                        float spec = pow(clamp(dot(reflect(-L, nrm), vec3(0.0, 0.0, 1.0)), 0.0, 1.0), 20.0);
                        col = metal * (0.2 + 0.7 * diff) + spec * 0.6;
                        col *= 0.6 + 0.4 * smoothstep(0.0, 0.3, across);
                    }
                }
            }
        }
    }
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
