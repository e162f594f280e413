#include "TensorKernels.h"

// The expressions are those of the Swift loop this replaced, evaluated in the same order with no
// contraction into fused multiply-adds, so every instruction set gives the same bits.
#pragma clang fp contract(off)

static inline __attribute__((always_inline)) void adam_generic(long count, float *restrict w,
                                                               const float *restrict g, float *restrict m1,
                                                               float *restrict m2, tk_adam_settings s) {
  const float keep1 = 1 - s.beta1, keep2 = 1 - s.beta2;
  for (long i = 0; i < count; i++) {
    float d = g[i] + s.coupled_decay * w[i];
    m1[i] = s.beta1 * m1[i] + keep1 * d;
    m2[i] = s.beta2 * m2[i] + keep2 * d * d;
    w[i] = w[i] * s.shrink - s.step_size * m1[i] / (__builtin_elementwise_sqrt(m2[i]) / s.root_correction2 + s.epsilon);
  }
}

#define ADAM_KERNEL(SUFFIX, ATTRIBUTES)                                                                    \
  ATTRIBUTES static void adam_##SUFFIX(long count, float *w, const float *g, float *m1, float *m2,        \
                                       tk_adam_settings s) {                                              \
    adam_generic(count, w, g, m1, m2, s);                                                                 \
  }

ADAM_KERNEL(portable, )
#if defined(__x86_64__)
ADAM_KERNEL(avx512, TK_TARGET_AVX512)
ADAM_KERNEL(avx2, TK_TARGET_AVX2)
#endif

void tk_adam(long count, float *w, const float *g, float *m1, float *m2, tk_adam_settings settings) {
  TK_DISPATCH(adam, count, w, g, m1, m2, settings)
}

// ---- Whether every value is finite: x·0 is 0 for a finite x and NaN for ±inf or NaN. ----

#define FINITE_LANES 16

static inline __attribute__((always_inline)) int all_finite_generic(long count, const float *x) {
  float lanes[FINITE_LANES] = {0};
  long i = 0;
  for (; i + FINITE_LANES <= count; i += FINITE_LANES) {
    for (int l = 0; l < FINITE_LANES; l++) lanes[l] += x[i + l] * 0.0f;
  }
  for (; i < count; i++) lanes[0] += x[i] * 0.0f;
  float sum = 0;
  for (int l = 0; l < FINITE_LANES; l++) sum += lanes[l];
  return sum == 0;
}

#define ALL_FINITE_KERNEL(SUFFIX, ATTRIBUTES)                                                              \
  ATTRIBUTES static int all_finite_##SUFFIX(long count, const float *x) { return all_finite_generic(count, x); }

ALL_FINITE_KERNEL(portable, )
#if defined(__x86_64__)
ALL_FINITE_KERNEL(avx512, TK_TARGET_AVX512)
ALL_FINITE_KERNEL(avx2, TK_TARGET_AVX2)
#endif

int tk_all_finite(long count, const float *x) { TK_DISPATCH(all_finite, count, x) }
