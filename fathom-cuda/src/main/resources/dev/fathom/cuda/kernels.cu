// Fathom's own CUDA kernels, compiled at run time by NVRTC (once per process, the PTX cached on
// disk). Every kernel takes its tensors as (pointer, Strided) pairs: the element at row-major
// position i of the view's shape lives at pointer[offset + sum(index_d * stride_d)], as in
// dev.fathom.backend.View, so broadcast (stride 0) and transposed operands need no copies.
// The op codes are the ordinals of Fathom's UnaryOp, BinaryOp and ReduceOp enums.

#define MAX_RANK 8

struct Strided {
    int rank;
    int offset;
    int shape[MAX_RANK];
    int stride[MAX_RANK];
};

// The storage position of row-major element i of the view.
__device__ __forceinline__ long long at(const Strided& v, long long i) {
    long long off = v.offset;
    for (int d = v.rank - 1; d >= 0; --d) {
        int s = v.shape[d];
        long long q = i % s;
        i /= s;
        off += q * v.stride[d];
    }
    return off;
}

__device__ __forceinline__ long long numel(const Strided& v) {
    long long n = 1;
    for (int d = 0; d < v.rank; ++d) n *= v.shape[d];
    return n;
}

#define GRID_STRIDE(i, n) for (long long i = blockIdx.x * (long long) blockDim.x + threadIdx.x; i < (n); \
                               i += (long long) gridDim.x * blockDim.x)

template <typename T> __device__ __forceinline__ T unary_op(int op, T x) {
    switch (op) {
        case 0: return -x;
        case 1: return exp(x);
        case 2: return log(x);
        case 3: return sqrt(x);
        case 4: return fabs(x);
        case 5: return x > T(0) ? T(1) : x < T(0) ? T(-1) : x;   // sign keeps 0, -0 and NaN, as Math.signum
        case 6: return tanh(x);
        case 7: return x >= T(0) ? T(1) / (T(1) + exp(-x)) : exp(x) / (T(1) + exp(x));
        case 8: return x > T(0) || x != x ? x : T(0);             // relu: NaN stays NaN
        case 9: return sin(x);
        default: return cos(x);
    }
}

template <> __device__ __forceinline__ int unary_op<int>(int op, int x) {
    switch (op) {
        case 0: return -x;
        case 4: return x < 0 ? -x : x;
        case 5: return (x > 0) - (x < 0);
        case 8: return x > 0 ? x : 0;
        default: return x;   // the engine casts integers to float before transcendental ops
    }
}

// Java's Math.max/min: NaN wins; -0 < +0.
template <typename T> __device__ __forceinline__ T java_max(T a, T b) {
    if (a != a) return a;
    if (b != b) return b;
    if (a == T(0) && b == T(0)) return signbit(a) ? b : a;
    return a > b ? a : b;
}
template <typename T> __device__ __forceinline__ T java_min(T a, T b) {
    if (a != a) return a;
    if (b != b) return b;
    if (a == T(0) && b == T(0)) return signbit(a) ? a : b;
    return a < b ? a : b;
}
template <> __device__ __forceinline__ int java_max<int>(int a, int b) { return a > b ? a : b; }
template <> __device__ __forceinline__ int java_min<int>(int a, int b) { return a < b ? a : b; }
template <> __device__ __forceinline__ long long java_max<long long>(long long a, long long b) { return a > b ? a : b; }
template <> __device__ __forceinline__ long long java_min<long long>(long long a, long long b) { return a < b ? a : b; }

template <typename T> __device__ __forceinline__ T binary_op(int op, T a, T b) {
    switch (op) {
        case 0: return a + b;
        case 1: return a - b;
        case 2: return a * b;
        case 3: return a / b;
        case 4: return pow(a, b);
        case 5: return java_max(a, b);
        case 6: return java_min(a, b);
        case 7: return a == b ? T(1) : T(0);
        case 8: return a != b ? T(1) : T(0);
        case 9: return a < b ? T(1) : T(0);
        case 10: return a <= b ? T(1) : T(0);
        case 11: return a > b ? T(1) : T(0);
        default: return a >= b ? T(1) : T(0);
    }
}

