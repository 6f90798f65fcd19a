// name: flow_curl_streaks
// family: flow
// author: procvision
// licence: MIT
// description: Line-integral-convolution-like streaks: hashed noise averaged along a curl-noise flow field, tinted by flow direction.
// params: iSeed.x field scale, iSeed.y streak length, iSeed.z palette, iSeed.w streak density

#include "noise.glsl"
#include "palette.glsl"

vec2 curl(vec2 p) {
    const float e = 0.05;
    float n1 = pv_gnoise(p + vec2(0.0, e)), n2 = pv_gnoise(p - vec2(0.0, e));
    float n3 = pv_gnoise(p + vec2(e, 0.0)), n4 = pv_gnoise(p - vec2(e, 0.0));
    return vec2(n1 - n2, -(n3 - n4)) / (2.0 * e);
}

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = fragCoord / iResolution.y;
    float fs = mix(1.5, 4.0, iSeed.x);
    vec2 off = 30.0 * pv_seed2(1);
    float dens = mix(25.0, 70.0, iSeed.w);
    float len = mix(0.006, 0.02, iSeed.y);
    vec2 v0 = curl(uv * fs + off + 0.02 * iTime);
    // Average fine value noise along the local flow direction (a straight-line
    // approximation of the streamline, which is cheap and looks the same at this scale).
    vec2 dir = v0 / max(length(v0), 1e-3);
    float acc = 0.0, wsum = 0.0;
    for (int i = -6; i <= 6; i++) {
        float w = 1.0 - abs(float(i)) / 7.0;
        acc += w * pv_vnoise((uv + dir * len * float(i)) * dens);
        wsum += w;
    }
    float lic = acc / wsum;
    lic = clamp((lic - 0.5) * 4.0 + 0.5, 0.0, 1.0);
    float ang = atan(v0.y, v0.x + 1e-9) / 6.2831853;
    vec3 col = pv_seedpal(ang * (pv_seed(2) < 0.5 ? 1.0 : 0.3) + iSeed.z, 50) * (0.25 + 0.95 * lic);
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
