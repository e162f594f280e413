#!/usr/bin/env python3
"""Writes PyTorch parity fixtures for the built-in layers to Tests/LayerTests/Fixtures/*.json.

Each fixture holds the layer type and options as a model spec would write them, the input (token ids
or values) with the real lengths of a right-padded batch, every parameter under its PyTorch name,
the output, a fixed upstream gradient (zero at padded positions), the input gradient and every
parameter gradient. The Swift fixture runner (Tests/LayerTests/ParityTests.swift) builds the layer
through the registry, sets the parameters by key and compares everything at 1e-4.

Usage (CI needs no PyTorch: the fixtures are committed):
    python3 -m venv /work/wt/.venv-torch && /work/wt/.venv-torch/bin/pip install torch numpy
    /work/wt/.venv-torch/bin/python scripts/make-parity-fixtures.py [NAME ...]
With names (only the adaptive-softmax fixtures, `adaptive` and `adaptive_head_bias`, so far) only
those fixtures are written; the others stay as committed.
"""

import json
import os
import sys

import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Tests", "LayerTests", "Fixtures")
LENGTHS = [5, 2, 4]
TIME = 5


def tensor_json(t):
    t = t.detach().to(torch.float32).contiguous()
    return {"shape": list(t.shape), "values": [float("%.9g" % v) for v in t.reshape(-1).tolist()]}


def padding_mask(features):
    """[B, T, 1] with 1 at real positions, 0 at padding."""
    m = torch.zeros(len(LENGTHS), TIME, 1)
    for b, n in enumerate(LENGTHS):
        m[b, :n] = 1
    return m.expand(len(LENGTHS), TIME, features)


def random_sequence(features, gen):
    """Values in [-1, 1) with garbage at padded positions (layers must ignore it)."""
    return (torch.rand(len(LENGTHS), TIME, features, generator=gen) * 2 - 1).requires_grad_(True)


def distinct_sequence(features, gen):
    """Evenly spaced distinct values, shuffled, so max pooling has no ties."""
    n = len(LENGTHS) * TIME * features
    grid = (torch.arange(n, dtype=torch.float32) + 0.5) * 2 / n - 1
    return grid[torch.randperm(n, generator=gen)].reshape(len(LENGTHS), TIME, features).requires_grad_(True)


def write(name, layer_type, options, input_kind, x, output, params, input_shape, vocabulary=None, seed=0):
    """Runs backward with a fixed upstream gradient and writes the fixture."""
    gen = torch.Generator().manual_seed(1000 + seed)
    grad_out = torch.rand(output.shape, generator=gen) * 2 - 1
    if output.dim() == 3:
        grad_out = grad_out * padding_mask(output.shape[2])
    for p in params.values():
        p.grad = None
    output.backward(grad_out)
    fixture = {
        "name": name,
        "type": layer_type,
        "options": options,
        "training": False,
        "input_shape": input_shape,
        "lengths": LENGTHS,
        "parameters": {k: tensor_json(p) for k, p in params.items()},
        "output": tensor_json(output),
        "grad_output": tensor_json(grad_out),
        "grad_parameters": {k: tensor_json(p.grad if p.grad is not None else torch.zeros_like(p)) for k, p in params.items()},
    }
    if input_kind == "tokens":
        fixture["tokens"] = {"shape": list(x.shape), "values": x.reshape(-1).tolist()}
        fixture["vocabulary"] = vocabulary
    else:
        fixture["input"] = tensor_json(x)
        fixture["grad_input"] = tensor_json(x.grad)
    path = os.path.join(OUT, name + ".json")
    with open(path, "w") as f:
        json.dump(fixture, f, separators=(",", ":"))
    print("%-32s %6d bytes" % (name, os.path.getsize(path)))


def embedding(gen):
    vocab, dim = 11, 4
    layer = nn.Embedding(vocab, dim, padding_idx=0)
    ids = torch.zeros(len(LENGTHS), TIME, dtype=torch.long)
    for b, n in enumerate(LENGTHS):
        ids[b, :n] = torch.randint(1, vocab, (n,), generator=gen)
    ids[0, 3] = ids[2, 1] = 7  # a repeated id accumulates its gradient
    out = layer(ids)
    write("embedding", "embedding", {"dim": str(dim)}, "tokens", ids, out, {"weight": layer.weight},
          {"tokens": vocab}, vocabulary=vocab, seed=1)


