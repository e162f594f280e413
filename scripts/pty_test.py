#!/usr/bin/env python3
"""Drives the real `repl` binary in a pseudo-terminal, as a person would.

Proves that Tab completes a command name and a live object name, that a typo gets a suggestion,
that Ctrl-C clears the line at the
prompt, that Ctrl-D exits with status 0, and that history (mode 0600) survives a restart.
Usage: scripts/pty_test.py PATH/TO/repl        Exit status 0 when every check passes.
"""
import os
import pty
import re
import select
import stat
import sys
import tempfile
import time


def fail(message, transcript=""):
    print(f"pty test FAILED: {message}")
    if transcript:
        print("---- terminal output ----")
        print(transcript[-3000:])
    sys.exit(1)


class Terminal:
    def __init__(self, binary, env, cwd):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.chdir(cwd)
            os.execve(binary, [binary], env)
        self.seen = ""

    def expect(self, pattern, timeout=20.0):
        """Reads until `pattern` (a regex) appears in the output after the last match."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            match = re.search(pattern, self.seen)
            if match:
                self.seen = self.seen[match.end():]
                return
            ready, _, _ = select.select([self.fd], [], [], 0.1)
            if ready:
                try:
                    data = os.read(self.fd, 4096)
                except OSError:
                    break
                if not data:
                    break
                self.seen += data.decode("utf-8", "replace")
        fail(f"did not see {pattern!r}", self.seen)

    def send(self, text, pause=0.3):
        os.write(self.fd, text.encode("utf-8"))
        time.sleep(pause)

    def wait_exit(self, timeout=20.0):
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                os.read(self.fd, 4096)
            except OSError:
                pass
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                return os.waitstatus_to_exitcode(status)
            time.sleep(0.1)
        fail("repl did not exit after Ctrl-D", self.seen)


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    binary = os.path.abspath(sys.argv[1])
    state = tempfile.mkdtemp(prefix="repl-pty-state-")
    work = tempfile.mkdtemp(prefix="repl-pty-work-")
    env = dict(os.environ, XDG_STATE_HOME=state, TERM="xterm", NO_COLOR="1", LANG="C.UTF-8")
    env.pop("LC_ALL", None)

    first = Terminal(binary, env, work)
    first.expect(r"repl> ")
    first.send("synth movies domain=movies n=20\r")
    first.expect(r"movies[^\n]*\n")
    first.expect(r"repl> ")
    # Tab completes a command name: `hel` becomes `help`, which then runs.
    first.send("hel\t")
    first.send("\r")
    first.expect(r"Commands \(help COMMAND")
    first.expect(r"repl> ")
    # Tab completes a live object name: `drop mov` becomes `drop movies`.
    first.send("drop mov\t")
    first.send("\r")
    first.expect(r"dropped movies")
    first.expect(r"repl> ")
    # A typo gets a suggestion.
    first.send("lsit\r")
    first.expect(r"did you mean 'list'")
    first.expect(r"repl> ")
    # Ctrl-C clears the line: the half-typed command never runs.
    first.send("garbage-command\x03")
    first.send("help set\r")
    first.expect(r"set: Define a variable")
    if "garbage-command" in first.seen and "unknown command" in first.seen:
        fail("Ctrl-C did not clear the line", first.seen)
    first.expect(r"repl> ")
    first.send("\x04")
    code = first.wait_exit()
    if code != 0:
        fail(f"Ctrl-D exit status {code}, expected 0", first.seen)

    history = os.path.join(state, "repl", "history")
    if not os.path.exists(history):
        fail(f"no history file at {history}")
    mode = stat.S_IMODE(os.stat(history).st_mode)
    if mode != 0o600:
        fail(f"history file mode {oct(mode)}, expected 0o600")

    # History survives a restart: Up recalls `help set`, Enter runs it again.
    second = Terminal(binary, env, work)
    second.expect(r"repl> ")
    second.send("\x1b[A")
    second.send("\r")
    second.expect(r"set: Define a variable")
    second.expect(r"repl> ")
    second.send("\x04")
    if second.wait_exit() != 0:
        fail("second session did not exit cleanly", second.seen)
    print("pty test: ok (command and object completion, typo suggestion, Ctrl-C, Ctrl-D, history across restarts)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
