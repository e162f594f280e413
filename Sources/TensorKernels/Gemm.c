#include "TensorKernels.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#if defined(__x86_64__)
#include <immintrin.h>
#endif

// Rows of A (and C) per tile of the portable and AVX-512 kernels; a tile is MR rows × one 32-column
// panel. The AVX2 kernel has 16 vector registers, so its tiles are MR_AVX2 rows × 16 columns (12
// accumulators, two rows of B and a broadcast), as BLIS's Haswell kernel does.
#define MR 8
#define MR_AVX2 6
// Block sizes of tk_gemm: KC rows × NC columns of B and MC rows × KC columns of A are packed at a
// time. The AVX2 kernel reads 16-column panels of B, one contiguous 64-byte row per k: a half of a
// 32-column panel would use only every other set of the L1 cache (128-byte stride), so it
// would not stay there while the kernel's tiles go down the rows of A.
#ifndef TK_KC
#define TK_KC 512
#endif
#ifndef TK_NC
#define TK_NC 512
#endif
#ifndef TK_MC
#define TK_MC 240
#endif
#ifndef TK_KC_AVX2
#define TK_KC_AVX2 512
#endif
#ifndef TK_NC_AVX2
#define TK_NC_AVX2 1024
#endif
#ifndef TK_MC_AVX2
#define TK_MC_AVX2 144
#endif

static long min_long(long a, long b) { return a < b ? a : b; }

long tk_packed_size(long k, long n) { return k * ((n + TK_PANEL - 1) / TK_PANEL) * TK_PANEL; }

/// Copies k rows of `width` floats (a constant at the call sites below, so that the copy is inlined)
/// from `b` (row stride `row_stride`) into consecutive rows of `panel` floats.
static inline __attribute__((always_inline)) void copy_rows(long k, const float *b, long row_stride,
                                                            const long width, long panel, float *block) {
  for (long i = 0; i < k; i++) memcpy(block + i * panel, b + i * row_stride, sizeof(float) * (size_t)width);
}

#if defined(__x86_64__)
/// The transposed copy of pack_panels (B's columns contiguous: row stride 1) for one panel, eight
/// rows by eight columns at a time through registers; returns how many of the k rows it wrote (a
/// multiple of 8), and writes only columns below `width` rounded down to a multiple of 8.
TK_TARGET_AVX2 static long transpose_panel_avx2(long k, long width, const float *b, long column_stride, long panel,
                                                float *block) {
  long i = 0;
  for (; i + 8 <= k; i += 8) {
    for (long j = 0; j + 8 <= width; j += 8) {
      const float *src = b + j * column_stride + i;
      __m256 r0 = _mm256_loadu_ps(src), r1 = _mm256_loadu_ps(src + column_stride);
      __m256 r2 = _mm256_loadu_ps(src + 2 * column_stride), r3 = _mm256_loadu_ps(src + 3 * column_stride);
      __m256 r4 = _mm256_loadu_ps(src + 4 * column_stride), r5 = _mm256_loadu_ps(src + 5 * column_stride);
      __m256 r6 = _mm256_loadu_ps(src + 6 * column_stride), r7 = _mm256_loadu_ps(src + 7 * column_stride);
      __m256 t0 = _mm256_unpacklo_ps(r0, r1), t1 = _mm256_unpackhi_ps(r0, r1);
      __m256 t2 = _mm256_unpacklo_ps(r2, r3), t3 = _mm256_unpackhi_ps(r2, r3);
      __m256 t4 = _mm256_unpacklo_ps(r4, r5), t5 = _mm256_unpackhi_ps(r4, r5);
      __m256 t6 = _mm256_unpacklo_ps(r6, r7), t7 = _mm256_unpackhi_ps(r6, r7);
      __m256 u0 = _mm256_shuffle_ps(t0, t2, 0x44), u1 = _mm256_shuffle_ps(t0, t2, 0xEE);
      __m256 u2 = _mm256_shuffle_ps(t1, t3, 0x44), u3 = _mm256_shuffle_ps(t1, t3, 0xEE);
      __m256 u4 = _mm256_shuffle_ps(t4, t6, 0x44), u5 = _mm256_shuffle_ps(t4, t6, 0xEE);
      __m256 u6 = _mm256_shuffle_ps(t5, t7, 0x44), u7 = _mm256_shuffle_ps(t5, t7, 0xEE);
      float *dst = block + i * panel + j;
      _mm256_storeu_ps(dst, _mm256_permute2f128_ps(u0, u4, 0x20));
      _mm256_storeu_ps(dst + panel, _mm256_permute2f128_ps(u1, u5, 0x20));
      _mm256_storeu_ps(dst + 2 * panel, _mm256_permute2f128_ps(u2, u6, 0x20));
      _mm256_storeu_ps(dst + 3 * panel, _mm256_permute2f128_ps(u3, u7, 0x20));
      _mm256_storeu_ps(dst + 4 * panel, _mm256_permute2f128_ps(u0, u4, 0x31));
      _mm256_storeu_ps(dst + 5 * panel, _mm256_permute2f128_ps(u1, u5, 0x31));
      _mm256_storeu_ps(dst + 6 * panel, _mm256_permute2f128_ps(u2, u6, 0x31));
      _mm256_storeu_ps(dst + 7 * panel, _mm256_permute2f128_ps(u3, u7, 0x31));
    }
  }
  return i;
}
#endif