ACTIVATIONS = {"none": lambda y: y, "relu": torch.relu, "tanh": torch.tanh, "sigmoid": torch.sigmoid}


def dense(gen, activation, sequence, seed):
    features, out_features = 6, 3
    layer = nn.Linear(features, out_features)
    if sequence:
        x = random_sequence(features, gen)
        y = ACTIVATIONS[activation](layer(x)) * padding_mask(out_features)
        shape = {"sequence": features}
    else:
        x = (torch.rand(4, features, generator=gen) * 2 - 1).requires_grad_(True)
        y = ACTIVATIONS[activation](layer(x))
        shape = {"vector": features}
    name = "dense_%s_%s" % ("sequence" if sequence else "vector", activation)
    write(name, "dense", {"out": str(out_features), "activation": activation}, "values", x, y,
          {"weight": layer.weight, "bias": layer.bias}, shape, seed=seed)


def pointwise(gen, name, seed):
    x = random_sequence(4, gen)
    fn = {"relu": torch.relu, "tanh": torch.tanh, "dropout": nn.Dropout(0.3).eval()}[name]
    y = fn(x) * padding_mask(4)
    options = {"p": "0.3"} if name == "dropout" else {}
    write(name, name, options, "values", x, y, {}, {"sequence": 4}, seed=seed)


def pool(gen, mode, seed):
    features = 3
    x = distinct_sequence(features, gen)
    last = torch.stack([x[b, n - 1] for b, n in enumerate(LENGTHS)])
    mx = torch.stack([x[b, :n].max(dim=0).values for b, n in enumerate(LENGTHS)])
    mean = torch.stack([x[b, :n].mean(dim=0) for b, n in enumerate(LENGTHS)])
    y = {"last": last, "max": mx, "mean": mean, "concat": torch.cat([last, mx, mean], dim=1)}[mode]
    write("pool_" + mode, "pool", {"mode": mode}, "values", x, y, {}, {"sequence": features}, seed=seed)


def transformer(gen):
    d, heads, ff, maxlen = 8, 2, 12, 8
    block = nn.TransformerEncoderLayer(d, heads, dim_feedforward=ff, dropout=0.0, batch_first=True, norm_first=True)
    block.train()  # the slow path, which runs with autograd; dropout is 0
    with torch.no_grad():  # non-trivial norms so their gradients are checked too
        for norm in (block.norm1, block.norm2):
            norm.weight.copy_(1 + 0.2 * (torch.rand(d, generator=gen) - 0.5))
            norm.bias.copy_(0.2 * (torch.rand(d, generator=gen) - 0.5))
        block.self_attn.in_proj_bias.copy_(0.2 * (torch.rand(3 * d, generator=gen) - 0.5))
        block.self_attn.out_proj.bias.copy_(0.2 * (torch.rand(d, generator=gen) - 0.5))
    pos = nn.Parameter(0.1 * torch.randn(maxlen, d, generator=gen))
    x = random_sequence(d, gen)
    pad = padding_mask(1)[:, :, 0] == 0
    y = block(x + pos[:TIME], src_key_padding_mask=pad) * padding_mask(d)
    params = dict(block.named_parameters())
    params["pos_embedding"] = pos
    write("transformer", "transformer", {"heads": str(heads), "ff": str(ff), "dropout": "0", "maxlen": str(maxlen)},
          "values", x, y, params, {"sequence": d}, seed=20)


def recurrent(gen, kind, layers, bidirectional, seed):
    features, hidden = 3, 4
    cls = nn.LSTM if kind == "lstm" else nn.GRU
    rnn = cls(features, hidden, num_layers=layers, bidirectional=bidirectional, batch_first=True)
    x = random_sequence(features, gen)
    packed = pack_padded_sequence(x, torch.tensor(LENGTHS), batch_first=True, enforce_sorted=False)
    out, _ = rnn(packed)
    y, _ = pad_packed_sequence(out, batch_first=True, total_length=TIME)
    name = "%s_l%d%s" % (kind, layers, "_bidirectional" if bidirectional else "")
    options = {"hidden": str(hidden), "layers": str(layers), "bidirectional": "yes" if bidirectional else "no"}
    write(name, kind, options, "values", x, y, dict(rnn.named_parameters()), {"sequence": features}, seed=seed)


