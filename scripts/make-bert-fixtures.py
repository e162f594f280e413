#!/usr/bin/env python3
"""Writes small random-weight BERT checkpoints and their reference outputs for the Swift BERT tests.

For each model below, Tests/TransferTests/Fixtures/bert/NAME/ receives what a Hugging Face BERT folder
holds (`config.json`, `model.safetensors`, `vocab.txt`, `tokenizer_config.json`) plus `reference.json`:
for every sentence of SENTENCES, the token ids `BertTokenizer` gives (with [CLS] and [SEP]), and the last
hidden states and pooler output `BertModel` computes on the whole list as one right-padded batch with
an attention mask (hidden states only at real positions). The Swift tests (BertParityTests) load
each folder, tokenise with the WordPiece tokenizer and compare ids exactly and numbers at 1e-4.

The two models differ in what a loader could get wrong: `gelu` is uncased (lower-casing and accent
stripping) with exact GELU and eps 1e-12; `cased` keeps case and accents, uses `gelu_new` (tanh
approximation) and eps 1e-6, and its model.safetensors is laid out as task checkpoints and older
files are (names under `bert.`, the int64 `position_ids` buffer, a `cls.predictions.bias` head tensor).
Every weight, bias and LayerNorm parameter is random so a tensor loaded
under the wrong name shows.

It also writes layer-level parity fixtures for the `bert` block and `bert_embeddings` into
Tests/LayerTests/Fixtures (bert_block_*.json, bert_embeddings.json) in the format of
scripts/make-parity-fixtures.py (whose writer it reuses): `transformers`' `BertLayer` and
`BertEmbeddings` on a padded batch, with every parameter, the output and all gradients from autograd.

Usage (CI needs neither PyTorch nor transformers: the fixtures are committed):
    pip install torch transformers safetensors
    python3 scripts/make-bert-fixtures.py
"""

import importlib.util
import json
import os

import torch
from transformers import BertConfig, BertModel, BertTokenizer
from transformers.models.bert.modeling_bert import BertEmbeddings, BertLayer

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Tests", "TransferTests", "Fixtures", "bert")

SPECIALS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
WORDS = (
    "the a an and or but of to in on at for with is was are were be been it this that these those "
    "i you he she we they my your his her our their me him us them not no yes very so too just "
    "movie film story plot actor actors acting scene scenes music sound great good bad awful terrible "
    "boring fun funny love loved hate hated like liked best worst ever never again time times "
    "hello world cafe café naive naïve resume résumé über uber cliche cliché zurich zürich "
    "un want run walk play played playing go going went see saw seen make made "
    "Hello World Paris London The It I John Mary BERT "
    "1 2 3 10 100 2024 "
    ". , ! ? ' \" - ( ) : ; / $ % & * @ # "
    "中 文 字 日 本 "
    "##s ##ed ##ing ##ly ##er ##est ##able ##aff ##ful ##ness ##n ##t ##a ##e ##i ##o ##u "
    "##b ##c ##d ##g ##h ##k ##l ##m ##p ##r ##v ##w ##x ##y ##z ##1 ##0 ##é ##ü "
    "b c d e f g h j k l m n o p q r s t u v w x y z"
).split()

SENTENCES = [
    "Hello, world! This movie was GREAT.",
    "The café served a naïve résumé über Zürich.",
    "I unwanted the unaffable runner's playing, didn't I?",
    "中文字 and 日本 mixed with English text.",
    "Tabs\tand\nnewlines   and\u00a0non-breaking\u3000spaces.",
    "Control\u0000chars\u200band\ufffdreplacement are dropped.",
    "Numbers: 10, 100, 2024 and $3.50 (about 5%).",
    "xylophone quizzically zzzzzz jjjjj unknownword",
    "Cliché!!! Paris—London… «quoted» ‘words’",
    "a" * 101 + " short",
    "John and Mary loved the BERT film",
]

MODELS = {
    "gelu": dict(lower=True, act="gelu", eps=1e-12, seed=11, task_layout=False),
    "cased": dict(lower=False, act="gelu_new", eps=1e-6, seed=12, task_layout=True),
}


def write_folder(name, spec):
    folder = os.path.join(OUT, name)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "vocab.txt"), "w", encoding="utf-8") as f:
        for token in SPECIALS + WORDS:
            f.write(token + "\n")
    with open(os.path.join(folder, "tokenizer_config.json"), "w") as f:
        json.dump({"do_lower_case": spec["lower"], "tokenizer_class": "BertTokenizer"}, f)
    config = BertConfig(
        vocab_size=len(SPECIALS) + len(WORDS), hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
        intermediate_size=64, hidden_act=spec["act"], max_position_embeddings=64, type_vocab_size=2,
        layer_norm_eps=spec["eps"], hidden_dropout_prob=0.1, attention_probs_dropout_prob=0.1)
    torch.manual_seed(spec["seed"])
    model = BertModel(config).eval()
    with torch.no_grad():
        for key, p in model.named_parameters():
            p.normal_(0, 0.2)
            if "LayerNorm.weight" in key:
                p.add_(1)
    model.save_pretrained(folder, safe_serialization=True)
    for extra in os.listdir(folder):
        if extra not in ("config.json", "model.safetensors", "vocab.txt", "tokenizer_config.json"):
            os.remove(os.path.join(folder, extra))
    if spec["task_layout"]:
        rewrite_as_task_checkpoint(folder, model)
    return folder, model