/// Packs B (k×n) into panels of `panel` columns (the last one padded with zeros), as tk_pack does
/// with TK_PANEL. `vector` (the AVX2 or AVX-512 kernels are in use) lets a transposed B (row
/// stride 1) go through transpose_panel_avx2; a copy, so the packed floats are the same.
static void pack_panels(long k, long n, const float *b, long row_stride, long column_stride, long panel,
                        int vector, float *packed) {
  for (long j0 = 0; j0 < n; j0 += panel) {
    float *block = packed + (j0 / panel) * k * panel;
    long width = min_long(panel, n - j0);
    if (width < panel) memset(block, 0, sizeof(float) * k * panel);
    if (column_stride == 1) {
      if (width == 16) {
        copy_rows(k, b + j0, row_stride, 16, panel, block);
      } else if (width == 32) {
        copy_rows(k, b + j0, row_stride, 32, panel, block);
      } else {
        for (long i = 0; i < k; i++) memcpy(block + i * panel, b + i * row_stride + j0, sizeof(float) * width);
      }
      continue;
    }
    long done_rows = 0, done_columns = 0;
#if defined(__x86_64__)
    if (vector && row_stride == 1) {
      done_rows = transpose_panel_avx2(k, width, b + j0 * column_stride, column_stride, panel, block);
      done_columns = width / 8 * 8;
    }
#else
    (void)vector;
#endif
    for (long j = 0; j < width; j++) {
      const float *column = b + (j0 + j) * column_stride;
      for (long i = j < done_columns ? done_rows : 0; i < k; i++) block[i * panel + j] = column[i * row_stride];
    }
  }
}

void tk_pack(long k, long n, const float *b, long row_stride, long column_stride, float *packed) {
  pack_panels(k, n, b, row_stride, column_stride, TK_PANEL, tk_current_level() != TK_PORTABLE, packed);
}

// ---- The portable tile loop (also compiled for AVX2): the same chain of fmaf per element. ----

static inline __attribute__((always_inline)) void tiles_generic(long m, long n, long k, const float *a, long ats,
                                                                long rsa, long csa, const float *packed, long pw,
                                                                int accumulate, const float *bias, float *c,
                                                                long ldc) {
  for (long j0 = 0; j0 < n; j0 += pw) {
    const float *panel = packed + (j0 / pw) * k * pw;
    long width = min_long(pw, n - j0);
    for (long i = 0; i < m; i += MR) {
      long rows = min_long(MR, m - i);
      float x[MR][TK_PANEL];
      for (long r = 0; r < rows; r++) {
        for (long j = 0; j < pw; j++) {
          x[r][j] = j >= width ? 0 : accumulate ? c[(i + r) * ldc + j0 + j] : bias ? bias[j0 + j] : 0;
        }
      }
      for (long kk = 0; kk < k; kk++) {
        const float *bk = panel + kk * pw;
        for (long r = 0; r < rows; r++) {
          float s = a[(i / MR) * ats + r * rsa + kk * csa];
          for (long j = 0; j < pw; j++) x[r][j] = fmaf(s, bk[j], x[r][j]);
        }
      }
      for (long r = 0; r < rows; r++) memcpy(c + (i + r) * ldc + j0, x[r], sizeof(float) * width);
    }
  }
}

