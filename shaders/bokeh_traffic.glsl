// name: bokeh_traffic
// family: bokeh
// author: procvision
// licence: MIT
// description: A defocused night street: rows of round bokeh from street lamps, head- and tail-lights receding along perspective lines to a vanishing point, drifting as the traffic moves.
// params: iSeed.x vanishing point, iSeed.y defocus size, iSeed.z lamp colour, iSeed.w traffic density

#include "hash.glsl"
#include "noise.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    vec2 vp = vec2(mix(-0.3, 0.3, iSeed.x), 0.05);
    vec3 col = mix(vec3(0.02, 0.02, 0.05), vec3(0.08, 0.05, 0.1), smoothstep(-0.5, 0.5, uv.y));
    float blur = mix(0.02, 0.07, iSeed.y);
    vec3 lamp = pv_hsv2rgb(vec3(mix(0.06, 0.14, iSeed.z), mix(0.3, 0.8, pv_seed(1)), 1.0));
    // four lanes of lights: each light sits at depth z along a line from the vanishing point
    for (int lane = 0; lane < 5; lane++) {
        vec2 dir = normalize(vec2(float(lane) - 2.0, lane == 4 ? 1.2 : -0.8) + 1e-4);
        vec3 lc = lane == 4 ? lamp : (lane < 2 ? vec3(1.0, 0.15, 0.1) : vec3(1.0, 0.95, 0.85));
        float speed = lane < 2 ? 0.3 : -0.4;
        if (lane == 4) speed = 0.1;
        for (int k = 0; k < 8; k++) {
            float z = fract(float(k) / 8.0 + pv_seed(10 + lane) + speed * iTime * 0.2);
            if (lane < 4 && pv_hash11(float(k) + float(lane) * 9.0) > mix(0.4, 1.0, iSeed.w)) continue;
            float dist = mix(0.05, 1.0, z * z);
            vec2 pos = vp + dir * dist * 1.1;
            float r = blur * (0.3 + 1.5 * z);
            float d = length(uv - pos);
            float disc = smoothstep(r, r * 0.85, d) * (0.8 + 0.2 * smoothstep(r * 0.6, r, d));
            col += lc * disc * (0.45 + 0.35 * z);
        }
    }
    col += lamp * 0.05 * exp(-length(uv - vp) * 4.0);
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
