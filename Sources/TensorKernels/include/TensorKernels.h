// Matrix products of TensorCore: a packed single-precision GEMM of our own.
//
// Every element of C is one chain of fused multiply-adds in ascending k, started from 0 (or from
// C when accumulating): c = fma(a[i][k], b[k][j], c) for k = 0, 1, …, K−1. The AVX-512 kernel, the
// AVX2 one and the portable one all compute exactly that chain, so results are bit-identical on
// every machine, whatever the blocking. On the per-step shapes of a recurrent layer this kernel runs
// at 1.4–2.2× OpenBLAS on AVX-512 and about at OpenBLAS's speed on AVX2 (see the Benchmarks
// executable, `gemm=yes`).
#ifndef TENSOR_KERNELS_H
#define TENSOR_KERNELS_H

#include "TensorKernelsLevel.h"

/// The width of one packed panel of B: 32 columns.
#define TK_PANEL 32

/// Floats needed to hold a k×n matrix packed by tk_pack.
long tk_packed_size(long k, long n);

/// Packs the k×n matrix B, whose element (i, j) is at b[i·row_stride + j·column_stride], into
/// panels of TK_PANEL columns (the last one padded with zeros): panel p holds rows 0..<k of columns
/// p·32 ..< p·32+32, one row of 32 floats after another.
void tk_pack(long k, long n, const float *b, long row_stride, long column_stride, float *packed);

/// C[m×n] = A·B, or C += A·B when `accumulate` is non-zero, with B packed by tk_pack (same k, n).
/// A's element (i, kk) is at a[i·a_row_stride + kk·a_column_stride]; C is row-major with row stride ldc.
/// Without `accumulate`, a non-NULL `bias` (n floats) starts every row's chains from bias[j]
/// instead of 0, as if it had been copied into each row of C first.
void tk_gemm_packed(long m, long n, long k, const float *a, long a_row_stride, long a_column_stride,
                    const float *packed, int accumulate, const float *bias, float *c, long ldc);

/// C[m×n] = A·B or C += A·B for strided A and B; packs B block by block into a workspace of the
/// calling thread (1.5 MiB, kept for the next call).
void tk_gemm(long m, long n, long k, const float *a, long a_row_stride, long a_column_stride,
             const float *b, long b_row_stride, long b_column_stride, int accumulate, const float *bias, float *c,
             long ldc);

/// The instruction set the kernels run with: "avx512", "avx2" or "portable": the best this CPU has,
/// unless the environment variable REPL_ISA names another one it supports.
const char *tk_isa(void);

/// 1 if this CPU can run `isa` ("avx512", "avx2" or "portable"), 0 otherwise (or if unknown).
int tk_isa_supported(const char *isa);

/// Makes the kernels use `isa` ("avx512", "avx2" or "portable") if this CPU has it; returns 1 on
/// success, 0 otherwise (for tests that compare the variants).
int tk_use_isa(const char *isa);

/// The scalars of one Adam update (see tk_adam).
typedef struct {
  float beta1, beta2, epsilon;
  float step_size;         ///< learning rate / (1 − β1^t)
  float root_correction2;  ///< √(1 − β2^t)
  float coupled_decay;     ///< weight decay added to the gradient (Adam), or 0
  float shrink;            ///< 1 − lr·decay for decoupled decay (AdamW), or 1
} tk_adam_settings;

/// One Adam/AdamW step over `count` weights: d = g + coupled·w; m1 = β1·m1 + (1−β1)·d;
/// m2 = β2·m2 + (1−β2)·d·d; w = w·shrink − step·m1 / (√m2 / √(1−β2^t) + ε), without fused
/// multiply-adds, so that every instruction set gives the same bits.
void tk_adam(long count, float *w, const float *g, float *m1, float *m2, tk_adam_settings settings);

/// 1 if none of the `count` floats at x is infinite or NaN, 0 otherwise.
int tk_all_finite(long count, const float *x);

/// Softmax cross-entropy of one row of n (≥ 1) logits against class `target`: writes the gradient
/// of `scale` × loss to `grad` (softmax − one-hot, times scale), the index of the first largest
/// logit to `argmax`, and returns the loss, log Σ e^(x − max) + max − x[target].
double tk_cross_entropy_row(const float *x, long n, long target, float scale, float *grad, long *argmax);

/// Writes the log-softmax of a row of n (≥ 1) logits to `out` (n floats, not overlapping x).
void tk_log_softmax_row(const float *x, long n, float *out);

/// Log-softmax in place of `rows` rows of n (≥ 1) floats (row r at x + r·ld), the same bits as
/// tk_log_softmax_row; when `offset` is not NULL, offset[r·offset_stride] is then added to every
/// element of row r (one rounding after the log-softmax's: an adaptive softmax's cluster rows).
void tk_log_softmax_rows(long rows, long n, float *x, long ld, const float *offset, long offset_stride);

/// out[j] += Σ_r x[r·ld + j] for j < columns, rows added in order (a bias gradient).
void tk_add_column_sums(long rows, long columns, const float *x, long ld, float *out);

/// Attention softmax, in place: each of `rows` rows of n floats (row i at x + i·ld) becomes
/// softmax(scale · row).
void tk_softmax_rows(long rows, long n, float scale, float *x, long ld);

/// The backward pass of tk_softmax_rows, in place: row i of `ds` (the gradient w.r.t. the
/// probabilities, at ds + i·ldds) is first multiplied by the dropout mask row (mask + i·ldm, when
/// `mask` is not NULL), then becomes p ⊙ (ds − Σ ds·p) · scale, the gradient w.r.t. the unscaled
/// scores, where p is row i of the probabilities (p + i·ldp).
void tk_softmax_backward_rows(long rows, long n, float *ds, long ldds, const float *p, long ldp,
                              const float *mask, long ldm, float scale);

/// Layer normalisation of `rows` contiguous rows of d floats: normalized = (x − mean) / √(var + eps),
/// inverse_std[r] = 1 / √(var + eps), y = normalized · gamma + beta.
void tk_layer_norm(long rows, long d, const float *x, const float *gamma, const float *beta, float eps,
                   float *normalized, float *inverse_std, float *y);

/// The backward pass of tk_layer_norm from the gradient g w.r.t. y: dgamma += Σ_r g·normalized,
/// dbeta += Σ_r g (rows in order), and dx = inverse_std · (g·gamma − mean(g·gamma) −
/// normalized · mean(g·gamma·normalized)).
void tk_layer_norm_backward(long rows, long d, const float *g, const float *normalized, const float *inverse_std,
                            const float *gamma, float *dgamma, float *dbeta, float *dx);

/// The exact GELU, y = x·Φ(x) = x·(1 + erf(x/√2))/2, with Cephes' single-precision erf (relative
/// error about 1e-7) and e^x; y may be x.
void tk_gelu(long count, const float *x, float *y);

/// g *= GELU′(x) = Φ(x) + x·φ(x), element-wise, where x is the input tk_gelu was given.
void tk_gelu_backward(long count, const float *x, float *g);

#endif
