// name: bokeh_traffic
// family: bokeh
// author: procvision
// licence: MIT
// description: A defocused street from night to blue hour: rows of round bokeh from street lamps, head- and tail-lights receding along perspective lines to a vanishing point under a glowing, sometimes foggy sky, drifting as the traffic moves.
// params: iSeed.x vanishing point, iSeed.y defocus size, iSeed.z lamp colour, iSeed.w traffic density; pv_seed(2..4) horizon height, camera roll and road width, pv_seed(5..8) sky hue, brightness, city-glow hue and fog, pv_seed(19) sky saturation, pv_seed(1) lamp saturation, pv_seed(9) exposure, pv_seed(18) road darkness, pv_seed(16..17) head- and tail-light tints, pv_seed(10..14) light spacing along each lane

#include "hash.glsl"
#include "noise.glsl"
#include "sdf.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    // a hand-held camera: seed roll, horizon height and vanishing point
    uv = pv_rot2(0.5 * (pv_seed(3) - 0.5)) * uv;
    vec2 vp = vec2(mix(-0.35, 0.35, iSeed.x), mix(-0.2, 0.25, pv_seed(2)));
    // sky from deep night to blue hour, a city glow of seed hue at the horizon, darker road below
    float skyv = mix(0.02, 0.4, pv_seed(6) * pv_seed(6));
    vec3 sky = pv_hsv2rgb(vec3(mix(0.55, 0.85, pv_seed(5)), mix(0.4, 0.9, pv_seed(19)), skyv));
    vec3 glowc = pv_hsv2rgb(vec3(mix(-0.05, 0.15, pv_seed(7)), 0.7, 1.0));
    float h = uv.y - vp.y;
    vec3 col = sky * mix(1.0, 0.35, smoothstep(0.0, 0.6, h));
    col += glowc * mix(0.05, 0.4, pv_seed(6)) * exp(-abs(h) * mix(3.0, 12.0, pv_seed(8)));
    col *= mix(mix(0.3, 0.8, pv_seed(18)), 1.0, smoothstep(-0.01, 0.01, h));
    float blur = mix(0.02, 0.11, iSeed.y);
    float road = mix(0.6, 1.5, pv_seed(4));
    vec3 lamp = pv_hsv2rgb(vec3(mix(0.06, 0.14, iSeed.z), mix(0.0, 0.8, pv_seed(1)), 1.0));
    vec3 head = mix(vec3(1.0, 0.9, 0.7), vec3(0.85, 0.95, 1.0), pv_seed(16));
    vec3 tail = pv_hsv2rgb(vec3(mix(0.97, 1.06, pv_seed(17)), 0.85, 1.0));
    // five lanes of lights: each light sits at depth z along a line from the vanishing point
    for (int lane = 0; lane < 5; lane++) {
        vec2 dir = normalize(vec2((float(lane) - 2.0) * road, lane == 4 ? 1.2 : -0.8) + 1e-4);
        vec3 lc = lane == 4 ? lamp : (lane < 2 ? tail : head);
        float speed = lane < 2 ? 0.3 : -0.4;
        if (lane == 4) speed = 0.1;
        for (int k = 0; k < 8; k++) {
            float z = fract(float(k) / 8.0 + pv_seed(10 + lane) + speed * iTime * 0.2);
            if (lane < 4 && pv_hash11(float(k) + float(lane) * 9.0) > mix(0.4, 1.0, iSeed.w)) continue;
            float dist = mix(0.05, 1.0, z * z);
            vec2 pos = vp + dir * dist * 1.1;
            float r = blur * (0.3 + 1.5 * z);
            float d = length(uv - pos);
            if (d > r) continue;
            float disc = smoothstep(r, r * 0.85, d) * (0.8 + 0.2 * smoothstep(r * 0.6, r, d));
            col += lc * disc * (0.45 + 0.35 * z);
        }
    }
    // fog: lights scatter into a broad haze around the vanishing point
    col += mix(lamp, glowc, 0.5) * mix(0.03, 0.35, pv_seed(8) * pv_seed(8)) * exp(-length(uv - vp) * 3.0);
    col *= mix(0.7, 1.4, pv_seed(9));
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
