// name: mosaic_tesserae
// family: mosaic
// author: procvision
// licence: MIT
// description: A Roman-style mosaic: small square stone tesserae laid in rows that follow the contours of a figure (opus vermiculatum), set in pale grout with chipped, uneven edges.
// params: iSeed.x tessera size, iSeed.y figure (rings, waves, blobs), iSeed.z palette, iSeed.w grout width

#include "hash.glsl"
#include "noise.glsl"
#include "sdf.glsl"
#include "palette.glsl"

float field(vec2 p, int kind) {
    if (kind == 0) return length(p - vec2(0.1, 0.05));
    if (kind == 1) return p.y + 0.15 * sin(p.x * 5.0);
    return pv_fbm(p * 1.5 + 3.0, 2);
}

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
    uv += 0.03 * vec2(sin(0.2 * iTime), cos(0.15 * iTime));
    int kind = int(iSeed.y * 2.99);
    float ts = mix(0.018, 0.045, iSeed.x);
    float v = field(uv, kind);
    float e = 0.002;
    vec2 g = vec2(field(uv + vec2(e, 0.0), kind) - v, field(uv + vec2(0.0, e), kind) - v) / e;
    vec2 nrm = g / max(length(g), 1e-4);
    vec2 tang = vec2(-nrm.y, nrm.x);
    // rows follow iso-lines of the field; tesserae are cut along each row
    float row = v / (ts * max(length(g), 0.3)) ;
    float rowId = floor(row);
    float along = dot(uv, tang) / ts + 3.0 * pv_hash11(rowId);
    float tid = floor(along);
    vec2 f = vec2(fract(along), fract(row)) - 0.5;
    float jag = 0.05 * (pv_hash12(vec2(tid, rowId)) - 0.5);
    float grout = mix(0.04, 0.12, iSeed.w);
    float tile = pv_sdBox2(f + jag, vec2(0.5 - grout)) ;
    float band = floor(v * 6.0);
    vec3 stone = pv_seedpal(fract(band * 0.21 + iSeed.z), 3);
    stone *= 0.8 + 0.3 * pv_hash12(vec2(tid, rowId) + 0.3);
    vec3 col = mix(stone, vec3(0.82, 0.8, 0.74), smoothstep(-0.02, 0.02, tile));
    fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);
}