def adaptive(name, head_bias, seed):
    """nn.AdaptiveLogSoftmaxWithLoss (in 8, vocabulary 20, cutoffs 5,12, div_value 2): the generic part
    checks log_prob on the padded batch and its backward; "target_loss" holds forward()'s per-row
    output and mean loss for the real positions' targets (the shortlist and both clusters occur),
    the gradients of that loss, and how many targets predict() gets right."""
    features, vocab, cutoffs, div_value = 8, 20, [5, 12], 2.0
    gen = torch.Generator().manual_seed(seed)
    torch.manual_seed(seed)
    asm = nn.AdaptiveLogSoftmaxWithLoss(features, vocab, cutoffs, div_value=div_value, head_bias=head_bias)
    params = dict(asm.named_parameters())
    x = random_sequence(features, gen)
    y = asm.log_prob(x.reshape(-1, features)).reshape(len(LENGTHS), TIME, vocab) * padding_mask(vocab)
    options = {"cutoffs": ",".join(map(str, cutoffs)), "div_value": "2", "out": str(vocab),
               "head_bias": "yes" if head_bias else "no"}
    write(name, "adaptive", options, "values", x, y, params, {"sequence": features}, seed=seed)
    # forward() on the real positions, with targets spread over the head and both clusters.
    path = os.path.join(OUT, name + ".json")
    with open(path) as f:
        fixture = json.load(f)
    targets = torch.zeros(len(LENGTHS), TIME, dtype=torch.long)
    real = [(b, t) for b, n in enumerate(LENGTHS) for t in range(n)]
    for i, (b, t) in enumerate(real):
        targets[b, t] = [0, 3, 7, 11, 19, 12, 5, 1, 15, 2, 9][i % 11]
    rows = torch.tensor([b * TIME + t for b, t in real])
    x2 = x.detach().clone().requires_grad_(True)
    for p in params.values():
        p.grad = None
    out = asm(x2.reshape(-1, features)[rows], targets.reshape(-1)[rows])
    out.loss.backward()
    predicted = asm.predict(x2.detach().reshape(-1, features)[rows])
    fixture["target_loss"] = {
        "targets": targets.reshape(-1).tolist(),
        "output": tensor_json(out.output),
        "loss": float(out.loss.detach()),
        "correct": int((predicted == targets.reshape(-1)[rows]).sum()),
        "grad_parameters": {k: tensor_json(p.grad) for k, p in params.items()},
        "grad_input": tensor_json(x2.grad),
    }
    with open(path, "w") as f:
        json.dump(fixture, f, separators=(",", ":"))
    print("%-32s %6d bytes (with target_loss)" % (name, os.path.getsize(path)))


def main():
    only = set(sys.argv[1:])  # fixture names to write (default: all)
    if only:
        for name, head_bias, seed in ADAPTIVE:
            if name in only:
                adaptive(name, head_bias, seed)
        return
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(0)
    gen = torch.Generator().manual_seed(0)
    embedding(gen)
    seed = 2
    for sequence, activation in [(False, "none"), (False, "relu"), (False, "tanh"), (False, "sigmoid"), (True, "none")]:
        dense(gen, activation, sequence, seed)
        seed += 1
    for name in ("relu", "tanh", "dropout"):
        pointwise(gen, name, seed)
        seed += 1
    for mode in ("last", "mean", "max", "concat"):
        pool(gen, mode, seed)
        seed += 1
    transformer(gen)
    for kind in ("lstm", "gru"):
        for layers, bidirectional in ((1, False), (1, True), (2, False), (2, True)):
            recurrent(gen, kind, layers, bidirectional, seed)
            seed += 1
    for name, head_bias, seed in ADAPTIVE:
        adaptive(name, head_bias, seed)


# The adaptive-softmax fixtures: name, head_bias, seed (each seeds its own generators).
ADAPTIVE = [("adaptive", False, 40), ("adaptive_head_bias", True, 41)]


if __name__ == "__main__":
    main()
