// Debian's libopenblas-dev (LP64: BLAS indices are 32-bit ints).
#include <cblas.h>
