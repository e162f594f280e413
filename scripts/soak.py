#!/usr/bin/env python3
"""Soak test (issue 16 item 7): every lesson sourced ROUNDS times in one `repl` process.

    python3 scripts/soak.py [--rounds 20] [--repl .build/release/repl] [LESSON ...]

Starts one `repl` reading commands from a pipe, and per round: `source`s each lesson (all of
notebooks/*.txt by default), then drops every object the lesson made, so the next round starts
from an empty workspace. After each round it reads the process's resident memory (VmRSS in
/proc/PID/status). It prints one line per round (seconds, resident MiB) and a summary, and exits 1
when a round's output differs from the first round's (after masking the lines the notebooks mask:
timings and speeds) or when resident memory after the last round exceeds the first round's by more
than --growth percent (default 10). Needs REPL_DATA (and REPL_ZOO for the lessons that load the zoo).
"""
import argparse
import glob
import os
import re
import subprocess
import sys
import time

VOLATILE = re.compile(r"\d+(\.\d+)?[kM]? ?(tok/s|pairs/s|ex/s|ms|s|min|MiB|GiB)\b|\d+m\d+s")


class Repl:
    """One `repl` process fed through a pipe; `run` returns what a command printed."""

    def __init__(self, binary):
        self.process = subprocess.Popen(
            [binary], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1)
        self.marks = 0

    def run(self, command):
        """Sends `command`, then a marker (`set soakmark K` and `set`), and reads up to the marker."""
        self.marks += 1
        self.process.stdin.write(f"{command}\nset soakmark {self.marks}\nset\n")
        self.process.stdin.flush()
        lines = []
        end = re.compile(rf"^soakmark +{self.marks}$")
        while True:
            line = self.process.stdout.readline()
            if not line:
                sys.exit(f"soak: repl ended during '{command}':\n" + "".join(lines[-20:]))
            if end.match(line.rstrip("\n")):
                break
            lines.append(line)
        while lines and not re.match(r"name +value$", lines[-1].rstrip("\n")):  # drop the marker's variable table
            lines.pop()
        return "".join(lines[:-1])

    def resident_mib(self):
        with open(f"/proc/{self.process.pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        return 0.0

    def close(self):
        self.process.stdin.close()
        return self.process.wait()


def object_names(listing):
    """The first column of `list`'s table (empty when it says there are no objects)."""
    rows = listing.splitlines()[2:] if listing.startswith("name ") else []
    return [row.split()[0] for row in rows if row.strip()]


def one_round(repl, lessons):
    """Sources each lesson and drops what it made; returns the round's masked output."""
    outputs = []
    for lesson in lessons:
        output = repl.run(f"source {lesson}")
        if "error:" in output:
            sys.exit(f"soak: {lesson} failed:\n{output[-2000:]}")
        outputs.append(VOLATILE.sub("<v>", output))
        while names := object_names(repl.run("list")):  # re-listed: dropping a dataset drops its parts
            repl.run(f"drop {names[0]}")
    return outputs


def slope(values):
    """The least-squares slope of `values` against 1, 2, …"""
    n = len(values)
    if n < 2:
        return 0.0
    mean_x, mean_y = (n + 1) / 2, sum(values) / n
    return sum((x - mean_x) * (y - mean_y) for x, y in enumerate(values, 1)) / sum(
        (x - mean_x) ** 2 for x in range(1, n + 1))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--repl", default=".build/release/repl")
    parser.add_argument("--growth", type=float, default=10.0, help="allowed resident-memory growth, percent")
    parser.add_argument("lessons", nargs="*")
    arguments = parser.parse_args()
    lessons = arguments.lessons or sorted(glob.glob("notebooks/*.txt"))
    repl = Repl(arguments.repl)
    first_output, first_mib, failed, resident = None, None, False, []
    started = time.time()
    for round_number in range(1, arguments.rounds + 1):
        round_started = time.time()
        output = one_round(repl, lessons)
        mib = repl.resident_mib()
        resident.append(mib)
        if first_output is None:
            first_output, first_mib = output, mib
        same = output == first_output
        failed |= not same
        print(f"round {round_number:2}: {time.time() - round_started:6.1f} s, resident {mib:7.1f} MiB,"
              f" output {'identical' if same else 'DIFFERS'}", flush=True)
        if not same:
            for lesson, a, b in zip(lessons, first_output, output):
                if a != b:
                    print(f"  {lesson} differs from round 1", flush=True)
    growth = (mib - first_mib) / first_mib * 100
    print(f"soak: {len(lessons)} lessons x {arguments.rounds} rounds in {time.time() - started:.0f} s;"
          f" resident memory {first_mib:.1f} MiB after round 1, {mib:.1f} MiB after round {arguments.rounds}"
          f" ({growth:+.1f} %); range {min(resident):.1f}-{max(resident):.1f} MiB,"
          f" trend {slope(resident):+.2f} MiB a round (least squares)")
    status = repl.close()
    if growth > arguments.growth:
        print(f"soak: resident memory grew by more than {arguments.growth} %")
        failed = True
    sys.exit(1 if failed or status != 0 else 0)


if __name__ == "__main__":
    main()
