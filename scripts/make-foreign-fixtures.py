#!/usr/bin/env python3
"""Writes the foreign state-dict fixtures of Tests/TransferTests/Fixtures/torch_*.safetensors.

Each file is what a PyTorch user gets from `safetensors.torch.save_file(module.state_dict(), path)`
for small `nn.Embedding` / `nn.LSTM` / `nn.GRU` / `nn.Linear` modules; the tests import them with
`transfer FILE -> MODEL` (Tests/TransferTests/ForeignStateDictTests.swift). Beside each file a JSON
file records what PyTorch says about it, so the Swift test checks against PyTorch, not against our
own reader: the sum and first value of every tensor, and for the LSTM classifier token ids with the
logits PyTorch computes (right-padded batch, packed sequences, the last real step, as `pool last`).

Usage (CI needs no PyTorch: the fixtures are committed, a few kilobytes each):
    python3 scripts/make-foreign-fixtures.py
"""

import json
import os

import torch
from safetensors.torch import save_file
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Tests", "TransferTests", "Fixtures")
VOCAB = 20


class LSTMClassifier(nn.Module):
    """embedding dim=8 | lstm hidden=6 | pool last | dense out=2, written the PyTorch way."""

    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(VOCAB, 8, padding_idx=0)
        self.lstm = nn.LSTM(8, 6, batch_first=True)
        self.dense = nn.Linear(6, 2)

    def forward(self, ids, lengths):
        packed = pack_padded_sequence(self.embedding(ids), lengths, batch_first=True, enforce_sorted=False)
        out, _ = self.lstm(packed)
        out, _ = pad_packed_sequence(out, batch_first=True, total_length=ids.shape[1])
        last = out[torch.arange(ids.shape[0]), lengths - 1]
        return self.dense(last)


class GRUEncoder(nn.Module):
    """An encoder (embedding, 2-layer bidirectional GRU) whose classifier head is called `head`."""

    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(VOCAB, 8, padding_idx=0)
        self.gru = nn.GRU(8, 5, num_layers=2, bidirectional=True, batch_first=True)


class GRUModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = GRUEncoder()
        self.head = nn.Linear(10, 3)


class DenseOnly(nn.Module):
    def __init__(self):
        super().__init__()
        self.dense = nn.Linear(6, 2)


def checks(state):
    """What PyTorch says about every tensor: shape, sum and first value."""
    return {k: {"shape": list(v.shape), "sum": float(v.double().sum()), "first": float(v.reshape(-1)[0])}
            for k, v in state.items()}


def write(name, state, extra=None):
    state = {k: v.detach().contiguous() for k, v in state.items()}
    path = os.path.join(OUT, name + ".safetensors")
    save_file(state, path)
    info = {"tensors": checks(state)}
    info.update(extra or {})
    with open(os.path.join(OUT, name + ".json"), "w") as f:
        json.dump(info, f, indent=1, sort_keys=True)
    print("%-32s %6d bytes" % (name + ".safetensors", os.path.getsize(path)))


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(17)
    lstm = LSTMClassifier().eval()
    sequences = [[2, 3, 4, 5, 6], [7, 8], [9, 1, 19, 4]]
    lengths = torch.tensor([len(s) for s in sequences])
    ids = torch.zeros(len(sequences), max(lengths), dtype=torch.long)
    for b, s in enumerate(sequences):
        ids[b, : len(s)] = torch.tensor(s)
    with torch.no_grad():
        logits = lstm(ids, lengths)
    # As DistributedDataParallel saves it: every name starts with `module.`.
    write("torch_lstm_ddp", {"module." + k: v for k, v in lstm.state_dict().items()},
          {"ids": sequences, "logits": logits.tolist()})
    write("torch_gru_encoder", GRUModel().state_dict())
    write("torch_dense_f64", DenseOnly().double().state_dict())
    # nn.BatchNorm1d keeps an int64 counter, `num_batches_tracked`: a dtype we do not read.
    write("torch_batchnorm_i64", nn.BatchNorm1d(4).state_dict())


if __name__ == "__main__":
    main()
