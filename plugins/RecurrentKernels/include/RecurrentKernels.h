// Element-wise kernels of the recurrent cells (LSTM, GRU), one time step at a time.
//
// Swift compiled without a named target CPU only gets SSE2 and no FMA, so these loops are C,
// compiled three times (AVX-512, AVX2+FMA, baseline) and picked once at run time by CPU features.
#ifndef RECURRENT_KERNELS_H
#define RECURRENT_KERNELS_H

/// The raw views one time step of one recurrent direction works on (see Recurrent/StepBuffers).
///
/// Rows of `state`, `cell_state` and `recurrent` are in the schedule's sorted order (i); rows of
/// `gates`, `previous`, `extra` and `output` are batch-major positions found through `rows[i]`.
/// In backward the same names hold gradients (dL/dh in `state`, dL/dc in `cell_state`, dL/dy in
/// `output`), and the kernel overwrites `gates` with the input-side gate gradients and `recurrent`
/// with the hidden-side ones.
typedef struct {
  long count;          ///< running examples at this step
  long hidden;         ///< H
  const long *rows;    ///< batch-major position of each running example
  float *gates;        ///< [B·T, G·H] input projections → activated gates → gate gradients
  float *recurrent;    ///< [B, G·H] h·W_hhᵀ (forward) or hidden-side gate gradients (backward)
  float *previous;     ///< h before each position: row `pos` at `previous + pos·previous_stride`
  long previous_stride;  ///< distance between the `previous` rows of consecutive positions
  float *extra;        ///< [B·T, H] LSTM: c before each position; GRU: W_hn·h + b_hn, then its gradient
  float *state;        ///< [B, H] h or dL/dh
  float *cell_state;   ///< [B, H] LSTM c or dL/dc
  float *output;       ///< y or dL/dy of position 0 (direction offset applied)
  long output_stride;  ///< distance between the output rows of consecutive positions
  const float *bias;   ///< [G·H] b_ih plus the folded blocks of b_hh
  const float *hidden_bias;  ///< [G·H] b_hh
  int caching;         ///< forward: keep what backward needs
  int fused;           ///< LSTM forward: `recurrent` holds the whole pre-activation (bias and input projection included)
} rk_step;

/// LSTM forward step (gates i, f, g, o).
void rk_lstm_forward(const rk_step *step);
/// LSTM backward step.
void rk_lstm_backward(const rk_step *step);
/// GRU forward step (gates r, z, n; PyTorch's n = tanh(x_n + r·(W_hn·h + b_hn))).
void rk_gru_forward(const rk_step *step);
/// GRU backward step; leaves dL/dh(t−1) minus the W_hh part in `state`.
void rk_gru_backward(const rk_step *step);
/// tanh as the kernels compute it (for tests of its accuracy).
float rk_tanh(float x);
/// The instruction set the kernels run with: "avx512", "avx2" or "baseline".
const char *rk_isa(void);

#endif
