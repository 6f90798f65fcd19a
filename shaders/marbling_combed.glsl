// name: marbling_combed
// family: marbling
// author: procvision
// licence: MIT
// description: Combed marbled paper: bands of floating colour raked by combs of tines in alternating directions, once across and once back, into feathered chevrons and nonpareil waves.
// params: iSeed.x band count, iSeed.y tine spacing, iSeed.z palette, iSeed.w rake strength

#include "hash.glsl"
#include "noise.glsl"
#include "palette.glsl"

// Undo a comb: tines along lines every `sp`, each dragging the fluid by `a` with falloff `lam`.
float rake(float across, float sp, float a, float lam, float phase) {
    float k = floor(across / sp + 0.5);
    float d = abs(across - k * sp);
    float dir = mod(k, 2.0) * 2.0 - 1.0;
    return a * lam / (d + lam) * mix(1.0, dir, phase);
}

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 p = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    float sp = mix(0.04, 0.15, iSeed.y);
    float a = mix(0.05, 0.3, iSeed.w);
    float alt = step(0.5, pv_seed(1));
    // second pass (vertical tines) then first pass (horizontal), undone in reverse order
    p.y -= rake(p.x + 0.02 * iTime, sp * 2.0, a * 0.6, 0.05, 1.0);
    p.x -= rake(p.y, sp, a, 0.04, alt);
    p += 0.02 * vec2(pv_gnoise(p * 6.0), pv_gnoise(p * 6.0 + 3.0));
    float bands = mix(3.0, 9.0, iSeed.x);
    float b = p.x * bands + 0.2 * sin(p.y * 7.0 + 0.3 * iTime);
    float id = floor(b);
    float f = fract(b);
    vec3 col = pv_seedpal(fract(id * 0.31 + iSeed.z), 8);
    col = mix(col, col * 0.55, smoothstep(0.8, 1.0, f));
    col = mix(col, vec3(0.96, 0.94, 0.9), smoothstep(0.04, 0.0, abs(f - 0.5)) * 0.7);
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
