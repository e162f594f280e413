#!/usr/bin/env python3
"""The last arm of every `curve` in a log against each other arm: mean difference and paired t-test.

`curve` prints p-values against one baseline arm only; the evidence scripts need the LM arm against
every other arm too. This reads the job lines `curve` prints
(`job K/N: ARM n=SIZE seed=S  accuracy A`) from a log of `repl --run` and prints, per curve and label
count, each arm's mean ± sd and the last arm minus each other arm with a two-sided paired t-test over
the seeds (SciPy). Accuracies in the log have three decimals, so p can differ from the tool's in the
third digit.

    python3 scripts/curve-pvalues.py evidence.log
"""
import re
import statistics
import sys

from scipy import stats

JOB = re.compile(r"job (\d+)/(\d+): (\S+) n=(\d+) seed=(\d+)\s+accuracy ([0-9.]+)")


def curves(lines):
    """Each finished curve as {(arm, size): {seed: accuracy}}, arms in order of appearance."""
    current = {}
    for line in lines:
        match = JOB.match(line)
        if not match:
            continue
        job, total, arm, size, seed, accuracy = match.groups()
        current.setdefault((arm, int(size)), {})[int(seed)] = float(accuracy)
        if job == total:
            yield current
            current = {}


def report(curve):
    arms = list(dict.fromkeys(arm for arm, _ in curve))
    for size in sorted({size for _, size in curve}):
        scores = {arm: [curve[(arm, size)][s] for s in sorted(curve[(arm, size)])] for arm in arms}
        cells = " ".join(f"{a}={statistics.mean(v):.3f}±{statistics.stdev(v):.3f}" for a, v in scores.items())
        last = arms[-1]
        diffs = []
        for other in arms[:-1]:
            delta = statistics.mean(scores[last]) - statistics.mean(scores[other])
            p = stats.ttest_rel(scores[last], scores[other]).pvalue
            diffs.append(f"{last}-{other} {100 * delta:+.1f} (p={p:.3f})")
        print(f"n={size} {cells} | {' | '.join(diffs)}")


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: curve-pvalues.py LOG")
    try:
        with open(sys.argv[1]) as log:
            found = [curve for curve in curves(log)]
    except OSError as error:
        sys.exit(f"curve-pvalues.py: cannot read {sys.argv[1]}: {error.strerror}")
    if not found:
        sys.exit(f"curve-pvalues.py: {sys.argv[1]} has no finished curve (no 'job K/K: ARM n=N seed=S  accuracy A' line)")
    for curve in found:
        report(curve)


if __name__ == "__main__":
    main()
