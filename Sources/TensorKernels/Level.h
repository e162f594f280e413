// The instruction-set level every kernel of this target runs at (chosen once in Gemm.c).
#ifndef TENSOR_KERNELS_LEVEL_H
#define TENSOR_KERNELS_LEVEL_H

typedef enum { TK_PORTABLE, TK_AVX2, TK_AVX512 } tk_level;

/// The level chosen by CPU features, or forced by tk_use_isa.
tk_level tk_current_level(void);

#if defined(__x86_64__)
#define TK_TARGET_AVX512 __attribute__((target("avx512f,avx512vl,avx2,fma")))
#define TK_TARGET_AVX2 __attribute__((target("avx2,fma")))
#endif

#endif
