/* A plugin whose entry point refuses to load and says why. */
#include "repl_plugin.h"

const repl_plugin *repl_plugin_init(int32_t host_major, int32_t host_minor, char *err, size_t err_size) {
  (void)host_major, (void)host_minor;
  repl_fail(err, err_size, "needs a GPU\nthat this machine lacks");
  return NULL;
}
