// KML (k = 2) on the GPU in three launches; the definition is procgen/kml.py's docstring.
//   1. kml_hard_mask: one block per image. Bilinear resize of s1 to work x work on the fly,
//      lexicographic min/max colours, `iters` Lloyd iterations (float64 cluster-0 sums,
//      cluster 1 = total - cluster 0), final assignment -> hard mask (B, work, work).
//   2. kml_soft: 3x3 box blur (replicated edges) of the hard mask, sampled bilinearly at the
//      output size -> soft (B, R, R).
//   3. kml_blend: 3x3 box blur of soft = mask, image = s3 + (s2 - s3) * mask.
// Arithmetic follows the torch path (float32 resize taps as F.interpolate computes them, the
// linear k=2 test 2 x.(c1 - c0) <= |c1|^2 - |c0|^2), so only pixels within float32 rounding
// of a boundary can land differently. Compiled by CuPy (NVRTC) at run time; tests compile it
// with nvcc so that syntax errors show without a GPU. extern "C": CuPy finds kernels by name.

#define KML_THREADS 512

struct Colour { float r, g, b; };

__device__ __forceinline__ bool lex_less(const Colour a, const Colour b) {
    return a.r < b.r || (a.r == b.r && (a.g < b.g || (a.g == b.g && a.b < b.b)));
}

// F.interpolate(bilinear, align_corners=False, antialias=False) source taps along one axis.
__device__ __forceinline__ void taps(int dst, int in_size, int out_size, int* low, int* high, float* w) {
    const float scale = (float)in_size / (float)out_size;
    float src = scale * ((float)dst + 0.5f) - 0.5f;
    src = src < 0.0f ? 0.0f : src;
    int l = (int)src;
    l = l > in_size - 1 ? in_size - 1 : l;
    *low = l;
    *high = l < in_size - 1 ? l + 1 : l;
    *w = src - (float)l;
}

__device__ __forceinline__ float bilinear(const float* plane, int width, int y0, int y1, float wy,
                                          int x0, int x1, float wx) {
    const float top = (1.0f - wx) * plane[y0 * width + x0] + wx * plane[y0 * width + x1];
    const float bottom = (1.0f - wx) * plane[y1 * width + x0] + wx * plane[y1 * width + x1];
    return (1.0f - wy) * top + wy * bottom;
}

__device__ __forceinline__ Colour work_pixel(const float* image, int h, int w, int work, int p) {
    int y0, y1, x0, x1;
    float wy, wx;
    taps(p / work, h, work, &y0, &y1, &wy);
    taps(p % work, w, work, &x0, &x1, &wx);
    const int plane = h * w;
    Colour c;
    c.r = bilinear(image, w, y0, y1, wy, x0, x1, wx) + 0.0f;  // -0.0 -> +0.0, as torch's "+ 0.0"
    c.g = bilinear(image + plane, w, y0, y1, wy, x0, x1, wx) + 0.0f;
    c.b = bilinear(image + 2 * plane, w, y0, y1, wy, x0, x1, wx) + 0.0f;
    return c;
}

__device__ __forceinline__ bool in_cluster0(const Colour x, const Colour c0, const Colour c1) {
    const float dr = 2.0f * (c1.r - c0.r), dg = 2.0f * (c1.g - c0.g), db = 2.0f * (c1.b - c0.b);
    const float threshold = (c1.r * c1.r + c1.g * c1.g + c1.b * c1.b) - (c0.r * c0.r + c0.g * c0.g + c0.b * c0.b);
    return dr * x.r + dg * x.g + db * x.b <= threshold;
}

