/*
 * flaky: y = x * scale (one learned scale per feature) whose forward fails on call number
 * `fail_after` + 1 of an instance (0 = never): for testing how the host stops on a plugin error.
 * `name` lets a second copy declare an already-taken layer type (the duplicate-name test).
 */
#include "repl_plugin.h"

#ifndef FLAKY_NAME
#define FLAKY_NAME "flaky"
#endif

typedef struct flaky {
  int32_t width;
  long fail_after;
  long calls;
  repl_param_info params[1];
} flaky;

static int32_t flaky_create(const repl_option_value *options, int32_t option_count, repl_shape input,
                            void **instance, repl_instance_info *info, char *err, size_t err_size) {
  flaky *f = calloc(1, sizeof(flaky));
  if (f == NULL) return repl_fail(err, err_size, "out of memory");
  f->width = input.width;
  f->fail_after = repl_option_int(options, option_count, "fail_after", 0);
  f->params[0] = (repl_param_info){.name = "scale", .rank = 1, .dims = {input.width}};
  info->output = input;
  info->param_count = 1;
  info->params = f->params;
  *instance = f;
  return REPL_OK;
}

static int32_t flaky_init(void *instance, uint64_t seed, float *const *params, char *err, size_t err_size) {
  (void)err, (void)err_size;
  flaky *f = instance;
  for (int32_t i = 0; i < f->width; i++) params[0][i] = 1.0f + 0.1f * repl_uniform(&seed);
  return REPL_OK;
}

static int32_t flaky_forward(void *instance, const repl_batch *batch, const float *const *params,
                             const float *input, float *output, char *err, size_t err_size) {
  flaky *f = instance;
  f->calls++;
  if (f->fail_after > 0 && f->calls > f->fail_after) {
    snprintf(err, err_size, "simulated failure on call %ld", f->calls);
    return REPL_ERROR;
  }
  for (int32_t r = 0; r < batch->batch * batch->time; r++) {
    for (int32_t i = 0; i < f->width; i++) output[r * f->width + i] = input[r * f->width + i] * params[0][i];
  }
  return REPL_OK;
}

static int32_t flaky_backward(void *instance, const repl_batch *batch, const float *const *params,
                              const float *input, const float *output, const float *grad_output,
                              float *grad_input, float *const *param_grads, char *err, size_t err_size) {
  (void)output, (void)err, (void)err_size;
  flaky *f = instance;
  for (int32_t r = 0; r < batch->batch * batch->time; r++) {
    if (!batch->mask[r]) continue;
    for (int32_t i = 0; i < f->width; i++) {
      int32_t k = r * f->width + i;
      grad_input[k] = grad_output[k] * params[0][i];
      param_grads[0][i] += grad_output[k] * input[k];
    }
  }
  return REPL_OK;
}

static void flaky_destroy(void *instance) { free(instance); }

static const repl_option_spec flaky_options[] = {
  {"fail_after", REPL_OPTION_INT, "0", "forward calls that succeed before one fails (0: never)", NULL},
};

static const repl_layer_type flaky_types[] = {{
  .name = FLAKY_NAME, .summary = "x * scale, failing on demand (test plugin)", .option_count = 1,
  .options = flaky_options, .create = flaky_create, .init_params = flaky_init, .forward = flaky_forward,
  .backward = flaky_backward, .destroy = flaky_destroy,
}};

static const repl_plugin flaky_plugin = {
  .abi_major = REPL_PLUGIN_ABI_MAJOR, .abi_minor = REPL_PLUGIN_ABI_MINOR, .name = "flaky", .version = "1.0",
  .layer_type_count = 1, .layer_types = flaky_types,
};

const repl_plugin *repl_plugin_init(int32_t host_major, int32_t host_minor, char *err, size_t err_size) {
  (void)host_minor;
  if (host_major != REPL_PLUGIN_ABI_MAJOR) return repl_fail(err, err_size, "flaky needs ABI 1.x"), NULL;
  return &flaky_plugin;
}