template <> __device__ __forceinline__ int binary_op<int>(int op, int a, int b) {
    switch (op) {
        case 0: return a + b;
        case 1: return a - b;
        case 2: return a * b;
        case 3: return b == 0 ? 0 : a / b;
        case 5: return java_max(a, b);
        case 6: return java_min(a, b);
        case 7: return a == b;
        case 8: return a != b;
        case 9: return a < b;
        case 10: return a <= b;
        case 11: return a > b;
        case 12: return a >= b;
        default: return 0;
    }
}

template <typename T> __device__ void fill_t(T* out, Strided o, double value) {
    T v = (T) value;
    long long n = numel(o);
    GRID_STRIDE(i, n) out[at(o, i)] = v;
}

template <typename S, typename T> __device__ void copy_t(const S* x, Strided xs, T* out, Strided o) {
    long long n = numel(o);
    GRID_STRIDE(i, n) out[at(o, i)] = (T) x[at(xs, i)];
}

template <typename T> __device__ void unary_t(int op, const T* x, Strided xs, T* out, Strided o) {
    long long n = numel(o);
    GRID_STRIDE(i, n) out[at(o, i)] = unary_op<T>(op, x[at(xs, i)]);
}

template <typename T> __device__ void binary_t(int op, const T* a, Strided as, const T* b, Strided bs, T* out, Strided o) {
    long long n = numel(o);
    GRID_STRIDE(i, n) out[at(o, i)] = binary_op<T>(op, a[at(as, i)], b[at(bs, i)]);
}

template <typename C, typename T> __device__ void where_t(const C* c, Strided cs, const T* a, Strided as, const T* b,
                                                          Strided bs, T* out, Strided o) {
    long long n = numel(o);
    GRID_STRIDE(i, n) out[at(o, i)] = c[at(cs, i)] != C(0) ? a[at(as, i)] : b[at(bs, i)];
}

// Reductions: out has x's rank with size 1 on the reduced axes. Line `line` of the output (its
// row-major position) gathers the x elements whose kept coordinates equal its own; `r` walks the
// reduced sub-space in row-major order.
__device__ __forceinline__ long long reduced_at(const Strided& x, const Strided& o, long long line, long long r) {
    long long off = x.offset;
    for (int d = x.rank - 1; d >= 0; --d) {
        long long q;
        if (o.shape[d] == 1 && x.shape[d] != 1) {
            q = r % x.shape[d];
            r /= x.shape[d];
        } else {
            q = line % o.shape[d];
            line /= o.shape[d];
        }
        off += q * x.stride[d];
    }
    return off;
}

template <typename T> __device__ __forceinline__ T reduce_init(int op) {
    return op == 0 ? T(0) : op == 1 ? T(-INFINITY) : T(INFINITY);
}
template <> __device__ __forceinline__ int reduce_init<int>(int op) {
    return op == 0 ? 0 : op == 1 ? (int) 0x80000000 : 0x7fffffff;
}
template <typename T> __device__ __forceinline__ T reduce_op(int op, T a, T b) {
    return op == 0 ? a + b : op == 1 ? java_max(a, b) : java_min(a, b);
}

// One block per output element; its threads share the reduced elements, then a tree in shared memory.
// Sums accumulate in double for float inputs (as the CPU backend accumulates wide).
template <typename T, typename A> __device__ void reduce_t(int op, const T* x, Strided xs, T* out, Strided o, long long count) {
    extern __shared__ unsigned char shared_bytes[];
    A* partial = reinterpret_cast<A*>(shared_bytes);
    long long lines = numel(o);
    for (long long line = blockIdx.x; line < lines; line += gridDim.x) {
        A acc = (A) reduce_init<T>(op);
        for (long long r = threadIdx.x; r < count; r += blockDim.x) acc = reduce_op<A>(op, acc, (A) x[reduced_at(xs, o, line, r)]);
        partial[threadIdx.x] = acc;
        __syncthreads();
        for (int s = blockDim.x / 2; s > 0; s >>= 1) {
            if (threadIdx.x < s) partial[threadIdx.x] = reduce_op<A>(op, partial[threadIdx.x], partial[threadIdx.x + s]);
            __syncthreads();
        }
        if (threadIdx.x == 0) out[at(o, line)] = (T) partial[0];
        __syncthreads();
    }
}

