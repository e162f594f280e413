#include "RecurrentKernels.h"

#include "TensorKernelsLevel.h"

// No contraction into fused multiply-adds: the AVX-512, AVX2 and baseline builds of these loops
// then compute the same bits, as the GEMM kernels of TensorKernels do.
#pragma clang fp contract(off)

// tanh: Eigen's rational approximation (odd degree 13 over even degree 6 on [-7.9, 7.9], clamped),
// within 3e-7 absolute of tanhf; sigmoid(x) = 0.5 + 0.5·tanh(x/2).
static inline __attribute__((always_inline)) float approx_tanh(float x) {
  const float limit = 7.90531110763549805f;
  x = x > limit ? limit : (x < -limit ? -limit : x);
  float x2 = x * x;
  float p = x2 * -2.76076847742355e-16f + 2.00018790482477e-13f;
  p = p * x2 + -8.60467152213735e-11f;
  p = p * x2 + 5.12229709037114e-08f;
  p = p * x2 + 1.48572235717979e-05f;
  p = p * x2 + 6.37261928875436e-04f;
  p = p * x2 + 4.89352455891786e-03f;
  float q = x2 * 1.19825839466702e-06f + 1.18534705686654e-04f;
  q = q * x2 + 2.26843463243900e-03f;
  q = q * x2 + 4.89352518554385e-03f;
  return x * p / q;
}

static inline __attribute__((always_inline)) float approx_sigmoid(float x) {
  return 0.5f + 0.5f * approx_tanh(0.5f * x);
}

#define ROW_POINTERS(G)                                           \
  const long H = s->hidden;                                       \
  const long pos = s->rows[i];                                    \
  float *restrict z = s->gates + pos * (G) * H;                   \
  float *restrict p = s->recurrent + i * (G) * H;                 \
  float *restrict prev = s->previous + pos * s->previous_stride;  \
  float *restrict e = s->extra + pos * H;                         \
  float *restrict h = s->state + i * H;                           \
  float *restrict c = s->cell_state + i * H;                      \
  float *restrict y = s->output + pos * s->output_stride;         \
  const float *restrict b = s->bias;                              \
  const float *restrict bh = s->hidden_bias;                      \
  (void)prev; (void)e; (void)c; (void)b; (void)bh;

// One forward loop over the hidden units of a row; CACHE (a constant) says whether to keep what
// backward needs, so that inference does not store the gates. FUSED (a constant) says that
// `recurrent` already holds the whole pre-activation (bias + x·W_ihᵀ + h·W_hhᵀ); otherwise it is
// the sum of the input projection in `gates`, `recurrent` and the bias.
#define LSTM_PRE(FUSED, j) ((FUSED) ? p[j] : z[j] + p[j] + b[j])
#define LSTM_FORWARD_UNITS(CACHE, FUSED)                                            \
  _Pragma("clang loop vectorize(assume_safety)")                                    \
  for (long k = 0; k < H; k++) {                                                    \
    float ig = approx_sigmoid(LSTM_PRE(FUSED, k));                                  \
    float fg = approx_sigmoid(LSTM_PRE(FUSED, H + k));                              \
    float gg = approx_tanh(LSTM_PRE(FUSED, 2 * H + k));                             \
    float og = approx_sigmoid(LSTM_PRE(FUSED, 3 * H + k));                          \
    float c2 = fg * c[k] + ig * gg;                                                 \
    float h2 = og * approx_tanh(c2);                                                \
    if (CACHE) {                                                                    \
      prev[k] = h[k]; e[k] = c[k];                                                  \
      z[k] = ig; z[H + k] = fg; z[2 * H + k] = gg; z[3 * H + k] = og;               \
    }                                                                               \
    c[k] = c2; h[k] = h2; y[k] = h2;                                                \
  }

#define LSTM_FORWARD                                                                \
  for (long i = 0; i < s->count; i++) {                                             \
    ROW_POINTERS(4)                                                                 \
    if (s->fused) {                                                                 \
      if (s->caching) { LSTM_FORWARD_UNITS(1, 1) } else { LSTM_FORWARD_UNITS(0, 1) } \
    } else {                                                                        \
      if (s->caching) { LSTM_FORWARD_UNITS(1, 0) } else { LSTM_FORWARD_UNITS(0, 0) } \
    }                                                                               \
  }

#define LSTM_BACKWARD                                                               \
  for (long i = 0; i < s->count; i++) {                                             \
    ROW_POINTERS(4)                                                                 \
    _Pragma("clang loop vectorize(assume_safety)")                                  \
    for (long k = 0; k < H; k++) {                                                  \
      float ig = z[k], fg = z[H + k], gg = z[2 * H + k], og = z[3 * H + k];         \
      float cp = e[k];                                                              \
      float tc = approx_tanh(fg * cp + ig * gg);                                    \
      float dh = h[k] + y[k];                                                       \
      float dc = c[k] + dh * og * (1 - tc * tc);                                    \
      float di = dc * gg * ig * (1 - ig), df = dc * cp * fg * (1 - fg);             \
      float dg = dc * ig * (1 - gg * gg), dout = dh * tc * og * (1 - og);           \
      z[k] = di; z[H + k] = df; z[2 * H + k] = dg; z[3 * H + k] = dout;             \
      p[k] = di; p[H + k] = df; p[2 * H + k] = dg; p[3 * H + k] = dout;             \
      c[k] = dc * fg;                                                               \
    }                                                                               \
  }

