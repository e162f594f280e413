#!/usr/bin/env python3
"""Drives the real `repl` binary in a pseudo-terminal, as a person would.

Proves that Tab completes a command name and a live object name, that a typo gets a suggestion,
that Ctrl-C clears the line at the
prompt, that Ctrl-D exits with status 0, that history (mode 0600) survives a restart and keeps the
lines of two sessions open at once, and that in an 80-column window help pages, tables and the
training progress bar fit (the bar redraws one line and never wraps).
With --step-lesson, it instead teaches lesson 02 with `--run … --step` in an 80-column window:
an aside typed at the step prompt, a step edited with `e`, a long step cancelled with Ctrl-C (the
lesson goes on), a step skipped (a later step that needs its object is told so), the lesson
finished with exit status 0. It needs the data directory (REPL_DATA).
Usage: scripts/pty_test.py [--step-lesson] PATH/TO/repl        Exit status 0 when every check passes.
"""
import fcntl
import os
import pty
import re
import select
import stat
import struct
import sys
import tempfile
import termios
import time


def fail(message, transcript=""):
    print(f"pty test FAILED: {message}")
    if transcript:
        print("---- terminal output ----")
        print(transcript[-3000:])
    sys.exit(1)


class Terminal:
    def __init__(self, binary, env, cwd, columns=None, arguments=()):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.chdir(cwd)
            os.execve(binary, [binary, *arguments], env)
        if columns:
            fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
        self.seen = ""
        self.log = ""

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
                text = data.decode("utf-8", "replace")
                self.seen += text
                self.log += text
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
    arguments = sys.argv[1:]
    step_lesson = arguments[:1] == ["--step-lesson"]
    if step_lesson:
        arguments = arguments[1:]
    if len(arguments) != 1:
        print(__doc__)
        return 2
    binary = os.path.abspath(arguments[0])
    if step_lesson:
        return check_step_lesson(binary)
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
    check_concurrent_history(binary, env, work, history)
    check_eighty_columns(binary, env, work)
    print("pty test: ok (command and object completion, typo suggestion, Ctrl-C, Ctrl-D, history across restarts"
          " and between concurrent sessions, an 80-column window)")
    return 0


def check_concurrent_history(binary, env, work, history):
    """Two sessions open at once: each command is appended as it runs, so neither loses the other's."""
    a = Terminal(binary, env, work)
    b = Terminal(binary, env, work)
    a.expect(r"repl> ")
    b.expect(r"repl> ")
    for i in range(3):
        a.send(f"set from_a {i}\r")
        a.expect(r"repl> ")
        b.send(f"set from_b {i}\r")
        b.expect(r"repl> ")
    b.send("\x04")
    b.wait_exit()
    a.send("\x04")
    a.wait_exit()
    with open(history, encoding="utf-8") as f:
        text = f.read()
    for who in "ab":
        for i in range(3):
            if f"set\\040from_{who}\\040{i}" not in text:
                fail(f"history lost 'set from_{who} {i}' from concurrent sessions", text)
    if stat.S_IMODE(os.stat(history).st_mode) != 0o600:
        fail("history file mode changed")


ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def check_eighty_columns(binary, env, work):
    """In an 80-column window no line the REPL writes is wider than 80 columns."""
    t = Terminal(binary, env, work, columns=80)
    t.expect(r"repl> ")
    for command in ["help", "help train", "help load", "help layers",
                    "synth big domain=movies n=3000", "vocab v from big min_count=1",
                    "model m = embedding dim=16 | pool mean | dense out=2 vocab=v",
                    "train m on big epochs=2 batch=8", "predict m on big n=3", "history m"]:
        t.send(command + "\r", pause=0.1)
        t.expect(r"repl> ", timeout=120)
    t.send("\x04")
    t.wait_exit()
    log = ANSI.sub("", t.log)
    if "\u2588" not in log and "\u2591" not in log:
        fail("no progress bar was drawn during training", log)
    # Help pages, tables and progress lines must fit (one-line summaries such as synth's may not).
    for output in log.split("repl> ")[1:]:
        command = output.split("\r", 1)[0].split("\n", 1)[0]
        if not command.split(" ")[0] in ("help", "train", "predict", "history"):
            continue
        for piece in re.split(r"[\r\n]", output):
            if len(piece) > 80:
                fail(f"{command}: a line of {len(piece)} columns in an 80-column window: {piece!r}", log)
            if ("\u2588" in piece or "\u2591" in piece) and len(piece) > 79:
                fail("the progress bar fills the last column (it would wrap)", log)


