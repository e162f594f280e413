/*
 * repl_plugin.h: the C ABI between the repl and run-time layer plugins (see README.md beside it).
 *
 * A plugin is a shared library that exports one function, `repl_plugin_init`. The host calls it with
 * its ABI version and gets back a static table describing the plugin and its layer types. Everything
 * else goes through the function pointers in that table. No C++ exceptions, longjmps or aborts may
 * cross the boundary: every fallible function returns a status (REPL_OK or REPL_ERROR) and writes a
 * one-line message into the host-provided buffer `err` of `err_size` bytes.
 *
 * Versioning: the host refuses a plugin whose `abi_major` differs from its own, and one whose
 * `abi_minor` is newer than its own. Minor versions only ever append fields at the end of structs.
 */
#ifndef REPL_PLUGIN_H
#define REPL_PLUGIN_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef __cplusplus
extern "C" {
#endif

/** The ABI version this header describes. */
#define REPL_PLUGIN_ABI_MAJOR 1
#define REPL_PLUGIN_ABI_MINOR 0

/** The name of the one symbol a plugin exports. */
#define REPL_PLUGIN_ENTRY "repl_plugin_init"

/** Status codes returned by every fallible function. */
#define REPL_OK 0
#define REPL_ERROR 1

/** Option types of a layer type's `key=value` options. */
typedef enum repl_option_kind {
  REPL_OPTION_INT = 0,    /**< a whole number, e.g. "64" */
  REPL_OPTION_FLOAT = 1,  /**< a real number, e.g. "0.5" or "1e-3" */
  REPL_OPTION_BOOL = 2,   /**< yes/no; passed to create() as "1" or "0" */
  REPL_OPTION_CHOICE = 3, /**< one word of `choices`, e.g. "sigmoid|tanh" */
  REPL_OPTION_STRING = 4  /**< any word or quoted string */
} repl_option_kind;

/** One option of a layer type: what `help layers` shows and what model specs accept. */
typedef struct repl_option_spec {
  const char *key;           /**< the option name in model specs (`hidden`) */
  int32_t kind;              /**< a repl_option_kind */
  const char *default_value; /**< the default as the user would write it; NULL makes it required */
  const char *help;          /**< one line of help */
  const char *choices;       /**< for REPL_OPTION_CHOICE: the words separated by '|'; else NULL */
} repl_option_spec;

/** An option value passed to create(): every option of the schema, defaults filled in. */
typedef struct repl_option_value {
  const char *key;
  const char *value;
} repl_option_value;

/** The kind of a layer's input or output. */
typedef enum repl_shape_kind {
  REPL_SHAPE_SEQUENCE = 1, /**< [batch, time, width] values, right-padded */
  REPL_SHAPE_VECTOR = 2    /**< [batch, width] values, one vector per example */
} repl_shape_kind;

/** A layer's input or output shape per example. */
typedef struct repl_shape {
  int32_t kind;  /**< a repl_shape_kind */
  int32_t width; /**< the number of features */
} repl_shape;

/** The most dimensions a parameter may have. */
#define REPL_MAX_RANK 4

/** One parameter of a layer instance: its local key and shape. */
typedef struct repl_param_info {
  const char *name;              /**< the local key, e.g. "weight" (unique within the layer) */
  int32_t rank;                  /**< 1 ... REPL_MAX_RANK */
  int32_t dims[REPL_MAX_RANK];   /**< the first `rank` entries are used, each >= 1 */
} repl_param_info;

/** What create() reports about a new instance; the pointers stay valid until destroy(). */
typedef struct repl_instance_info {
  repl_shape output;              /**< the output shape (a sequence output needs a sequence input) */
  int32_t param_count;            /**< the number of parameters, may be 0 */
  const repl_param_info *params;  /**< param_count entries */
} repl_instance_info;

/**
 * The shape of one batch. Input values are row-major: [batch, time, features] for a sequence,
 * [batch, features] for a vector (time is then 1). Outputs follow the same layout with the output
 * width. Example b has lengths[b] real steps (1 <= lengths[b] <= time); mask[b * time + t] is 1 for a
 * real step and 0 for padding. The host zeroes padding positions of outputs and input gradients, and
 * hands backward() gradients that are already zero at padding.
 */
typedef struct repl_batch {
  int32_t batch;
  int32_t time;
  int32_t features;         /**< the input width */
  const int32_t *lengths;   /**< [batch] */
  const uint8_t *mask;      /**< [batch * time] */
  int32_t training;         /**< 1 while training (dropout and the like active), 0 at inference */
  uint64_t seed;            /**< fresh per call, for stochastic layers */
} repl_batch;

/** One layer type: its description and the functions the host calls. */
typedef struct repl_layer_type {
  const char *name;    /**< the name in model specs: letters, digits, '_' or '-' */
  const char *summary; /**< one line for `help layers` */
  int32_t option_count;
  const repl_option_spec *options;

  /**
   * Builds an instance for `input` from option values (all `option_count` options, in schema order,
   * defaults filled in). On success stores an opaque pointer in *instance, fills *info and returns
   * REPL_OK; on failure writes a message (e.g. "hidden must be >= 1") and returns REPL_ERROR.
   */
  int32_t (*create)(const repl_option_value *options, int32_t option_count, repl_shape input,
                    void **instance, repl_instance_info *info, char *err, size_t err_size);

  /**
   * Fills initial parameter values from `seed` (deterministically). params[i] points to the storage
   * of parameter i (host-owned, product of dims floats). May be NULL: parameters then start at zero.
   */
  int32_t (*init_params)(void *instance, uint64_t seed, float *const *params, char *err, size_t err_size);

  /**
   * Computes output from input. params[i] holds the current values of parameter i. The output buffer
   * is host-owned, zeroed, and sized for the output shape. May keep what backward() needs in the
   * instance, but the host also hands the same input and output to backward().
   */
  int32_t (*forward)(void *instance, const repl_batch *batch, const float *const *params,
                     const float *input, float *output, char *err, size_t err_size);

  /**
   * Back-propagates grad_output (the loss gradient w.r.t. the output of the last forward() on this
   * instance, whose input and output are passed again). Writes the gradient w.r.t. the input into
   * grad_input (zeroed, input-sized) and ADDS parameter gradients into param_grads[i].
   */
  int32_t (*backward)(void *instance, const repl_batch *batch, const float *const *params,
                      const float *input, const float *output, const float *grad_output,
                      float *grad_input, float *const *param_grads, char *err, size_t err_size);

  /** Frees an instance. Never called twice; the library itself is never unloaded. */
  void (*destroy)(void *instance);
} repl_layer_type;

/** What repl_plugin_init returns: a table that must stay valid for the life of the process. */
typedef struct repl_plugin {
  int32_t abi_major;  /**< REPL_PLUGIN_ABI_MAJOR as the plugin was compiled */
  int32_t abi_minor;  /**< REPL_PLUGIN_ABI_MINOR as the plugin was compiled */
  const char *name;   /**< the plugin's name, e.g. "swish" */
  const char *version; /**< its version, e.g. "1.0"; name + version identify it in checkpoints */
  int32_t layer_type_count;
  const repl_layer_type *layer_types;
} repl_plugin;

/**
 * The entry point. Receives the host's ABI version; returns the plugin table, or NULL after writing
 * a message into err (for example when host_major is not the major the plugin was built for).
 */
typedef const repl_plugin *(*repl_plugin_init_fn)(int32_t host_major, int32_t host_minor, char *err,
                                                  size_t err_size);

/* ---- Small helpers for plugin authors (header-only; the host does not need them). ---- */

/** The value of option `key` among the values passed to create(), or NULL. */
static inline const char *repl_option(const repl_option_value *options, int32_t count, const char *key) {
  for (int32_t i = 0; i < count; i++) {
    if (options[i].key != NULL && strcmp(options[i].key, key) == 0) return options[i].value;
  }
  return NULL;
}

/** Option `key` as a long, or `fallback` when absent. */
static inline long repl_option_int(const repl_option_value *options, int32_t count, const char *key,
                                   long fallback) {
  const char *v = repl_option(options, count, key);
  return v != NULL ? strtol(v, NULL, 10) : fallback;
}

/** Option `key` as a double, or `fallback` when absent. */
static inline double repl_option_double(const repl_option_value *options, int32_t count, const char *key,
                                        double fallback) {
  const char *v = repl_option(options, count, key);
  return v != NULL ? strtod(v, NULL) : fallback;
}

/** Writes a message into the host's error buffer and returns REPL_ERROR (for `return repl_fail(...)`). */
static inline int32_t repl_fail(char *err, size_t err_size, const char *message) {
  if (err != NULL && err_size > 0) snprintf(err, err_size, "%s", message);
  return REPL_ERROR;
}

/** A uniform float in [-1, 1) from a 64-bit state (SplitMix64), for deterministic init_params(). */
static inline float repl_uniform(uint64_t *state) {
  uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  z ^= z >> 31;
  return (float)(z >> 40) * (2.0f / 16777216.0f) - 1.0f;
}

#ifdef __cplusplus
}
#endif

#endif /* REPL_PLUGIN_H */
