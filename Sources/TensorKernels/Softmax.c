#include "TensorKernels.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

// Plain multiplies and adds, never contracted into fused multiply-adds, and sums kept in 16 lanes
// reduced in a fixed order: every instruction set gives the same bits.
#pragma clang fp contract(off)

#include "RowMath.h"

static inline __attribute__((always_inline)) double cross_entropy_row(const float *x, long n, long target,
                                                                      float scale, float *grad, long *argmax) {
  float top = maximum(x, n);
  *argmax = first_equal(x, n, top);
  float sum = exp_sum(x, n, top, grad);
  float factor = (1 / sum) * scale;
  for (long j = 0; j < n; j++) grad[j] = grad[j] * factor;
  grad[target] = grad[target] - scale;
  return (double)top + (double)logf(sum) - (double)x[target];
}

static inline __attribute__((always_inline)) void log_softmax_row(const float *x, long n, float *out) {
  float top = maximum(x, n);
  float shift = top + logf(exp_sum(x, n, top, out));
  for (long j = 0; j < n; j++) out[j] = x[j] - shift;
}

// The same operations as log_softmax_row, in place (the exponentials are only summed), then
// `offset` added to every element when it is not NULL.
static inline __attribute__((always_inline)) void log_softmax_rows(long rows, long n, float *x, long ld,
                                                                   const float *offset, long offset_stride) {
  for (long r = 0; r < rows; r++) {
    float *row = x + r * ld;
    float top = maximum(row, n);
    float shift = top + logf(exp_total(row, n, top));
    if (offset) {
      float add = offset[r * offset_stride];
      for (long j = 0; j < n; j++) row[j] = (row[j] - shift) + add;
    } else {
      for (long j = 0; j < n; j++) row[j] = row[j] - shift;
    }
  }
}

static inline __attribute__((always_inline)) void column_sums(long rows, long columns, const float *x, long ld,
                                                              float *out) {
  for (long r = 0; r < rows; r++) {
    const float *row = x + r * ld;
    for (long j = 0; j < columns; j++) out[j] = out[j] + row[j];
  }
}

#define ROW_KERNELS(SUFFIX, ATTRIBUTES)                                                                        \
  ATTRIBUTES static double cross_entropy_##SUFFIX(const float *x, long n, long target, float scale, float *grad, \
                                                  long *argmax) {                                              \
    return cross_entropy_row(x, n, target, scale, grad, argmax);                                               \
  }                                                                                                            \
  ATTRIBUTES static void log_softmax_##SUFFIX(const float *x, long n, float *out) { log_softmax_row(x, n, out); } \
  ATTRIBUTES static void log_softmax_rows_##SUFFIX(long rows, long n, float *x, long ld, const float *offset,        \
                                                   long offset_stride) {                                       \
    log_softmax_rows(rows, n, x, ld, offset, offset_stride);                                                   \
  }                                                                                                            \
  ATTRIBUTES static void column_sums_##SUFFIX(long rows, long columns, const float *x, long ld, float *out) {    \
    column_sums(rows, columns, x, ld, out);                                                                    \
  }

ROW_KERNELS(portable, )
#if defined(__x86_64__)
ROW_KERNELS(avx512, TK_TARGET_AVX512)
ROW_KERNELS(avx2, TK_TARGET_AVX2)
#endif

double tk_cross_entropy_row(const float *x, long n, long target, float scale, float *grad, long *argmax) {
  TK_DISPATCH(cross_entropy, x, n, target, scale, grad, argmax)
}

void tk_log_softmax_row(const float *x, long n, float *out) { TK_DISPATCH(log_softmax, x, n, out) }

void tk_log_softmax_rows(long rows, long n, float *x, long ld, const float *offset, long offset_stride) {
  TK_DISPATCH(log_softmax_rows, rows, n, x, ld, offset, offset_stride)
}

void tk_add_column_sums(long rows, long columns, const float *x, long ld, float *out) {
  TK_DISPATCH(column_sums, rows, columns, x, ld, out)
}