STEP_PROMPT = r"step (\d+) of (\d+) \(Enter run, \? keys\)> "


def check_step_lesson(binary):
    """Lesson 02 with --step at 80 columns, as a teacher at a projector would run it."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    lesson = [f for f in sorted(os.listdir(os.path.join(root, "notebooks"))) if f.startswith("02")][0]
    env = dict(os.environ, TERM="xterm", NO_COLOR="1", LANG="C.UTF-8",
               XDG_STATE_HOME=tempfile.mkdtemp(prefix="repl-pty-state-"))
    env.pop("LC_ALL", None)
    if not env.get("REPL_DATA"):
        fail("--step-lesson needs REPL_DATA (the data directory)")
    work = tempfile.mkdtemp(prefix="repl-pty-step-")
    t = Terminal(binary, env, work, columns=80,
                 arguments=["--run", os.path.join(root, "notebooks", lesson), "--step"])
    t.expect(r"step 1 of (\d+)\r?\n")
    t.expect(STEP_PROMPT)
    # An aside: runs at once, and the lesson stays at step 1.
    t.send("help similarity\r")
    t.expect(r"similarity: ")
    t.expect(r"step 1 of \d+ \(Enter")
    t.send("?\r")
    t.expect(r"runs as an aside")
    t.expect(STEP_PROMPT)
    steps = commands_of(os.path.join(root, "notebooks", lesson))
    step, skipped = 1, -1
    while step <= len(steps):
        command = steps[step - 1]
        if command.startswith("vocab "):
            # Edit the step: the command is in the line editor; replace its last word.
            t.send("e\r")
            t.expect(r"edit> ")
            t.send("\x7f" * len(command.split(" ")[-1]) + "size=8000\r")
            t.expect(r"v: 8002 tokens \(8000 words")
        elif command.startswith("train src"):
            # Ctrl-C a long step: it is cancelled, the lesson stays; then skip it.
            t.send("\r", pause=0.1)
            t.expect(r"epoch|\u2588|\u2591", timeout=300)
            t.send("\x03")
            t.expect(rf"step {step} cancelled", timeout=120)
            t.expect(STEP_PROMPT)
            t.send("s\r")
            t.expect(rf"skipped step {step}")
            skipped = step
        else:
            t.send("\r", pause=0.1)
            if step == skipped + 1:
                t.expect(rf"step {step} needs 'src', made by skipped step {skipped}", timeout=20)
        if step < len(steps):
            t.expect(rf"step {step + 1} of \d+ \(Enter", timeout=600)
        step += 1
    code = t.wait_exit(timeout=600)
    if code != 0:
        fail(f"the lesson ended with status {code}, expected 0", t.log)
    # The step headers and the lesson's prose are wrapped to the window; progress bars never wrap.
    log = ANSI.sub("", t.log)
    in_prose = False
    for piece in re.split(r"[\r\n]", log.replace("^C", "")):
        if re.fullmatch(r"step \d+ of \d+", piece):
            in_prose = True
        elif piece.startswith("repl> "):
            in_prose = False
        if (in_prose and len(piece) > 80) or (("\u2588" in piece or "\u2591" in piece) and len(piece) > 79):
            fail(f"a line of {len(piece)} columns in an 80-column window: {piece!r}", log)
    print(f"pty step lesson: ok ({lesson}: aside, ? keys, edited step, Ctrl-C'd and skipped step {skipped}"
          " named by the next step, finished with status 0 at 80 columns)")
    return 0


def commands_of(path):
    """The lesson's commands in order (continued lines joined)."""
    commands = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("repl> "):
                commands.append(line[6:].rstrip("\n"))
            elif line.startswith("...> "):
                commands[-1] = commands[-1].rstrip("\\").rstrip() + " " + line[5:].rstrip("\n")
    return commands


if __name__ == "__main__":
    sys.exit(main())
