// name: fractal_burning_ship
// family: fractal
// author: procvision
// licence: MIT
// description: Burning Ship fractal (abs-folded Mandelbrot iteration) around the ship and its masts, fiery or cold colouring.
// params: iSeed.x view centre, iSeed.y zoom, iSeed.z palette, iSeed.w colour mapping exponent

#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    uv.y = -uv.y;
    vec2 centre = mix(vec2(-1.76, -0.035), vec2(-1.62, -0.01), iSeed.x);
    if (pv_seed(1) < 0.25) centre = vec2(-0.45, -0.55);
    float scale = mix(0.25, 0.03, iSeed.y) * (pv_seed(1) < 0.25 ? 12.0 : 1.0);
    vec2 c = centre + uv * scale * (1.0 + 0.01 * sin(0.5 * iTime));
    vec2 z = vec2(0.0);
    float n = 0.0, esc = 0.0;
    for (int i = 0; i < 80; i++) {
        z = abs(z);
        z = vec2(z.x * z.x - z.y * z.y, 2.0 * z.x * z.y) + c;
        if (dot(z, z) > 64.0) { esc = 1.0; break; }
        n += 1.0;
    }
    float t = esc * pow(clamp(n / 80.0, 0.0, 1.0), mix(0.3, 0.9, iSeed.w));
    vec3 col;
    if (iSeed.z < 0.5) col = vec3(1.6 * t, 1.6 * t * t, t * t * t * 2.0);
    else col = pv_seedpal(t * 1.5, 60) * smoothstep(0.0, 0.2, t);
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
