// The instruction-set level every C kernel of the project runs at (TensorKernels and the recurrent
// cells): chosen once by CPU features in Gemm.c, or forced with tk_use_isa, so that one switch
// selects every kernel.
#ifndef TENSOR_KERNELS_LEVEL_H
#define TENSOR_KERNELS_LEVEL_H

typedef enum { TK_PORTABLE, TK_AVX2, TK_AVX512 } tk_level;

/// The level chosen by CPU features, or forced by tk_use_isa.
tk_level tk_current_level(void);

#if defined(__x86_64__)
#define TK_TARGET_AVX512 __attribute__((target("avx512f,avx512vl,avx2,fma")))
#define TK_TARGET_AVX2 __attribute__((target("avx2,fma")))
/// Calls NAME_avx512, NAME_avx2 or NAME_portable, whichever the current level selects.
#define TK_DISPATCH(NAME, ...)                          \
  switch (tk_current_level()) {                         \
  case TK_AVX512: return NAME##_avx512(__VA_ARGS__);    \
  case TK_AVX2: return NAME##_avx2(__VA_ARGS__);        \
  default: return NAME##_portable(__VA_ARGS__);         \
  }
#else
#define TK_DISPATCH(NAME, ...) return NAME##_portable(__VA_ARGS__);
#endif

#endif
