#!/usr/bin/env python3
"""PyTorch CPU peers for the Benchmarks configurations that ../shared/bench/torch_lstm.py lacks.

  --model transformer   config T: nn.Embedding(V, D) + learned positions -> `blocks` x
                        nn.TransformerEncoderLayer(D, heads, ff, dropout 0.1, batch_first, norm_first=True,
                        ReLU) with a padding mask -> mean over positions -> nn.Linear(D, 2); cross-entropy.
                        Ours: embedding dim=128 | transformer heads=4 ff=512 (x2) | pool mean | dense out=2.
  --model adaptive      config CA: nn.Embedding -> nn.LSTM -> nn.AdaptiveLogSoftmaxWithLoss(H, V,
                        cutoffs, div_value=4); token ids Zipf-distributed (P(id) ~ 1/id) as in
                        frequency-sorted text, the same law as the Swift benchmark's CA batches.
  --model bert-tiny     config BT: transformers' BertModel in BERT-tiny's shape (vocabulary 30522, hidden 128,
                        2 post-norm layers, 2 heads, intermediate 512, GELU, 512 positions, dropout 0.1)
                        -> the [CLS] (first) position -> nn.Linear(128, 2); cross-entropy; length 128,
                        batch 32, every sequence full length. Ours: bert_embeddings dim=128 | bert heads=2
                        ff=512 (x2) | pool cls | dense out=2.

Timing as torch_lstm.py: --warmup untimed steps, --repeats timed blocks of --steps Adam steps (lr 1e-3);
inference: forward passes under no_grad (the adaptive model computes log_prob over the whole vocabulary,
as ours does). Prints one JSON line.

  python3 scripts/torch_peer.py --model transformer --threads 1
  python3 scripts/torch_peer.py --model adaptive --threads 1
  python3 scripts/torch_peer.py --model bert-tiny --threads 1
"""
import argparse
import json
import os
import platform
import statistics
import time

ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
ap.add_argument("--model", choices=["transformer", "adaptive", "bert-tiny"], required=True)
ap.add_argument("--vocab", type=int, default=None, help="default 20000 (transformer), 10000 (adaptive)")
ap.add_argument("--embed", type=int, default=128)
ap.add_argument("--hidden", type=int, default=None, help="feed-forward width (512) or LSTM hidden (256)")
ap.add_argument("--heads", type=int, default=4)
ap.add_argument("--blocks", type=int, default=2)
ap.add_argument("--cutoffs", default="2000,6000")
ap.add_argument("--seq", type=int, default=None, help="default 128 (transformer), 64 (adaptive)")
ap.add_argument("--batch", type=int, default=32)
ap.add_argument("--threads", type=int, default=1)
ap.add_argument("--steps", type=int, default=10)
ap.add_argument("--warmup", type=int, default=3)
ap.add_argument("--repeats", type=int, default=5)
ap.add_argument("--nbatches", type=int, default=8)
ap.add_argument("--seed", type=int, default=1234)
args = ap.parse_args()
bert = args.model == "bert-tiny"
if bert and args.heads == 4:
    args.heads = 2  # BERT-tiny's
transformer = args.model == "transformer" or bert
V = args.vocab or (30522 if bert else 20000 if transformer else 10000)
H = args.hidden or (512 if transformer else 256)
T = args.seq or (128 if transformer else 64)
B, D = args.batch, args.embed
for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ.setdefault(var, str(args.threads))

import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

torch.set_num_threads(args.threads)
torch.manual_seed(args.seed)


class TransformerClassifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(V, D)
        self.pos = nn.Parameter(0.02 * torch.randn(T, D))
        layer = nn.TransformerEncoderLayer(D, args.heads, H, dropout=0.1, batch_first=True, norm_first=True)
        self.encoder = nn.TransformerEncoder(layer, args.blocks, enable_nested_tensor=False)
        self.fc = nn.Linear(D, 2)

    def forward(self, ids):
        pad = ids == 0
        y = self.encoder(self.emb(ids) + self.pos[: ids.shape[1]], src_key_padding_mask=pad)
        keep = (~pad).unsqueeze(-1).float()
        return self.fc((y * keep).sum(1) / keep.sum(1))