def rewrite_as_task_checkpoint(folder, model):
    """The weights as a task checkpoint and older files hold them: every name under `bert.`, the
    int64 `position_ids` buffer, and a head tensor (`cls.predictions.bias`) the encoder ignores."""
    from safetensors.torch import save_file
    state = {"bert." + k: v.contiguous() for k, v in model.state_dict().items()}
    state["bert.embeddings.position_ids"] = torch.arange(model.config.max_position_embeddings).unsqueeze(0)
    state["cls.predictions.bias"] = torch.zeros(model.config.vocab_size)
    save_file(state, os.path.join(folder, "model.safetensors"), metadata={"format": "pt"})


def reference(folder, model, lower):
    tokenizer = BertTokenizer(os.path.join(folder, "vocab.txt"), do_lower_case=lower)
    ids = [tokenizer(s)["input_ids"] for s in SENTENCES]
    time = max(len(i) for i in ids)
    batch = torch.zeros(len(ids), time, dtype=torch.long)
    mask = torch.zeros(len(ids), time, dtype=torch.long)
    for b, row in enumerate(ids):
        batch[b, : len(row)] = torch.tensor(row)
        mask[b, : len(row)] = 1
    with torch.no_grad():
        out = model(input_ids=batch, attention_mask=mask)
    rows = []
    for b, (sentence, row) in enumerate(zip(SENTENCES, ids)):
        hidden = out.last_hidden_state[b, : len(row)]
        rows.append({
            "text": sentence,
            "tokens": tokenizer.convert_ids_to_tokens(row),
            "ids": row,
            "hidden": [float("%.7g" % v) for v in hidden.reshape(-1).tolist()],
            "pooled": [float("%.7g" % v) for v in out.pooler_output[b].tolist()],
        })
    with open(os.path.join(folder, "reference.json"), "w", encoding="utf-8") as f:
        json.dump({"hidden_size": model.config.hidden_size, "sentences": rows}, f, ensure_ascii=False)


def parity_writer():
    """scripts/make-parity-fixtures.py as a module (its `write`, `padding_mask`, `LENGTHS`, `TIME`)."""
    path = os.path.join(ROOT, "scripts", "make-parity-fixtures.py")
    spec = importlib.util.spec_from_file_location("parity", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def small_config(act, eps):
    config = BertConfig(
        vocab_size=11, hidden_size=8, num_hidden_layers=1, num_attention_heads=2, intermediate_size=12,
        hidden_act=act, max_position_embeddings=7, type_vocab_size=2, layer_norm_eps=eps)
    config._attn_implementation = "eager"
    return config


def randomize(module, gen):
    with torch.no_grad():
        for key, p in module.named_parameters():
            p.copy_(torch.randn(p.shape, generator=gen) * 0.4 + (1 if "LayerNorm.weight" in key else 0))


def layer_fixtures(parity):
    gen = torch.Generator().manual_seed(7)
    lengths, time = parity.LENGTHS, parity.TIME
    for act, eps in [("gelu", 1e-12), ("gelu_new", 1e-6), ("relu", 1e-5)]:
        layer = BertLayer(small_config(act, eps)).eval()
        randomize(layer, gen)
        x = parity.random_sequence(8, gen)
        mask = torch.zeros(len(lengths), 1, 1, time)
        for b, n in enumerate(lengths):
            mask[b, :, :, n:] = torch.finfo(torch.float32).min
        out = layer(x, attention_mask=mask)
        out = (out[0] if isinstance(out, tuple) else out) * parity.padding_mask(8)
        options = {"heads": "2", "ff": "12", "activation": act, "eps": "%g" % eps, "dropout": "0"}
        parity.write("bert_block_" + act, "bert", options, "values", x, out, dict(layer.named_parameters()),
                     {"sequence": 8}, seed=20)
    embeddings = BertEmbeddings(small_config("gelu", 1e-12)).eval()
    randomize(embeddings, gen)
    ids = torch.zeros(len(lengths), time, dtype=torch.long)
    for b, n in enumerate(lengths):
        ids[b, :n] = torch.randint(1, 11, (n,), generator=gen)
    out = embeddings(input_ids=ids) * parity.padding_mask(8)
    options = {"dim": "8", "maxlen": "7", "types": "2", "eps": "1e-12", "dropout": "0"}
    parity.write("bert_embeddings", "bert_embeddings", options, "tokens", ids, out, dict(embeddings.named_parameters()),
                 {"tokens": 11}, vocabulary=11, seed=21)


def main():
    for name, spec in MODELS.items():
        folder, model = write_folder(name, spec)
        reference(folder, model, spec["lower"])
        print("wrote", folder)
    layer_fixtures(parity_writer())


if __name__ == "__main__":
    main()