// Position of the largest (op 1) or smallest (op 2) value along `axis`; the first on ties; a NaN
// wins (the first NaN), as the CPU backend.
template <typename T> __device__ void arg_reduce_t(int op, const T* x, Strided xs, int axis, int* out, Strided o) {
    long long lines = numel(o);
    int len = xs.shape[axis];
    GRID_STRIDE(line, lines) {
        long long base = reduced_at(xs, o, line, 0);
        int best = 0;
        T bestValue = x[base];
        for (int j = 1; j < len && bestValue == bestValue; ++j) {
            T v = x[base + (long long) j * xs.stride[axis]];
            if (v != v || (op == 1 ? v > bestValue : v < bestValue)) {
                best = j;
                bestValue = v;
            }
        }
        out[at(o, line)] = best;
    }
}

// log(softmax(x)) along `axis`, one thread per line; out is dense with x's shape.
template <typename T> __device__ void log_softmax_t(const T* x, Strided xs, int axis, T* out, Strided o) {
    Strided lines_shape = o;
    lines_shape.shape[axis] = 1;
    long long lines = numel(lines_shape);
    int len = xs.shape[axis];
    GRID_STRIDE(line, lines) {
        long long xb = reduced_at(xs, lines_shape, line, 0);
        long long ob = reduced_at(o, lines_shape, line, 0);
        double m = -INFINITY;
        for (int j = 0; j < len; ++j) m = java_max(m, (double) x[xb + (long long) j * xs.stride[axis]]);
        double shift = isinf(m) ? 0.0 : m;
        double s = 0;
        for (int j = 0; j < len; ++j) s += exp((double) x[xb + (long long) j * xs.stride[axis]] - shift);
        double lse = shift + log(s);
        for (int j = 0; j < len; ++j) {
            out[ob + (long long) j * o.stride[axis]] = (T) ((double) x[xb + (long long) j * xs.stride[axis]] - lse);
        }
    }
}

// The position in v of row-major element i of `shape`'s index space, with the coordinate on `axis`
// replaced by `j`: where gather reads and scatter-add writes.
__device__ __forceinline__ long long indexed_at(const Strided& v, const Strided& shape, int axis, long long i, int j) {
    long long off = v.offset;
    for (int d = shape.rank - 1; d >= 0; --d) {
        long long q = i % shape.shape[d];
        i /= shape.shape[d];
        off += (d == axis ? (long long) j : q) * v.stride[d];
    }
    return off;
}

// out[..., i, ...] = x[..., index[..., i, ...], ...] along axis; index has out's shape.
template <typename T> __device__ void gather_t(const T* x, Strided xs, int axis, const int* index, Strided is, T* out, Strided o) {
    long long n = numel(o);
    GRID_STRIDE(i, n) out[at(o, i)] = x[indexed_at(xs, o, axis, i, index[at(is, i)])];
}

__device__ __forceinline__ void atomic_add(float* p, float v) { atomicAdd(p, v); }
__device__ __forceinline__ void atomic_add(double* p, double v) { atomicAdd(p, v); }
__device__ __forceinline__ void atomic_add(int* p, int v) { atomicAdd(p, v); }

// out[..., index[..., i, ...], ...] += src[..., i, ...]; atomics, since indices repeat.
template <typename T> __device__ void scatter_add_t(T* out, Strided o, int axis, const int* index, Strided is, const T* src, Strided ss) {
    long long n = numel(ss);
    GRID_STRIDE(i, n) atomic_add(out + indexed_at(o, ss, axis, i, index[at(is, i)]), src[at(ss, i)]);
}

struct Window {
    int n, c, h, w, ho, wo;
    int kh, kw, sh, sw, dh, dw, pad_top, pad_left;
};

