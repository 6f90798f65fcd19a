// name: flow_advected_noise
// family: flow
// author: procvision
// licence: MIT
// description: Noise advected backwards through a swirling vortex field: dye-in-water filaments and eddies.
// params: iSeed.x vortex count, iSeed.y advection steps / strength, iSeed.z dye palette, iSeed.w dye scale

#include "noise.glsl"
#include "palette.glsl"

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    int nv = 2 + int(iSeed.x * 5.0);
    float strength = mix(0.03, 0.1, iSeed.y);
    // Vortex centres and spins are hoisted out of the advection loop.
    vec3 vort[7];
    for (int i = 0; i < 7; i++) {
        vort[i] = vec3((pv_seed2(40 + i) - 0.5) * 1.4, pv_seed(60 + i) < 0.5 ? -1.0 : 1.0);
    }
    vec2 p = uv;
    for (int s = 0; s < 10; s++) {
        vec2 vel = vec2(0.0);
        for (int i = 0; i < 7; i++) {
            if (i >= nv) break;
            vec2 d = p - vort[i].xy;
            float r2 = dot(d, d) + 0.01;
            vel += vort[i].z * vec2(-d.y, d.x) / (r2 * (1.0 + 4.0 * r2 + 8.0 * r2 * r2));
        }
        p += strength * vel * (0.6 + 0.1 * iTime / 10.0);
    }
    float sc = mix(2.0, 6.0, iSeed.w);
    float n = pv_fbm(p * sc + 20.0 * pv_seed2(3), 4);
    float bands = 0.5 + 0.5 * sin(6.2831853 * (p.x * sc * 0.7 + n));
    vec3 col = pv_seedpal(n * 1.2 + 0.4 * bands + iSeed.z, 60);
    col = mix(col, col * bands, 0.5);
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
