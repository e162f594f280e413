/* A plugin built for a future major ABI version: the host must refuse it. */
#include "repl_plugin.h"

static const repl_plugin future = {
  .abi_major = REPL_PLUGIN_ABI_MAJOR + 1, .abi_minor = 0, .name = "future", .version = "9.0",
  .layer_type_count = 0, .layer_types = NULL,
};

const repl_plugin *repl_plugin_init(int32_t host_major, int32_t host_minor, char *err, size_t err_size) {
  (void)host_major, (void)host_minor, (void)err, (void)err_size;
  return &future;
}