#define GRU_FORWARD_UNITS(CACHE)                                                    \
  _Pragma("clang loop vectorize(assume_safety)")                                    \
  for (long k = 0; k < H; k++) {                                                    \
    float r = approx_sigmoid(z[k] + b[k] + p[k]);                                   \
    float u = approx_sigmoid(z[H + k] + b[H + k] + p[H + k]);                       \
    float hn = p[2 * H + k] + bh[2 * H + k];                                        \
    float n = approx_tanh(z[2 * H + k] + b[2 * H + k] + r * hn);                    \
    float h2 = n + u * (h[k] - n);                                                  \
    if (CACHE) {                                                                    \
      prev[k] = h[k];                                                               \
      z[k] = r; z[H + k] = u; z[2 * H + k] = n; e[k] = hn;                          \
    }                                                                               \
    h[k] = h2; y[k] = h2;                                                           \
  }

#define GRU_FORWARD                                                                 \
  for (long i = 0; i < s->count; i++) {                                             \
    ROW_POINTERS(3)                                                                 \
    if (s->caching) { GRU_FORWARD_UNITS(1) } else { GRU_FORWARD_UNITS(0) }          \
  }

#define GRU_BACKWARD                                                                \
  for (long i = 0; i < s->count; i++) {                                             \
    ROW_POINTERS(3)                                                                 \
    _Pragma("clang loop vectorize(assume_safety)")                                  \
    for (long k = 0; k < H; k++) {                                                  \
      float r = z[k], u = z[H + k], n = z[2 * H + k], hn = e[k];                    \
      float dh = h[k] + y[k];                                                       \
      float dn = dh * (1 - u) * (1 - n * n);                                        \
      float dr = dn * hn * r * (1 - r);                                             \
      float du = dh * (prev[k] - n) * u * (1 - u);                                  \
      z[k] = dr; z[H + k] = du; z[2 * H + k] = dn;                                  \
      p[k] = dr; p[H + k] = du; p[2 * H + k] = dn * r;                              \
      e[k] = dn * r;                                                                \
      h[k] = dh * u;                                                                \
    }                                                                               \
  }

#define KERNELS(SUFFIX, ATTRIBUTES)                                                            \
  ATTRIBUTES static void lstm_forward_##SUFFIX(const rk_step *s) { LSTM_FORWARD }              \
  ATTRIBUTES static void lstm_backward_##SUFFIX(const rk_step *s) { LSTM_BACKWARD }            \
  ATTRIBUTES static void gru_forward_##SUFFIX(const rk_step *s) { GRU_FORWARD }                \
  ATTRIBUTES static void gru_backward_##SUFFIX(const rk_step *s) { GRU_BACKWARD }

#if defined(__x86_64__)
KERNELS(avx512, TK_TARGET_AVX512)
KERNELS(avx2, TK_TARGET_AVX2)
#endif
KERNELS(baseline, )

typedef void (*kernel)(const rk_step *);

typedef struct {
  kernel lstm_forward, lstm_backward, gru_forward, gru_backward;
  const char *isa;
} kernel_table;

/// The kernels of the level TensorKernels runs at (one switch for every C kernel).
static const kernel_table *table(void) {
  static const kernel_table baseline = {lstm_forward_baseline, lstm_backward_baseline, gru_forward_baseline,
                                        gru_backward_baseline, "baseline"};
#if defined(__x86_64__)
  static const kernel_table avx512 = {lstm_forward_avx512, lstm_backward_avx512, gru_forward_avx512,
                                      gru_backward_avx512, "avx512"};
  static const kernel_table avx2 = {lstm_forward_avx2, lstm_backward_avx2, gru_forward_avx2, gru_backward_avx2,
                                    "avx2"};
  switch (tk_current_level()) {
  case TK_AVX512: return &avx512;
  case TK_AVX2: return &avx2;
  default: return &baseline;
  }
#else
  return &baseline;
#endif
}

void rk_lstm_forward(const rk_step *step) { table()->lstm_forward(step); }
void rk_lstm_backward(const rk_step *step) { table()->lstm_backward(step); }
void rk_gru_forward(const rk_step *step) { table()->gru_forward(step); }
void rk_gru_backward(const rk_step *step) { table()->gru_backward(step); }
float rk_tanh(float x) { return approx_tanh(x); }
const char *rk_isa(void) { return table()->isa; }
