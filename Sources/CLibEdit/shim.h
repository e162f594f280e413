// libedit through its readline-compatible API, plus tiny static-inline shims for what Swift cannot
// call or touch directly: C variadic functions and mutable C globals (Swift 6 treats those as
// shared mutable state).
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <signal.h>
#include <locale.h>
#include <editline/readline.h>

/// Configures libedit for repl: its own signal handling off (the caller installs handlers),
/// words broken only at blanks and quotes (so `lr=`, `clf.lstm` and paths complete as one word),
/// emacs keys with Ctrl-R bound to incremental history search.
static inline void repl_el_setup(rl_completion_func_t *complete) {
  static char breaks[] = " \t\n\"";
  rl_readline_name = "repl";
  rl_catch_signals = 0;
  rl_basic_word_break_characters = breaks;
  rl_completer_word_break_characters = breaks;
  rl_attempted_completion_function = complete;
  rl_initialize();
  rl_parse_and_bind("bind ^R em-inc-search-prev");
}

/// The whole line being edited (valid inside a completion callback).
static inline const char *repl_el_line(void) { return rl_line_buffer; }

/// Tells libedit not to fall back to its own file-name completion, and what to append after a
/// single match (0: nothing, for `lr=` and folders).
static inline void repl_el_completion_done(int append) {
  rl_attempted_completion_over = 1;
  rl_completion_append_character = append;
}

/// Clears errno (before each read, so that Ctrl-D is not mistaken for an interrupted read).
static inline void repl_clear_errno(void) { errno = 0; }

/// Whether the last call failed because a signal interrupted it.
static inline int repl_errno_is_eintr(void) { return errno == EINTR; }

/// Installs `handler` for `sig` without SA_RESTART, so a blocking read returns EINTR, and unblocks
/// the signal (a parent may have started us with it blocked; the mask survives exec).
static inline int repl_on_signal(int sig, void (*handler)(int)) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, sig);
  sigprocmask(SIG_UNBLOCK, &set, NULL);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = handler;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;
  return sigaction(sig, &sa, NULL);
}

/// Sets LC_CTYPE from the environment, falling back to C.UTF-8 so non-ASCII input is kept.
static inline void repl_set_locale(void) {
  const char *got = setlocale(LC_CTYPE, "");
  if (got == NULL || strcmp(got, "C") == 0 || strcmp(got, "POSIX") == 0) {
    setlocale(LC_CTYPE, "C.UTF-8");
  }
}

#include <histedit.h>

/// The prompt of `repl_edit_line`'s editor (a buffer local to this function, not a C global).
static inline char *repl_edit_prompt(EditLine *el) {
  (void)el;
  static char text[64];
  return text;
}

/// Reads one line with `text` already typed (step mode's `e`): a separate libedit editor (the
/// readline-compatible one clears its line before reading, so text cannot be inserted there), with
/// `text` pushed as if typed. Returns a malloc'd line without its newline, or NULL when the read
/// ended (Ctrl-D, or Ctrl-C: errno is then EINTR).
static inline char *repl_edit_line(const char *prompt, const char *text) {
  EditLine *el = el_init("repl", stdin, stdout, stderr);
  if (el == NULL) return NULL;
  snprintf(repl_edit_prompt(NULL), 64, "%s", prompt);
  el_set(el, EL_PROMPT, repl_edit_prompt);
  el_set(el, EL_EDITOR, "emacs");
  el_set(el, EL_SIGNAL, 0);
  el_push(el, text);
  int count = 0;
  errno = 0;
  const char *line = el_gets(el, &count);
  int saved = errno;
  char *copy = NULL;
  if (line != NULL && count > 0) {
    copy = strdup(line);
    size_t n = strlen(copy);
    while (n > 0 && (copy[n - 1] == '\n' || copy[n - 1] == '\r')) copy[--n] = '\0';
  }
  el_end(el);
  errno = saved;
  return copy;
}