class BertClassifier(nn.Module):
    def __init__(self):
        super().__init__()
        from transformers import BertConfig, BertModel

        config = BertConfig(vocab_size=V, hidden_size=D, num_hidden_layers=args.blocks, num_attention_heads=args.heads,
                            intermediate_size=H, max_position_embeddings=512, hidden_act="gelu")
        self.bert = BertModel(config, add_pooling_layer=False)
        self.fc = nn.Linear(D, 2)

    def forward(self, ids):
        y = self.bert(input_ids=ids, attention_mask=(ids != 0).long()).last_hidden_state
        return self.fc(y[:, 0])


class AdaptiveLM(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(V, D)
        self.lstm = nn.LSTM(D, H, batch_first=True)
        cutoffs = [int(c) for c in args.cutoffs.split(",")]
        self.out = nn.AdaptiveLogSoftmaxWithLoss(H, V, cutoffs, div_value=4.0)

    def forward(self, ids, targets=None):
        y, _ = self.lstm(self.emb(ids))
        y = y.reshape(-1, H)
        return self.out(y, targets.reshape(-1)).loss if targets is not None else self.out.log_prob(y)


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            return next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        return platform.processor() or platform.machine()


def batches():
    g = torch.Generator().manual_seed(args.seed)
    if transformer:
        xs = [torch.randint(1, V, (B, T), generator=g) for _ in range(args.nbatches)]
        ys = [torch.randint(0, 2, (B,), generator=g) for _ in range(args.nbatches)]
        return xs, ys
    weights = 1.0 / torch.arange(1, V, dtype=torch.float64)
    data = [torch.multinomial(weights, B * (T + 1), replacement=True, generator=g).reshape(B, T + 1) + 1
            for _ in range(args.nbatches)]
    return [d[:, :-1].contiguous() for d in data], [d[:, 1:].contiguous() for d in data]


def timed(fn, n):
    rates = []
    for _ in range(args.repeats):
        t0 = time.perf_counter()
        for i in range(n):
            fn(i)
        rates.append(B * T * n / (time.perf_counter() - t0))
    return {"median": round(statistics.median(rates), 1), "min": round(min(rates), 1),
            "max": round(max(rates), 1), "all": [round(r, 1) for r in rates]}


model = BertClassifier() if bert else TransformerClassifier() if transformer else AdaptiveLM()
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
xs, ys = batches()
losses = []


def train_step(i):
    x, y = xs[i % len(xs)], ys[i % len(ys)]
    opt.zero_grad(set_to_none=True)
    loss = F.cross_entropy(model(x), y) if transformer else model(x, y)
    loss.backward()
    opt.step()
    losses.append(float(loss.detach()))


def infer_step(i):
    return model(xs[i % len(xs)])


model.train()
for i in range(args.warmup):
    train_step(i)
train = timed(train_step, args.steps)
model.eval()
with torch.no_grad():
    for i in range(args.warmup):
        infer_step(i)
infer = timed(infer_step, 2 * args.steps)
print(json.dumps({
    "peer": "torch", "model": args.model, "config": "BT" if bert else "T" if transformer else "CA",
    "torch": torch.__version__,
    "threads": args.threads, "cpu": cpu_model(),
    "shape": {"vocab": V, "embed": D, "hidden": H, "seq": T, "batch": B,
              **({"blocks": args.blocks, "heads": args.heads} if transformer else {"cutoffs": args.cutoffs})},
    "train_tok_s": train, "infer_tok_s": infer, "loss_first_last": [round(losses[0], 4), round(losses[-1], 4)],
}))