// x [N, C, H, W] dense -> out [C*kh*kw, N*Ho*Wo] dense; one thread per out element.
template <typename T> __device__ void im2col_t(const T* x, Window g, double pad, T* out) {
    long long cols = (long long) g.n * g.ho * g.wo;
    long long total = (long long) g.c * g.kh * g.kw * cols;
    GRID_STRIDE(i, total) {
        long long row = i / cols, col = i % cols;
        int j = (int) (row % g.kw), t = (int) (row / g.kw);
        int k = t % g.kh, c = t / g.kh;
        int ow = (int) (col % g.wo);
        long long t2 = col / g.wo;
        int oh = (int) (t2 % g.ho), n = (int) (t2 / g.ho);
        int y = oh * g.sh - g.pad_top + k * g.dh;
        int xw = ow * g.sw - g.pad_left + j * g.dw;
        out[i] = y >= 0 && y < g.h && xw >= 0 && xw < g.w ? x[(((long long) n * g.c + c) * g.h + y) * g.w + xw] : (T) pad;
    }
}

// The adjoint: out [N, C, H, W] = the sum of each pixel's entries in cols; one thread per pixel
// (gathers, no atomics: deterministic).
template <typename T> __device__ void col2im_t(const T* cols, Window g, T* out) {
    long long width = (long long) g.n * g.ho * g.wo;
    long long total = (long long) g.n * g.c * g.h * g.w;
    GRID_STRIDE(i, total) {
        int xw = (int) (i % g.w);
        long long t = i / g.w;
        int y = (int) (t % g.h);
        t /= g.h;
        int c = (int) (t % g.c), n = (int) (t / g.c);
        double sum = 0;
        for (int k = 0; k < g.kh; ++k) {
            int oy = y + g.pad_top - k * g.dh;
            if (oy < 0 || oy % g.sh != 0) continue;
            int oh = oy / g.sh;
            if (oh >= g.ho) continue;
            for (int j = 0; j < g.kw; ++j) {
                int ox = xw + g.pad_left - j * g.dw;
                if (ox < 0 || ox % g.sw != 0) continue;
                int ow = ox / g.sw;
                if (ow >= g.wo) continue;
                long long row = ((long long) c * g.kh + k) * g.kw + j;
                sum += (double) cols[row * width + ((long long) n * g.ho + oh) * g.wo + ow];
            }
        }
        out[i] = (T) sum;
    }
}

// Max pooling over dense [N, C, H, W]; indices as h * W + w within the plane; padded pixels never
// win; the first of equal values wins, a NaN over any number.
template <typename T> __device__ void max_pool_t(const T* x, Window g, T* out, int* indices) {
    long long total = (long long) g.n * g.c * g.ho * g.wo;
    GRID_STRIDE(i, total) {
        int ow = (int) (i % g.wo);
        long long t = i / g.wo;
        int oh = (int) (t % g.ho);
        long long plane = t / g.ho;
        const T* p = x + plane * g.h * g.w;
        int best = -1;
        T bestValue = T(0);
        for (int k = 0; k < g.kh; ++k) {
            int y = oh * g.sh - g.pad_top + k * g.dh;
            if (y < 0 || y >= g.h) continue;
            for (int j = 0; j < g.kw; ++j) {
                int xw = ow * g.sw - g.pad_left + j * g.dw;
                if (xw < 0 || xw >= g.w) continue;
                T v = p[y * g.w + xw];
                if (best < 0 || (bestValue == bestValue && (v != v || v > bestValue))) {
                    best = y * g.w + xw;
                    bestValue = v;
                }
            }
        }
        out[i] = bestValue;
        indices[i] = best;
    }
}

struct AdamStep {
    double beta1, beta2, step_size, epsilon, l2, decay;
};

__device__ void adam_step_f32(float* p, const float* g, float* m, float* v, AdamStep s, long long n) {
    GRID_STRIDE(i, n) {
        float gi = g[i] + (float) s.l2 * p[i];
        float mi = (float) s.beta1 * m[i] + (float) (1 - s.beta1) * gi;
        float vi = (float) s.beta2 * v[i] + (float) (1 - s.beta2) * gi * gi;
        m[i] = mi;
        v[i] = vi;
        p[i] = (float) s.decay * p[i] - (float) s.step_size * mi / (sqrtf(vi) + (float) s.epsilon);
    }
}

