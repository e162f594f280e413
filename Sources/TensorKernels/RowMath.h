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

/// The larger of a and b; b when they compare equal or either is NaN.
static inline __attribute__((always_inline)) float larger(float a, float b) { return a > b ? a : b; }

/// The largest of x[0..<n] (n ≥ 1), NaNs ignored, from 4 × 16 lanes (independent chains, so that
/// the comparisons do not wait on each other). The largest value does not depend on the order of
/// the comparisons; only which of +0 and −0 is returned when both are the largest could, and every
/// caller subtracts it or adds it to a non-negative number, where the two give the same result.
static inline __attribute__((always_inline)) float maximum(const float *x, long n) {
  float l0[LANES], l1[LANES], l2[LANES], l3[LANES];
  for (int l = 0; l < LANES; l++) l0[l] = l1[l] = l2[l] = l3[l] = -INFINITY;
  long j = 0;
  for (; j + 4 * LANES <= n; j += 4 * LANES) {
    for (int l = 0; l < LANES; l++) l0[l] = larger(x[j + l], l0[l]);
    for (int l = 0; l < LANES; l++) l1[l] = larger(x[j + LANES + l], l1[l]);
    for (int l = 0; l < LANES; l++) l2[l] = larger(x[j + 2 * LANES + l], l2[l]);
    for (int l = 0; l < LANES; l++) l3[l] = larger(x[j + 3 * LANES + l], l3[l]);
  }
  for (; j + LANES <= n; j += LANES) {
    for (int l = 0; l < LANES; l++) l0[l] = larger(x[j + l], l0[l]);
  }
  for (; j < n; j++) l0[0] = larger(x[j], l0[0]);
  float top = -INFINITY;
  for (int l = 0; l < LANES; l++) top = larger(larger(larger(larger(l0[l], top), l1[l]), l2[l]), l3[l]);
  return top;
}

/// The first j < n − 1 with x[j] == value, else n − 1 (n ≥ 1): 16 values compared at a time, then
/// the hit found within its group of 16.
static inline __attribute__((always_inline)) long first_equal(const float *x, long n, float value) {
  long j = 0;
  for (; j + LANES <= n - 1; j += LANES) {
    int hit = 0;
    for (int l = 0; l < LANES; l++) hit |= x[j + l] == value;
    if (hit) break;
  }
  while (j < n - 1 && !(x[j] == value)) j++;
  return j;
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
