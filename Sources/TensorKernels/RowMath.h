// Scalar building blocks shared by the row kernels (Softmax.c, Encoder.c), written so that the
// AVX-512, AVX2 and portable builds of a kernel give the same bits: plain multiplies and adds (the
// including file turns contraction off), and sums kept in 16 lanes reduced in a fixed order.
#ifndef TK_ROW_MATH_H
#define TK_ROW_MATH_H

#include <math.h>
#include <stdint.h>
#include <string.h>

#define LANES 16

/// e^x for x ≤ 0 (below −87 flushes to ~0): Cephes expf — range reduction by ln 2 and a degree-5
/// polynomial, relative error about 1e-7.
static inline __attribute__((always_inline)) float exp_nonpositive(float x) {
  x = x < -87.0f ? -87.0f : x;
  const float magic = 12582912.0f;
  float shifted = x * 1.44269504f + magic;
  float n = shifted - magic;
  float r = x - n * 0.693359375f + n * 2.12194440e-4f;
  float p = r * 1.98756915e-4f + 1.39819995e-3f;
  p = p * r + 8.33345190e-3f;
  p = p * r + 4.16657959e-2f;
  p = p * r + 0.166666655f;
  p = p * r + 0.500000010f;
  p = p * (r * r) + r + 1;
  int32_t bits;
  memcpy(&bits, &shifted, sizeof bits);
  bits = (bits - 0x4B400000 + 127) << 23;
  float scale;
  memcpy(&scale, &bits, sizeof scale);
  return p * scale;
}

/// The 16 partial sums added pairwise: (0+8, 1+9, …), then halves again, down to one.
static inline __attribute__((always_inline)) float reduce(float lanes[LANES]) {
  for (int width = LANES / 2; width >= 1; width /= 2) {
    for (int l = 0; l < width; l++) lanes[l] = lanes[l] + lanes[l + width];
  }
  return lanes[0];
}

/// The largest of x[0..<n] (n ≥ 1), from 16 lanes.
static inline __attribute__((always_inline)) float maximum(const float *x, long n) {
  float lanes[LANES];
  for (int l = 0; l < LANES; l++) lanes[l] = -INFINITY;
  long j = 0;
  for (; j + LANES <= n; j += LANES) {
    for (int l = 0; l < LANES; l++) lanes[l] = x[j + l] > lanes[l] ? x[j + l] : lanes[l];
  }
  for (; j < n; j++) lanes[0] = x[j] > lanes[0] ? x[j] : lanes[0];
  float top = lanes[0];
  for (int l = 1; l < LANES; l++) top = lanes[l] > top ? lanes[l] : top;
  return top;
}

/// out[j] = e^(x[j] − shift); returns their sum.
static inline __attribute__((always_inline)) float exp_sum(const float *x, long n, float shift, float *out) {
  float lanes[LANES] = {0};
  long j = 0;
  for (; j + LANES <= n; j += LANES) {
    for (int l = 0; l < LANES; l++) {
      float e = exp_nonpositive(x[j + l] - shift);
      out[j + l] = e;
      lanes[l] = lanes[l] + e;
    }
  }
  for (int l = 0; j < n; j++, l++) {
    float e = exp_nonpositive(x[j] - shift);
    out[j] = e;
    lanes[l] = lanes[l] + e;
  }
  return reduce(lanes);
}

/// Σ e^(x[j] − shift), the same sum as exp_sum without storing the terms.
static inline __attribute__((always_inline)) float exp_total(const float *x, long n, float shift) {
  float lanes[LANES] = {0};
  long j = 0;
  for (; j + LANES <= n; j += LANES) {
    for (int l = 0; l < LANES; l++) lanes[l] = lanes[l] + exp_nonpositive(x[j + l] - shift);
  }
  for (int l = 0; j < n; j++, l++) lanes[l] = lanes[l] + exp_nonpositive(x[j] - shift);
  return reduce(lanes);
}

#endif
