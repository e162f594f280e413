// Row kernels of the transformer encoder blocks: attention softmax (forward and backward), layer
// normalisation (forward and backward) and the exact GELU (forward and backward, with an erf of our
// own), each built for AVX-512, AVX2 and portable C like Softmax.c.
#include "TensorKernels.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

// Plain multiplies and adds, never contracted into fused multiply-adds, and sums kept in 16 lanes
// reduced in a fixed order: every instruction set gives the same bits.
#pragma clang fp contract(off)

#include "RowMath.h"

/// Σ x[j]·y[j] (or Σ x[j] when y is NULL) in 16 lanes, element j in lane j mod 16.
static inline __attribute__((always_inline)) float lane_dot(const float *x, const float *y, long n) {
  float lanes[LANES] = {0};
  long j = 0;
  for (; j + LANES <= n; j += LANES) {
    for (int l = 0; l < LANES; l++) lanes[l] = lanes[l] + (y ? x[j + l] * y[j + l] : x[j + l]);
  }
  for (int l = 0; j < n; j++, l++) lanes[l] = lanes[l] + (y ? x[j] * y[j] : x[j]);
  return reduce(lanes);
}

// ---- Attention softmax ----

/// x[j] = softmax(scale · x)[j] in place.
static inline __attribute__((always_inline)) void softmax_row(float *x, long n, float scale) {
  for (long j = 0; j < n; j++) x[j] = x[j] * scale;
  float sum = exp_sum(x, n, maximum(x, n), x);
  for (long j = 0; j < n; j++) x[j] = x[j] / sum;
}

static inline __attribute__((always_inline)) void softmax_rows(long rows, long n, float scale, float *x, long ld) {
  for (long i = 0; i < rows; i++) softmax_row(x + i * ld, n, scale);
}

static inline __attribute__((always_inline)) void softmax_backward_rows(long rows, long n, float *ds, long ldds,
                                                                        const float *p, long ldp, const float *mask,
                                                                        long ldm, float scale) {
  for (long i = 0; i < rows; i++) {
    float *g = ds + i * ldds;
    const float *pi = p + i * ldp;
    if (mask) {
      const float *m = mask + i * ldm;
      for (long j = 0; j < n; j++) g[j] = g[j] * m[j];
    }
    float dot = lane_dot(g, pi, n);
    for (long j = 0; j < n; j++) g[j] = pi[j] * (g[j] - dot) * scale;
  }
}

// ---- Layer normalisation ----

static inline __attribute__((always_inline)) void layer_norm_rows(long rows, long d, const float *x,
                                                                  const float *gamma, const float *beta, float eps,
                                                                  float *normalized, float *inverse_std, float *y) {
  for (long r = 0; r < rows; r++) {
    const float *xr = x + r * d;
    float *nr = normalized + r * d;
    float *yr = y + r * d;
    float mean = lane_dot(xr, NULL, d) / (float)d;
    for (long j = 0; j < d; j++) nr[j] = xr[j] - mean;
    float variance = lane_dot(nr, nr, d) / (float)d;
    float rstd = 1 / sqrtf(variance + eps);
    inverse_std[r] = rstd;
    for (long j = 0; j < d; j++) {
      float v = nr[j] * rstd;
      nr[j] = v;
      yr[j] = v * gamma[j] + beta[j];
    }
  }
}

static inline __attribute__((always_inline)) void layer_norm_backward_rows(
  long rows, long d, const float *g, const float *normalized, const float *inverse_std, const float *gamma,
  float *dgamma, float *dbeta, float *dx) {
  for (long r = 0; r < rows; r++) {
    const float *gr = g + r * d;
    const float *nr = normalized + r * d;
    float *dr = dx + r * d;
    for (long j = 0; j < d; j++) {
      float gn = gr[j] * gamma[j];
      dr[j] = gn;
      dgamma[j] = dgamma[j] + gr[j] * nr[j];
      dbeta[j] = dbeta[j] + gr[j];
    }
    float a = lane_dot(dr, NULL, d) / (float)d;
    float b = lane_dot(dr, nr, d) / (float)d;
    float rstd = inverse_std[r];
    for (long j = 0; j < d; j++) dr[j] = rstd * (dr[j] - a - nr[j] * b);
  }
}

// ---- GELU with Cephes' single-precision erf ----

