#!/usr/bin/env python3
"""Plain-Python baseline for the data benchmark: load the aclImdb subset (train/test pos+neg and
train/unsup), replace <br /> with a blank, tokenize with a regex, count with collections.Counter and
keep the 20,000 most frequent tokens. Prints one JSON line like `Benchmarks data` (best of 3 by
wall time; cpu_seconds is that run's process CPU time).

Usage: python3 scripts/bench-data-baseline.py ../shared/data/aclImdb-subset
"""
import collections
import json
import os
import re
import sys
import time

TOKEN = re.compile(r"[a-z0-9]+(?:['\-][a-z0-9]+)*|[^\sa-z0-9]")


def load(root):
    texts = []
    for split, classes in (("train", ("neg", "pos", "unsup")), ("test", ("neg", "pos"))):
        for label in classes:
            folder = os.path.join(root, split, label)
            if not os.path.isdir(folder):
                continue
            for name in sorted(os.listdir(folder)):
                with open(os.path.join(folder, name), encoding="utf-8") as f:
                    texts.append(f.read().replace("<br />", " ").strip())
    return texts


def vocabulary(texts, size=20000):
    counts = collections.Counter()
    for text in texts:
        counts.update(TOKEN.findall(text.lower()))
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return [w for w, _ in ranked[:size]], sum(counts.values())


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "../shared/data/aclImdb-subset"
    best = None
    for _ in range(3):
        c0 = time.process_time()
        t0 = time.perf_counter()
        texts = load(root)
        t1 = time.perf_counter()
        words, tokens = vocabulary(texts)
        t2 = time.perf_counter()
        cpu = time.process_time() - c0
        if best is None or (t2 - t0) < best[0] + best[1]:
            best = (t1 - t0, t2 - t1, len(texts), tokens, len(words), cpu)
    load_s, vocab_s, examples, tokens, size, cpu = best
    print(json.dumps({
        "suite": "data-python-baseline", "name": "aclimdb_subset_load_vocab", "examples": examples,
        "tokens": tokens, "vocab": size, "load_seconds": round(load_s, 3), "vocab_seconds": round(vocab_s, 3),
        "total_seconds": round(load_s + vocab_s, 3), "cpu_seconds": round(cpu, 3)}))


if __name__ == "__main__":
    main()
