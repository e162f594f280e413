#!/usr/bin/env python3
"""Cross-check a repl checkpoint outside Swift: load FILE.safetensors with Hugging Face's
`safetensors` package, rebuild the network in NumPy from the tensors and the spec stored in the
metadata, and print the logits for the given token-id sequences as one JSON line.

Usage: python3 scripts/check_checkpoint.py FILE --ids "2,3,4;5,6"
Exit status 3 when safetensors or numpy is not importable (the caller reports the check as skipped).

Layers follow PyTorch's conventions: embedding.weight [V, D]; lstm weight_ih_l0 [4H, D],
weight_hh_l0 [4H, H], bias_ih_l0, bias_hh_l0 with gates i, f, g, o; gru gates r, z, n; dense
(nn.Linear) weight [out, in], bias [out]; pool last|mean|max|concat over the real steps only.
"""
import argparse
import json
import sys

try:
    import numpy as np
    from safetensors.numpy import load_file
    from safetensors import safe_open
except ImportError as e:  # pragma: no cover
    print(json.dumps({"skipped": f"python packages missing: {e}"}))
    sys.exit(3)


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def cell_run(kind, w_ih, w_hh, b_ih, b_hh, x):
    """One direction of one PyTorch LSTM/GRU layer over x [T, D]; returns [T, H]."""
    hidden = w_hh.shape[1]
    h = np.zeros(hidden, dtype=np.float64)
    c = np.zeros(hidden, dtype=np.float64)
    out = []
    for step in x:
        if kind == "lstm":
            g = w_ih @ step + b_ih + w_hh @ h + b_hh
            i, f, gg, o = np.split(g, 4)
            c = sigmoid(f) * c + sigmoid(i) * np.tanh(gg)
            h = sigmoid(o) * np.tanh(c)
        else:
            gi, gh = w_ih @ step + b_ih, w_hh @ h + b_hh
            r = sigmoid(gi[:hidden] + gh[:hidden])
            z = sigmoid(gi[hidden:2 * hidden] + gh[hidden:2 * hidden])
            n = np.tanh(gi[2 * hidden:] + r * gh[2 * hidden:])
            h = (1 - z) * n + z * h
        out.append(h)
    return np.stack(out)


def recurrent(kind, name, t, x):
    """Every layer (l0, l1, ...) of a PyTorch LSTM/GRU, bidirectional when `_reverse` keys exist."""
    layer = 0
    while f"{name}.weight_ih_l{layer}" in t:
        outputs = []
        for suffix, reverse in (("", False), ("_reverse", True)):
            key = f"l{layer}{suffix}"
            if f"{name}.weight_ih_{key}" not in t:
                continue
            weights = [t[f"{name}.{p}_{key}"].astype(np.float64) for p in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")]
            y = cell_run(kind, *weights, x[::-1] if reverse else x)
            outputs.append(y[::-1] if reverse else y)
        x = np.concatenate(outputs, axis=1)
        layer += 1
    return x


def activation(name, x):
    if name == "relu":
        return np.maximum(x, 0)
    if name == "tanh":
        return np.tanh(x)
    if name == "sigmoid":
        return sigmoid(x)
    return x


def run(layers, t, ids):
    """The network's output for one sequence of ids (no padding: only the real steps)."""
    seen = {}
    x = np.array(ids)
    for layer in layers:
        kind, opts = layer["type"], dict(layer["options"])
        seen[kind] = seen.get(kind, 0) + 1
        name = kind if seen[kind] == 1 else f"{kind}{seen[kind]}"
        if kind == "embedding":
            x = t[f"{name}.weight"].astype(np.float64)[x]
        elif kind in ("lstm", "gru"):
            x = recurrent(kind, name, t, x)
        elif kind == "pool":
            mode = opts.get("mode", "last")
            parts = {"last": x[-1], "mean": x.mean(axis=0), "max": x.max(axis=0)}
            x = np.concatenate([parts["last"], parts["max"], parts["mean"]]) if mode == "concat" else parts[mode]
        elif kind == "dense":
            x = activation(opts.get("activation", "none"), x @ t[f"{name}.weight"].astype(np.float64).T + t[f"{name}.bias"])
        elif kind in ("relu", "tanh"):
            x = activation(kind, x)
        elif kind == "dropout":
            pass
        else:
            raise SystemExit(f"check_checkpoint.py: layer type '{kind}' is not supported by this checker")
    return x


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("file")
    ap.add_argument("--ids", required=True, help="sequences of token ids: '2,3,4;5,6'")
    args = ap.parse_args()
    tensors = load_file(args.file)
    with safe_open(args.file, framework="numpy") as f:
        meta = f.metadata()
    layers = json.loads(meta["layers"])
    sequences = [[int(i) for i in s.split(",")] for s in args.ids.split(";")]
    logits = [run(layers, tensors, s).tolist() for s in sequences]
    print(json.dumps({"format_version": meta.get("format_version"), "spec": meta.get("spec"),
                      "tensors": sorted(tensors), "logits": logits}))


if __name__ == "__main__":
    main()