extern "C" __global__ void kml_hard_mask(const float* __restrict__ s1, int h, int w, int work, int iters,
                                         float* __restrict__ hard) {
    __shared__ Colour low_s[KML_THREADS], high_s[KML_THREADS];
    __shared__ double sum_s[4][KML_THREADS];
    __shared__ Colour centroid[2];
    const int tid = threadIdx.x, n = work * work;
    const float* image = s1 + (size_t)blockIdx.x * 3 * h * w;

    // Lexicographic extremes of the resized colours (the initial centroids).
    const float inf = __int_as_float(0x7f800000);  // no math.h under NVRTC
    Colour low = {inf, inf, inf}, high = {-inf, -inf, -inf};
    double total_r = 0.0, total_g = 0.0, total_b = 0.0;
    for (int p = tid; p < n; p += blockDim.x) {
        const Colour x = work_pixel(image, h, w, work, p);
        if (lex_less(x, low)) low = x;
        if (lex_less(high, x)) high = x;
        total_r += x.r; total_g += x.g; total_b += x.b;
    }
    low_s[tid] = low; high_s[tid] = high;
    sum_s[0][tid] = total_r; sum_s[1][tid] = total_g; sum_s[2][tid] = total_b;
    __syncthreads();
    for (int stride = blockDim.x / 2; stride > 0; stride >>= 1) {
        if (tid < stride) {
            if (lex_less(low_s[tid + stride], low_s[tid])) low_s[tid] = low_s[tid + stride];
            if (lex_less(high_s[tid], high_s[tid + stride])) high_s[tid] = high_s[tid + stride];
            for (int k = 0; k < 3; ++k) sum_s[k][tid] += sum_s[k][tid + stride];
        }
        __syncthreads();
    }
    const double total[3] = {sum_s[0][0], sum_s[1][0], sum_s[2][0]};
    if (tid == 0) { centroid[0] = low_s[0]; centroid[1] = high_s[0]; }
    __syncthreads();

    for (int it = 0; it < iters; ++it) {
        const Colour c0 = centroid[0], c1 = centroid[1];
        double r = 0.0, g = 0.0, b = 0.0, count = 0.0;
        for (int p = tid; p < n; p += blockDim.x) {
            const Colour x = work_pixel(image, h, w, work, p);
            if (in_cluster0(x, c0, c1)) { r += x.r; g += x.g; b += x.b; count += 1.0; }
        }
        __syncthreads();  // every thread has read `total` and the centroids before sum_s is reused
        sum_s[0][tid] = r; sum_s[1][tid] = g; sum_s[2][tid] = b; sum_s[3][tid] = count;
        __syncthreads();
        for (int stride = blockDim.x / 2; stride > 0; stride >>= 1) {
            if (tid < stride) for (int k = 0; k < 4; ++k) sum_s[k][tid] += sum_s[k][tid + stride];
            __syncthreads();
        }
        if (tid == 0) {
            const double n0 = sum_s[3][0], n1 = (double)n - n0;
            if (n0 > 0) {  // an empty cluster keeps its centroid
                centroid[0].r = (float)(sum_s[0][0] / n0);
                centroid[0].g = (float)(sum_s[1][0] / n0);
                centroid[0].b = (float)(sum_s[2][0] / n0);
            }
            if (n1 > 0) {
                centroid[1].r = (float)((total[0] - sum_s[0][0]) / n1);
                centroid[1].g = (float)((total[1] - sum_s[1][0]) / n1);
                centroid[1].b = (float)((total[2] - sum_s[2][0]) / n1);
            }
        }
        __syncthreads();
    }
    const Colour c0 = centroid[0], c1 = centroid[1];
    float* out = hard + (size_t)blockIdx.x * n;
    for (int p = tid; p < n; p += blockDim.x) {
        out[p] = in_cluster0(work_pixel(image, h, w, work, p), c0, c1) ? 1.0f : 0.0f;
    }
}

// 3x3 mean with replicated edges at (y, x) of a (size x size) plane.
__device__ __forceinline__ float box3(const float* plane, int size, int y, int x) {
    float sum = 0.0f;
    for (int dy = -1; dy <= 1; ++dy) {
        const int yy = min(max(y + dy, 0), size - 1);
        for (int dx = -1; dx <= 1; ++dx) sum += plane[yy * size + min(max(x + dx, 0), size - 1)];
    }
    return sum / 9.0f;
}

extern "C" __global__ void kml_soft(const float* __restrict__ hard, int batch, int work, int out_size,
                                    float* __restrict__ soft) {
    const long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x;
    const long long per_image = (long long)out_size * out_size;
    if (i >= batch * per_image) return;
    const int b = (int)(i / per_image), p = (int)(i % per_image);
    int y0, y1, x0, x1;
    float wy, wx;
    taps(p / out_size, work, out_size, &y0, &y1, &wy);
    taps(p % out_size, work, out_size, &x0, &x1, &wx);
    const float* plane = hard + (size_t)b * work * work;
    const float top = (1.0f - wx) * box3(plane, work, y0, x0) + wx * box3(plane, work, y0, x1);
    const float bottom = (1.0f - wx) * box3(plane, work, y1, x0) + wx * box3(plane, work, y1, x1);
    soft[i] = (1.0f - wy) * top + wy * bottom;
}

extern "C" __global__ void kml_blend(const float* __restrict__ soft, const float* __restrict__ s2,
                                     const float* __restrict__ s3, int batch, int size,
                                     float* __restrict__ mask, float* __restrict__ image) {
    const long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x;
    const long long per_image = (long long)size * size;
    if (i >= batch * per_image) return;
    const int b = (int)(i / per_image), p = (int)(i % per_image);
    const float m = box3(soft + (size_t)b * per_image, size, p / size, p % size);
    mask[i] = m;
    for (int c = 0; c < 3; ++c) {
        const size_t at = ((size_t)b * 3 + c) * per_image + p;
        image[at] = s3[at] + (s2[at] - s3[at]) * m;
    }
}