/// erf(u) = u·T(u²) for |u| ≤ 1.
static inline __attribute__((always_inline)) float erf_small(float u, float u2) {
  float t = u2 * 7.853861353153693e-5f - 8.010193625184903e-4f;
  t = t * u2 + 5.188327685732524e-3f;
  t = t * u2 - 2.685381193529856e-2f;
  t = t * u2 + 1.128358514861418e-1f;
  t = t * u2 - 3.761262582423300e-1f;
  t = t * u2 + 1.128379165726710f;
  return u * t;
}

/// erfc(a) = e^(−a²)·(1/a)·P(1/a²) for a ≥ 1 (P for a < 2, R above), given e^(−a²).
static inline __attribute__((always_inline)) float erfc_large(float a, float e) {
  float q = 1 / a;
  float y = q * q;
  float p = y * 2.326819970068386e-2f - 1.387039388740657e-1f;
  p = p * y + 3.687424674597105e-1f;
  p = p * y - 5.824733027278666e-1f;
  p = p * y + 6.210004621745983e-1f;
  p = p * y - 4.944515323274145e-1f;
  p = p * y + 3.404879937665872e-1f;
  p = p * y - 2.741127028184656e-1f;
  p = p * y + 5.638259427386472e-1f;
  float s = y * -1.047766399936249e+1f + 1.297719955372516e+1f;
  s = s * y - 7.495518717768503e+0f;
  s = s * y + 2.921019019210786e+0f;
  s = s * y - 1.015265279202700e+0f;
  s = s * y + 4.218463358204948e-1f;
  s = s * y - 2.820767439740514e-1f;
  s = s * y + 5.641895067754075e-1f;
  return e * q * (a < 2 ? p : s);
}

/// Φ(x) = (1 + erf(x/√2)) / 2 and the density φ(x) = e^(−x²/2)/√(2π), without branches.
static inline __attribute__((always_inline)) void normal_cdf(float x, float *cdf, float *density) {
  float u = x * 0.70710678118654752f;
  float a = u < 0 ? -u : u;
  float u2 = u * u;
  float e = exp_nonpositive(-u2);
  // 1 + erf(u): near 0 from the series, else from erfc(|u|), which keeps the relative accuracy of
  // the left tail.
  float tail = erfc_large(a < 1 ? 1 : a, e);
  float inner = 1 + erf_small(u, u2);
  float outer = u < 0 ? tail : 2 - tail;
  float one_plus = a <= 1 ? inner : outer;
  one_plus = u2 > 87 ? (u < 0 ? 0 : 2) : one_plus;
  *cdf = 0.5f * one_plus;
  *density = e * 0.39894228040143268f;
}

/// 1 if every one of the n values has |x/√2| ≤ 1, where Φ comes from the series alone (normal_cdf
/// takes `inner` there and never reaches the tail or the clamp).
static inline __attribute__((always_inline)) int all_central(const float *x, long n) {
  int central = 1;
  for (long i = 0; i < n; i++) {
    float u = x[i] * 0.70710678118654752f;
    central &= (u < 0 ? -u : u) <= 1;
  }
  return central;
}

/// y = x·Φ(x) for n values (y may be x); `central` (all_central) takes the series alone, with the
/// very operations normal_cdf takes there, and skips the tail, its division and e^(−u²).
static inline __attribute__((always_inline)) void gelu_values(long n, const float *x, float *y, int central) {
  if (central) {
    for (long i = 0; i < n; i++) {
      float u = x[i] * 0.70710678118654752f;
      y[i] = x[i] * (0.5f * (1 + erf_small(u, u * u)));
    }
    return;
  }
  for (long i = 0; i < n; i++) {
    float cdf, density;
    normal_cdf(x[i], &cdf, &density);
    y[i] = x[i] * cdf;
  }
}

/// g *= Φ(x) + x·φ(x) for n values; `central` skips the tail as gelu_values does.
static inline __attribute__((always_inline)) void gelu_backward_values(long n, const float *x, float *g,
                                                                       int central) {
  if (central) {
    for (long i = 0; i < n; i++) {
      float u = x[i] * 0.70710678118654752f;
      float u2 = u * u;
      float cdf = 0.5f * (1 + erf_small(u, u2));
      g[i] = g[i] * (cdf + x[i] * (exp_nonpositive(-u2) * 0.39894228040143268f));
    }
    return;
  }
  for (long i = 0; i < n; i++) {
    float cdf, density;
    normal_cdf(x[i], &cdf, &density);
    g[i] = g[i] * (cdf + x[i] * density);
  }
}