/// Few rows of A: no packing, the same chain straight into C.
static inline __attribute__((always_inline)) void rows_generic(long m, long n, long k, const float *a, long rsa,
                                                               long csa, const float *b, long rsb, long csb,
                                                               int accumulate, const float *bias, float *c,
                                                               long ldc) {
  for (long i = 0; i < m; i++) {
    float *ci = c + i * ldc;
    if (!accumulate && bias) memcpy(ci, bias, sizeof(float) * n);
    if (!accumulate && !bias) memset(ci, 0, sizeof(float) * n);
    for (long kk = 0; kk < k; kk++) {
      float s = a[i * rsa + kk * csa];
      const float *bk = b + kk * rsb;
      for (long j = 0; j < n; j++) ci[j] = fmaf(s, bk[j * csb], ci[j]);
    }
  }
}

// The generic loops, compiled once per instruction set.
#define GENERIC_TILES(SUFFIX, ATTRIBUTES)                                                                      \
  ATTRIBUTES static void tiles_##SUFFIX(long m, long n, long k, const float *a, long ats, long rsa, long csa,    \
                                        const float *packed, long pw, int accumulate, const float *bias,        \
                                        float *c, long ldc) {                                                   \
    tiles_generic(m, n, k, a, ats, rsa, csa, packed, pw, accumulate, bias, c, ldc);                             \
  }
#define GENERIC_ROWS(SUFFIX, ATTRIBUTES)                                                                       \
  ATTRIBUTES static void rows_##SUFFIX(long m, long n, long k, const float *a, long rsa, long csa,              \
                                       const float *b, long rsb, long csb, int accumulate, const float *bias,   \
                                       float *c, long ldc) {                                                    \
    rows_generic(m, n, k, a, rsa, csa, b, rsb, csb, accumulate, bias, c, ldc);                                  \
  }

GENERIC_TILES(portable, )
GENERIC_ROWS(portable, )

// The tiles of one column strip down all m rows: full tiles of FULL rows, then the rows left over
// in one tile whose row count is a constant (so its loops unroll and its results stay in registers).
// TILE(rows, a, c) computes one tile; `a` and `c` start at its first row.
#define TILES_DOWN(TILE, FULL, m, a, ats, c, ldc)                                                         \
  do {                                                                                                    \
    long i_ = 0;                                                                                          \
    for (; i_ + (FULL) <= (m); i_ += (FULL)) TILE(FULL, (a) + (i_ / (FULL)) * (ats), (c) + i_ * (ldc));   \
    const float *a_ = (a) + (i_ / (FULL)) * (ats);                                                        \
    float *c_ = (c) + i_ * (ldc);                                                                         \
    switch ((m) - i_) {                                                                                   \
    case 1: TILE(1, a_, c_); break;                                                                       \
    case 2: TILE(2, a_, c_); break;                                                                       \
    case 3: TILE(3, a_, c_); break;                                                                       \
    case 4: TILE(4, a_, c_); break;                                                                       \
    case 5: TILE(5, a_, c_); break;                                                                       \
    case 6: TILE(6, a_, c_); break;                                                                       \
    case 7: TILE(7, a_, c_); break;                                                                       \
    default: break;                                                                                       \
    }                                                                                                     \
  } while (0)

// ---- AVX-512: a tile keeps its MR×32 results in 16 registers for the whole k loop. ----

#if defined(__x86_64__)

GENERIC_ROWS(avx2, TK_TARGET_AVX2)
GENERIC_ROWS(avx512, TK_TARGET_AVX512)

