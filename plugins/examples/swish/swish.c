/*
 * swish: y = x * sigmoid(beta * x) with one learnable slope `beta` per feature.
 * A layer plugin in plain C against ../../include/repl_plugin.h (see README.md).
 * Build: cc -shared -fPIC -O2 -I../../include swish.c -o libswish.so -lm
 */
#include <math.h>
#include "repl_plugin.h"

/* One instance: its width, the initial slope, and the parameter table the host reads. */
typedef struct swish {
  int32_t width;
  float beta0;
  repl_param_info params[1];
} swish;

static int32_t swish_create(const repl_option_value *options, int32_t option_count, repl_shape input,
                            void **instance, repl_instance_info *info, char *err, size_t err_size) {
  double beta = repl_option_double(options, option_count, "beta", 1.0);
  if (!(beta > 0.0 && beta < 100.0)) return repl_fail(err, err_size, "beta= must be between 0 and 100");
  swish *s = calloc(1, sizeof(swish));
  if (s == NULL) return repl_fail(err, err_size, "out of memory");
  s->width = input.width;
  s->beta0 = (float)beta;
  s->params[0].name = "beta";
  s->params[0].rank = 1;
  s->params[0].dims[0] = input.width;
  info->output = input; /* same kind and width as the input */
  info->param_count = 1;
  info->params = s->params;
  *instance = s;
  return REPL_OK;
}

static int32_t swish_init(void *instance, uint64_t seed, float *const *params, char *err, size_t err_size) {
  (void)seed, (void)err, (void)err_size;
  swish *s = instance;
  for (int32_t i = 0; i < s->width; i++) params[0][i] = s->beta0;
  return REPL_OK;
}

static float sigmoid(float z) { return 1.0f / (1.0f + expf(-z)); }

static int32_t swish_forward(void *instance, const repl_batch *batch, const float *const *params,
                             const float *input, float *output, char *err, size_t err_size) {
  (void)err, (void)err_size;
  swish *s = instance;
  const float *beta = params[0];
  for (int32_t r = 0; r < batch->batch * batch->time; r++) {
    if (!batch->mask[r]) continue;
    for (int32_t f = 0; f < s->width; f++) {
      float x = input[r * s->width + f];
      output[r * s->width + f] = x * sigmoid(beta[f] * x);
    }
  }
  return REPL_OK;
}

/* dy/dx = g + beta x g (1 - g), dy/dbeta = x^2 g (1 - g), with g = sigmoid(beta x). */
static int32_t swish_backward(void *instance, const repl_batch *batch, const float *const *params,
                              const float *input, const float *output, const float *grad_output,
                              float *grad_input, float *const *param_grads, char *err, size_t err_size) {
  (void)output, (void)err, (void)err_size;
  swish *s = instance;
  const float *beta = params[0];
  float *dbeta = param_grads[0];
  for (int32_t r = 0; r < batch->batch * batch->time; r++) {
    if (!batch->mask[r]) continue;
    for (int32_t f = 0; f < s->width; f++) {
      int32_t i = r * s->width + f;
      float x = input[i], g = sigmoid(beta[f] * x), slope = g * (1.0f - g);
      grad_input[i] = grad_output[i] * (g + beta[f] * x * slope);
      dbeta[f] += grad_output[i] * x * x * slope;
    }
  }
  return REPL_OK;
}

static void swish_destroy(void *instance) { free(instance); }

static const repl_option_spec swish_options[] = {
  {"beta", REPL_OPTION_FLOAT, "1.0", "initial slope of the sigmoid gate (learned per feature)", NULL},
};

static const repl_layer_type swish_types[] = {{
  .name = "swish",
  .summary = "x * sigmoid(beta * x) with a learned slope per feature (C plugin)",
  .option_count = 1,
  .options = swish_options,
  .create = swish_create,
  .init_params = swish_init,
  .forward = swish_forward,
  .backward = swish_backward,
  .destroy = swish_destroy,
}};

static const repl_plugin swish_plugin = {
  .abi_major = REPL_PLUGIN_ABI_MAJOR,
  .abi_minor = REPL_PLUGIN_ABI_MINOR,
  .name = "swish",
  .version = "1.0",
  .layer_type_count = 1,
  .layer_types = swish_types,
};

const repl_plugin *repl_plugin_init(int32_t host_major, int32_t host_minor, char *err, size_t err_size) {
  (void)host_minor;
  if (host_major != REPL_PLUGIN_ABI_MAJOR) return repl_fail(err, err_size, "swish needs plugin ABI 1.x"), NULL;
  return &swish_plugin;
}