template <typename T> __device__ void all_finite_t(const T* x, Strided xs, int* flag) {
    long long n = numel(xs);
    GRID_STRIDE(i, n) {
        T v = x[at(xs, i)];
        if (!isfinite(v)) *flag = 1;
    }
}

// extern "C" entry points, one per element type (f32, f64, i32), named as Kernels.java looks them up.
#define FOR_TYPES(MACRO) MACRO(f32, float) MACRO(f64, double) MACRO(i32, int)

#define ELEMENTWISE(SUFFIX, T) \
extern "C" __global__ void fill_##SUFFIX(T* out, Strided o, double value) { fill_t<T>(out, o, value); } \
extern "C" __global__ void unary_##SUFFIX(int op, const T* x, Strided xs, T* out, Strided o) { unary_t<T>(op, x, xs, out, o); } \
extern "C" __global__ void binary_##SUFFIX(int op, const T* a, Strided as, const T* b, Strided bs, T* out, Strided o) { \
    binary_t<T>(op, a, as, b, bs, out, o); } \
extern "C" __global__ void where_##SUFFIX(const T* c, Strided cs, const T* a, Strided as, const T* b, Strided bs, T* out, Strided o) { \
    where_t<T, T>(c, cs, a, as, b, bs, out, o); } \
extern "C" __global__ void arg_reduce_##SUFFIX(int op, const T* x, Strided xs, int axis, int* out, Strided o) { \
    arg_reduce_t<T>(op, x, xs, axis, out, o); } \
extern "C" __global__ void gather_##SUFFIX(const T* x, Strided xs, int axis, const int* index, Strided is, T* out, Strided o) { \
    gather_t<T>(x, xs, axis, index, is, out, o); } \
extern "C" __global__ void scatter_add_##SUFFIX(T* out, Strided o, int axis, const int* index, Strided is, const T* src, Strided ss) { \
    scatter_add_t<T>(out, o, axis, index, is, src, ss); }

FOR_TYPES(ELEMENTWISE)

extern "C" __global__ void reduce_f32(int op, const float* x, Strided xs, float* out, Strided o, long long count) {
    reduce_t<float, double>(op, x, xs, out, o, count); }
extern "C" __global__ void reduce_f64(int op, const double* x, Strided xs, double* out, Strided o, long long count) {
    reduce_t<double, double>(op, x, xs, out, o, count); }
extern "C" __global__ void reduce_i32(int op, const int* x, Strided xs, int* out, Strided o, long long count) {
    reduce_t<int, long long>(op, x, xs, out, o, count); }

#define CASTS(SUFFIX, T) \
extern "C" __global__ void copy_f32_to_##SUFFIX(const float* x, Strided xs, T* out, Strided o) { copy_t<float, T>(x, xs, out, o); } \
extern "C" __global__ void copy_f64_to_##SUFFIX(const double* x, Strided xs, T* out, Strided o) { copy_t<double, T>(x, xs, out, o); } \
extern "C" __global__ void copy_i32_to_##SUFFIX(const int* x, Strided xs, T* out, Strided o) { copy_t<int, T>(x, xs, out, o); }

FOR_TYPES(CASTS)

#define FLOATING(SUFFIX, T) \
extern "C" __global__ void log_softmax_##SUFFIX(const T* x, Strided xs, int axis, T* out, Strided o) { log_softmax_t<T>(x, xs, axis, out, o); } \
extern "C" __global__ void im2col_##SUFFIX(const T* x, Window g, double pad, T* out) { im2col_t<T>(x, g, pad, out); } \
extern "C" __global__ void col2im_##SUFFIX(const T* cols, Window g, T* out) { col2im_t<T>(cols, g, out); } \
extern "C" __global__ void max_pool_##SUFFIX(const T* x, Window g, T* out, int* indices) { max_pool_t<T>(x, g, out, indices); } \
extern "C" __global__ void all_finite_##SUFFIX(const T* x, Strided xs, int* flag) { all_finite_t<T>(x, xs, flag); }

FLOATING(f32, float)
FLOATING(f64, double)

extern "C" __global__ void adam_step_f32_k(float* p, const float* g, float* m, float* v, AdamStep s, long long n) {
    adam_step_f32(p, g, m, v, s, n); }
