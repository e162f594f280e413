#!/usr/bin/env python3
"""Prints the ratio table of one scripts/bench-side-by-side.sh run (its JSON lines file) as Markdown.

Our figures come from `Benchmarks lstm` lines (tagged with the instruction set they ran on); the
peers' from ../shared/bench/torch_lstm.py and scripts/torch_peer.py lines, which follow a
{"peers": "pytorch", "isa": ...} marker line ("native", or "avx2" when forced to AVX2). Ratios are
ours / PyTorch on the same path; the CA row against our full-softmax C is printed too.

    python3 scripts/bench-ratios.py bench-results.jsonl
"""
import json
import sys

# The peers' shapes, as torch_lstm.py reports them, mapped to our config names.
LSTM_SHAPES = {
    (20000, 128, 256, 128, 32, "classifier"): "A",
    (10000, 64, 128, 64, 64, "classifier"): "B",
    (10000, 128, 256, 64, 32, "lm"): "C",
}
TARGETS = {
    ("A", "train"): 1.2, ("B", "train"): 1.2, ("T", "train"): 1.2, ("C", "train"): 1.5,
    ("CA", "train"): 1.2, ("BT", "train"): 1.0, ("BT", "infer"): 1.0,
}


def read(path):
    """Returns ({(isa, config, figure, threads): tok/s} for ours, the same for the peers, cpu)."""
    ours, peers, cpu, peer_isa = {}, {}, "?", None
    for line in open(path):
        line = line.strip()
        if line.startswith("Model name:"):
            cpu = line.split(":", 1)[1].strip()
        if not line.startswith("{"):
            continue
        row = json.loads(line)
        if "peers" in row:
            peer_isa = "avx512" if row["isa"] == "native" else row["isa"]
        elif row.get("bench") == "lstm":
            figure = row["figure"].split("_")[0]
            ours[(row["isa"], row["config"], figure, row["threads"])] = row["median"]
        elif row.get("bench") == "torch_lstm":
            c = row["config"]
            name = LSTM_SHAPES.get((c["vocab"], c["embed"], c["hidden"], c["seq"], c["batch"], row["mode"]))
            for figure in ("train", "infer"):
                peers[(peer_isa, name, figure, row["threads"])] = row[figure + "_tok_s"]["median"]
        elif row.get("peer") == "torch":
            for figure in ("train", "infer"):
                peers[(peer_isa, row["config"], figure, row["threads"])] = row[figure + "_tok_s"]["median"]
    return ours, peers, cpu


def main():
    ours, peers, cpu = read(sys.argv[1])
    isas = sorted({key[0] for key in ours}, reverse=True)
    print(f"CPU: {cpu}; ratios are ours / PyTorch on the same instruction set, 1 thread unless said\n")
    header = "| config | figure | threads | " + " | ".join(f"ours {i} | PyTorch {i} | ratio {i}" for i in isas)
    print(header + " | target |")
    print("|" + "---|" * (4 + 3 * len(isas)))
    for config in ("A", "B", "C", "T", "CA", "BT"):
        for figure in ("train", "infer"):
            for threads in (1, 2):
                if not any((i, config, figure, threads) in ours for i in isas):
                    continue
                cells = []
                for isa in isas:
                    mine, theirs = ours.get((isa, config, figure, threads)), peers.get((isa, config, figure, threads))
                    ratio = f"{mine / theirs:.2f}×" if mine and theirs else ""
                    cells += [f"{mine / 1000:.1f}k" if mine else "", f"{theirs / 1000:.1f}k" if theirs else "", ratio]
                target = TARGETS.get((config, figure), 1.1 if figure == "infer" else "")
                target = f"≥ {target}×" if target and threads == 1 else ""
                print(f"| {config} | {figure} | {threads} | " + " | ".join(cells) + f" | {target} |")
    for isa in isas:
        ca, c = ours.get((isa, "CA", "train", 1)), ours.get((isa, "C", "train", 1))
        if ca and c:
            print(f"\n{isa}: CA training / our C training = {ca / c:.2f}× (target ≥ 3×)", end="")
        for config in ("A", "B"):
            one, two = ours.get((isa, config, "train", 1)), ours.get((isa, config, "train", 2))
            if one and two:
                print(f"; {config} 2 threads / 1 = {two / one:.2f}×", end="")
    print()


if __name__ == "__main__":
    main()