/// Values per chunk of the GELU kernels: a chunk whose values are all central (|x| ≤ √2, most of
/// them near initialisation) takes the short path. Every value takes the same operations whatever
/// the chunking, so the bits do not depend on it.
#define GELU_CHUNK 128

static inline __attribute__((always_inline)) void gelu(long count, const float *x, float *y) {
  for (long i = 0; i < count; i += GELU_CHUNK) {
    long n = count - i < GELU_CHUNK ? count - i : GELU_CHUNK;
    gelu_values(n, x + i, y + i, all_central(x + i, n));
  }
}

static inline __attribute__((always_inline)) void gelu_backward(long count, const float *x, float *g) {
  for (long i = 0; i < count; i += GELU_CHUNK) {
    long n = count - i < GELU_CHUNK ? count - i : GELU_CHUNK;
    gelu_backward_values(n, x + i, g + i, all_central(x + i, n));
  }
}

#define ENCODER_KERNELS(SUFFIX, ATTRIBUTES)                                                                      \
  ATTRIBUTES static void softmax_rows_##SUFFIX(long rows, long n, float scale, float *x, long ld) {             \
    softmax_rows(rows, n, scale, x, ld);                                                                       \
  }                                                                                                            \
  ATTRIBUTES static void softmax_backward_rows_##SUFFIX(long rows, long n, float *ds, long ldds, const float *p, \
                                                        long ldp, const float *mask, long ldm, float scale) {  \
    softmax_backward_rows(rows, n, ds, ldds, p, ldp, mask, ldm, scale);                                        \
  }                                                                                                            \
  ATTRIBUTES static void layer_norm_##SUFFIX(long rows, long d, const float *x, const float *gamma,             \
                                             const float *beta, float eps, float *normalized,                  \
                                             float *inverse_std, float *y) {                                   \
    layer_norm_rows(rows, d, x, gamma, beta, eps, normalized, inverse_std, y);                                 \
  }                                                                                                            \
  ATTRIBUTES static void layer_norm_backward_##SUFFIX(long rows, long d, const float *g, const float *normalized, \
                                                      const float *inverse_std, const float *gamma,            \
                                                      float *dgamma, float *dbeta, float *dx) {                \
    layer_norm_backward_rows(rows, d, g, normalized, inverse_std, gamma, dgamma, dbeta, dx);                   \
  }                                                                                                            \
  ATTRIBUTES static void gelu_##SUFFIX(long count, const float *x, float *y) { gelu(count, x, y); }            \
  ATTRIBUTES static void gelu_backward_##SUFFIX(long count, const float *x, float *g) {                        \
    gelu_backward(count, x, g);                                                                                \
  }

ENCODER_KERNELS(portable, )
#if defined(__x86_64__)
ENCODER_KERNELS(avx512, TK_TARGET_AVX512)
ENCODER_KERNELS(avx2, TK_TARGET_AVX2)
#endif

void tk_softmax_rows(long rows, long n, float scale, float *x, long ld) {
  TK_DISPATCH(softmax_rows, rows, n, scale, x, ld)
}

void tk_softmax_backward_rows(long rows, long n, float *ds, long ldds, const float *p, long ldp,
                              const float *mask, long ldm, float scale) {
  TK_DISPATCH(softmax_backward_rows, rows, n, ds, ldds, p, ldp, mask, ldm, scale)
}

void tk_layer_norm(long rows, long d, const float *x, const float *gamma, const float *beta, float eps,
                   float *normalized, float *inverse_std, float *y) {
  TK_DISPATCH(layer_norm, rows, d, x, gamma, beta, eps, normalized, inverse_std, y)
}

void tk_layer_norm_backward(long rows, long d, const float *g, const float *normalized, const float *inverse_std,
                            const float *gamma, float *dgamma, float *dbeta, float *dx) {
  TK_DISPATCH(layer_norm_backward, rows, d, g, normalized, inverse_std, gamma, dgamma, dbeta, dx)
}

void tk_gelu(long count, const float *x, float *y) { TK_DISPATCH(gelu, count, x, y) }

void tk_gelu_backward(long count, const float *x, float *g) { TK_DISPATCH(gelu_backward, count, x, g) }