// ---- AVX2 + FMA: a tile of up to MR_AVX2 rows × 16 columns keeps its results in 12 registers. ----

/// Lanes below `count` (0 … 8) set: the mask of maskload/maskstore for a partial row.
static inline TK_TARGET_AVX2 __attribute__((always_inline)) __m256i lanes_below(long count) {
  return _mm256_cmpgt_epi32(_mm256_set1_epi32((int)count), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}

/// One tile: rows × 16 columns of C (`width` of them stored, 1 … 16) from `half`, the tile's 16
/// columns inside a packed panel of `pw` (16 or 32) columns. `full` (all 16 columns) reads and
/// writes C and the bias with plain loads and stores: VMASKMOVPS stores are slow on AMD cores,
/// above all to lines that are not in the cache yet.
static inline TK_TARGET_AVX2 __attribute__((always_inline)) void tile_avx2(
    const int rows, const int full, long k, const float *a, long rsa, long csa, const float *half, long pw,
    int accumulate, const float *bias, float *c, long ldc, __m256i low, __m256i high) {
  __m256 x0[MR_AVX2], x1[MR_AVX2];
#define LOAD_AVX2(P, MASK) (full ? _mm256_loadu_ps(P) : _mm256_maskload_ps(P, MASK))
  __m256 start0 = bias ? LOAD_AVX2(bias, low) : _mm256_setzero_ps();
  __m256 start1 = bias ? LOAD_AVX2(bias + 8, high) : _mm256_setzero_ps();
#pragma clang loop unroll(full)
  for (int r = 0; r < MR_AVX2; r++) {
    if (r < rows) {
      x0[r] = accumulate ? LOAD_AVX2(c + r * ldc, low) : start0;
      x1[r] = accumulate ? LOAD_AVX2(c + r * ldc + 8, high) : start1;
    }
  }
#undef LOAD_AVX2
  for (long kk = 0; kk < k; kk++) {
    __m256 b0 = _mm256_loadu_ps(half + kk * pw), b1 = _mm256_loadu_ps(half + kk * pw + 8);
    const float *ak = a + kk * csa;
#pragma clang loop unroll(full)
    for (int r = 0; r < MR_AVX2; r++) {
      if (r < rows) {
        __m256 s = _mm256_broadcast_ss(ak + r * rsa);
        x0[r] = _mm256_fmadd_ps(s, b0, x0[r]);
        x1[r] = _mm256_fmadd_ps(s, b1, x1[r]);
      }
    }
  }
#pragma clang loop unroll(full)
  for (int r = 0; r < MR_AVX2; r++) {
    if (r < rows && full) {
      _mm256_storeu_ps(c + r * ldc, x0[r]);
      _mm256_storeu_ps(c + r * ldc + 8, x1[r]);
    } else if (r < rows) {
      _mm256_maskstore_ps(c + r * ldc, low, x0[r]);
      _mm256_maskstore_ps(c + r * ldc + 8, high, x1[r]);
    }
  }
}

/// The tiles of one 16-column half of a panel, down all m rows (`width` columns stored).
TK_TARGET_AVX2 static void half_avx2(long m, long k, const float *a, long ats, long rsa, long csa,
                                     const float *half, long pw, int accumulate, const float *bias, float *c,
                                     long ldc, long width) {
  __m256i low = lanes_below(width), high = lanes_below(width - 8);
  if (width == 16) {
#define TILE_AVX2(ROWS, A, C) tile_avx2(ROWS, 1, k, A, rsa, csa, half, pw, accumulate, bias, C, ldc, low, high)
    TILES_DOWN(TILE_AVX2, MR_AVX2, m, a, ats, c, ldc);
#undef TILE_AVX2
    return;
  }
#define TILE_AVX2(ROWS, A, C) tile_avx2(ROWS, 0, k, A, rsa, csa, half, pw, accumulate, bias, C, ldc, low, high)
  TILES_DOWN(TILE_AVX2, MR_AVX2, m, a, ats, c, ldc);
#undef TILE_AVX2
}

TK_TARGET_AVX2 static void tiles_avx2(long m, long n, long k, const float *a, long ats, long rsa, long csa,
                                      const float *packed, long pw, int accumulate, const float *bias, float *c,
                                      long ldc) {
  for (long j0 = 0; j0 < n; j0 += pw) {
    const float *panel = packed + (j0 / pw) * k * pw;
    long width = min_long(pw, n - j0);
    for (long h = 0; h < width; h += 16) {
      half_avx2(m, k, a, ats, rsa, csa, panel + h, pw, accumulate, bias ? bias + j0 + h : NULL, c + j0 + h, ldc,
                min_long(16, width - h));
    }
  }
}

static inline TK_TARGET_AVX512 __attribute__((always_inline)) void tile_avx512(
    const int rows, long k, const float *a, long rsa, long csa, const float *panel, int accumulate,
    const float *bias, float *c, long ldc, __mmask16 low, __mmask16 high) {
  __m512 x0[MR], x1[MR];
  __m512 start0 = bias ? _mm512_maskz_loadu_ps(low, bias) : _mm512_setzero_ps();
  __m512 start1 = bias ? _mm512_maskz_loadu_ps(high, bias + 16) : _mm512_setzero_ps();
#pragma clang loop unroll(full)
  for (int r = 0; r < MR; r++) {
    if (r < rows) {
      x0[r] = accumulate ? _mm512_maskz_loadu_ps(low, c + r * ldc) : start0;
      x1[r] = accumulate ? _mm512_maskz_loadu_ps(high, c + r * ldc + 16) : start1;
    }
  }
  for (long kk = 0; kk < k; kk++) {
    __m512 b0 = _mm512_loadu_ps(panel + kk * TK_PANEL), b1 = _mm512_loadu_ps(panel + kk * TK_PANEL + 16);
    const float *ak = a + kk * csa;
#pragma clang loop unroll(full)
    for (int r = 0; r < MR; r++) {
      if (r < rows) {
        __m512 s = _mm512_set1_ps(ak[r * rsa]);
        x0[r] = _mm512_fmadd_ps(s, b0, x0[r]);
        x1[r] = _mm512_fmadd_ps(s, b1, x1[r]);
      }
    }
  }
#pragma clang loop unroll(full)
  for (int r = 0; r < MR; r++) {
    if (r < rows) {
      _mm512_mask_storeu_ps(c + r * ldc, low, x0[r]);
      _mm512_mask_storeu_ps(c + r * ldc + 16, high, x1[r]);
    }
  }
}

TK_TARGET_AVX512 static void tiles_avx512(long m, long n, long k, const float *a, long ats, long rsa, long csa,
                                          const float *packed, long pw, int accumulate, const float *bias, float *c,
                                          long ldc) {
  (void)pw;  // always TK_PANEL: a tile is one whole 32-column panel
  for (long j0 = 0; j0 < n; j0 += TK_PANEL) {
    const float *panel = packed + (j0 / TK_PANEL) * k * TK_PANEL;
    long width = min_long(TK_PANEL, n - j0);
    __mmask16 low = width >= 16 ? 0xFFFF : (__mmask16)((1u << width) - 1);
    __mmask16 high = width <= 16 ? 0 : (width == 32 ? 0xFFFF : (__mmask16)((1u << (width - 16)) - 1));
    const float *start = bias ? bias + j0 : NULL;
#define TILE_AVX512(ROWS, A, C) tile_avx512(ROWS, k, A, rsa, csa, panel, accumulate, start, C, ldc, low, high)
    TILES_DOWN(TILE_AVX512, MR, m, a, ats, c + j0, ldc);
#undef TILE_AVX512
  }
}
#endif

// ---- Choosing the kernel once, by CPU features. ----

typedef void (*tiles_kernel)(long, long, long, const float *, long, long, long, const float *, long, int,
                             const float *, float *, long);
typedef void (*rows_kernel)(long, long, long, const float *, long, long, const float *, long, long, int,
                            const float *, float *, long);

/// How tk_gemm blocks a product for one kernel: the width of the panels it packs B into and the
/// block sizes.
typedef struct {
  long panel, kc, nc, mc;
} blocking;

/// One instruction set's kernels, tile height and blocking. A product reads the current choice once
/// and uses that one throughout, so a switch by another thread (tk_use_isa, in tests) never mixes a
/// tile height with another set's kernel.
typedef struct {
  tiles_kernel tiles;
  rows_kernel rows;
  const char *isa;
  tk_level level;
  long mr;  ///< rows of A per tile of `tiles` (and per interleaved group of a packed A)
  blocking blocks;
} choice;

static const choice portable_choice = {tiles_portable, rows_portable, "portable", TK_PORTABLE, MR,
                                       {TK_PANEL, TK_KC, TK_NC, TK_MC}};
#if defined(__x86_64__)
static const choice avx2_choice = {tiles_avx2, rows_avx2, "avx2", TK_AVX2, MR_AVX2,
                                   {16, TK_KC_AVX2, TK_NC_AVX2, TK_MC_AVX2}};
static const choice avx512_choice = {tiles_avx512, rows_avx512, "avx512", TK_AVX512, MR,
                                     {TK_PANEL, TK_KC, TK_NC, TK_MC}};
#endif
static _Atomic(const choice *) chosen = NULL;
static pthread_once_t chosen_once = PTHREAD_ONCE_INIT;

static int cpu_has(const char *isa) {
#if defined(__x86_64__)
  __builtin_cpu_init();
  if (strcmp(isa, "avx512") == 0) return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl");
  if (strcmp(isa, "avx2") == 0) return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#endif
  return strcmp(isa, "portable") == 0;
}

static int select_isa(const char *isa) {
  if (!cpu_has(isa)) return 0;
  const choice *next = &portable_choice;
#if defined(__x86_64__)
  if (strcmp(isa, "avx512") == 0) next = &avx512_choice;
  if (strcmp(isa, "avx2") == 0) next = &avx2_choice;
#endif
  atomic_store(&chosen, next);
  return 1;
}

/// REPL_ISA, when set to an instruction set this CPU runs, forces it; otherwise (unset, unknown or
/// not supported: the command-line driver reports those) the best one the CPU has.
static void choose_once(void) {
  const char *forced = getenv("REPL_ISA");
  if (forced != NULL && select_isa(forced)) return;
  if (!select_isa("avx512") && !select_isa("avx2")) select_isa("portable");
}

int tk_isa_supported(const char *isa) { return cpu_has(isa); }

/// The current choice, read once by each product.
static const choice *current(void) {
  pthread_once(&chosen_once, choose_once);
  return atomic_load(&chosen);
}

tk_level tk_current_level(void) { return current()->level; }

const char *tk_isa(void) { return current()->isa; }

int tk_use_isa(const char *isa) {
  pthread_once(&chosen_once, choose_once);
  return select_isa(isa);
}

// ---- The products. ----

void tk_gemm_packed(long m, long n, long k, const float *a, long a_row_stride, long a_column_stride,
                    const float *packed, int accumulate, const float *bias, float *c, long ldc) {
  if (m <= 0 || n <= 0) return;
  const choice *kernels = current();
  kernels->tiles(m, n, k, a, kernels->mr * a_row_stride, a_row_stride, a_column_stride, packed, TK_PANEL, accumulate,
                 bias, c, ldc);
}

static pthread_key_t workspace_key;
static pthread_once_t workspace_once = PTHREAD_ONCE_INIT;
static void make_workspace_key(void) { pthread_key_create(&workspace_key, free); }

/// Floats of the packing buffer for `b`: a KC × NC block of B, then an MC × KC block of A.
static long workspace_floats(const blocking *b) { return b->kc * (b->nc + b->mc); }

/// The calling thread's packing buffer, large enough for every choice's blocking, made on first
/// use; NULL if out of memory.
static float *workspace(void) {
  pthread_once(&workspace_once, make_workspace_key);
  float *buffer = pthread_getspecific(workspace_key);
  if (buffer == NULL) {
    long floats = workspace_floats(&portable_choice.blocks);
#if defined(__x86_64__)
    floats = workspace_floats(&avx2_choice.blocks) > floats ? workspace_floats(&avx2_choice.blocks) : floats;
    floats = workspace_floats(&avx512_choice.blocks) > floats ? workspace_floats(&avx512_choice.blocks) : floats;
#endif
    buffer = aligned_alloc(64, sizeof(float) * floats);
    if (buffer != NULL) pthread_setspecific(workspace_key, buffer);
  }
  return buffer;
}

/// Copies `rows` rows and `depth` columns of A tile by tile: tile t holds its `mr` rows interleaved,
/// element (r, kk) at t·mr·depth + kk·mr + r (rows past the end are not written), so that a tile
/// reads its mr rows at one kk in one contiguous run.
static void pack_a(long rows, long depth, const float *a, long rsa, long csa, long mr, float *packed) {
  for (long i = 0; i < rows; i += mr) {
    float *tile = packed + i * depth;
    long count = min_long(mr, rows - i);
    if (rsa == 1 && count == mr) {
      // The tile heights of the kernels are constants here, so each copy is a few inlined moves
      // rather than a call to memcpy per kk (which perf showed at 3-5 % of a training step).
      if (mr == MR) {
        copy_rows(depth, a + i, csa, MR, MR, tile);
      } else if (mr == MR_AVX2) {
        copy_rows(depth, a + i, csa, MR_AVX2, MR_AVX2, tile);
      } else {
        for (long kk = 0; kk < depth; kk++) memcpy(tile + kk * mr, a + i + kk * csa, sizeof(float) * mr);
      }
      continue;
    }
    for (long kk = 0; kk < depth; kk++) {
      const float *column = a + i * rsa + kk * csa;
      for (long r = 0; r < count; r++) tile[kk * mr + r] = column[r * rsa];
    }
  }
}

void tk_gemm(long m, long n, long k, const float *a, long a_row_stride, long a_column_stride, const float *b,
             long b_row_stride, long b_column_stride, int accumulate, const float *bias, float *c, long ldc) {
  if (m <= 0 || n <= 0) return;
  const choice *kernels = current();
  float *packed = m <= 2 ? NULL : workspace();
  if (packed == NULL) {
    kernels->rows(m, n, k, a, a_row_stride, a_column_stride, b, b_row_stride, b_column_stride, accumulate, bias, c, ldc);
    return;
  }
  if (k == 0) {
    kernels->rows(m, n, 0, a, a_row_stride, a_column_stride, b, b_row_stride, b_column_stride, accumulate, bias, c, ldc);
    return;
  }
  const blocking *bl = &kernels->blocks;
  float *packed_a = packed + bl->kc * bl->nc;
  long mr = kernels->mr;
  for (long j0 = 0; j0 < n; j0 += bl->nc) {
    long width = min_long(bl->nc, n - j0);
    for (long k0 = 0; k0 < k; k0 += bl->kc) {
      long depth = min_long(bl->kc, k - k0);
      pack_panels(depth, width, b + k0 * b_row_stride + j0 * b_column_stride, b_row_stride, b_column_stride, bl->panel,
                  kernels->level != TK_PORTABLE, packed);
      int more = accumulate || k0 > 0;
      const float *start = bias && !more ? bias + j0 : NULL;
      const float *ak = a + k0 * a_column_stride;
      for (long i0 = 0; i0 < m; i0 += bl->mc) {
        long rows = min_long(bl->mc, m - i0);
        float *ci = c + i0 * ldc + j0;
        if (a_column_stride == 1) {
          kernels->tiles(rows, width, depth, ak + i0 * a_row_stride, mr * a_row_stride, a_row_stride, 1, packed,
                         bl->panel, more, start, ci, ldc);
        } else {
          pack_a(rows, depth, ak + i0 * a_row_stride, a_row_stride, a_column_stride, mr, packed_a);
          kernels->tiles(rows, width, depth, packed_a, mr * depth, 1, mr, packed, bl->panel, more, start, ci, ldc);
        }
      }
    }
  }
}
