#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets into OUT/TARGET/ (never into the repository).

Seeds come from our own inputs (notebook lines and transcripts, the zoo catalogue, the test
fixtures, the committed hand-written seeds in Fuzz/Seeds/TARGET/) and from small samples of the
data directory (the first lines or files only). Usage: make-seeds.py ROOT DATA OUT
"""
import glob
import json
import os
import sys

root, data, out = sys.argv[1:4]


def write(target, name, payload):
    folder = os.path.join(out, target)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as f:
        f.write(payload if isinstance(payload, bytes) else payload.encode())


def head(path, lines):
    try:
        with open(path, "rb") as f:
            return b"".join(f.readline() for _ in range(lines))
    except OSError:
        return b""


def first_files(folder, count):
    return sorted(glob.glob(os.path.join(folder, "*.txt")))[:count]


def command_lines():
    lines = set()
    for path in glob.glob(f"{root}/notebooks/*.txt") + glob.glob(f"{root}/scripts/*.repl"):
        for line in open(path, encoding="utf-8", errors="replace"):
            line = line.rstrip("\n")
            if line.startswith("repl> "):
                lines.add(line[6:])
            elif path.endswith(".repl") and line.strip():
                lines.add(line)
    for i, line in enumerate(sorted(lines)[:400]):
        write("FuzzCommandLine", f"line-{i}", line)
        if "$" in line:
            write("FuzzCommandLine", f"var-{i}", "movies\n" + line)


def transcripts():
    for path in glob.glob(f"{root}/notebooks/*.txt"):
        write("FuzzTranscript", os.path.basename(path), open(path, "rb").read())


def datasets():
    uci = head(f"{data}/uci-sentiment-sentences/yelp_labelled.txt", 20)
    write("FuzzDatasets", "uci", b"\x03\x00" + uci)
    write("FuzzDatasets", "tsv", b"\x01\x01text\tlabel\n" + uci)
    write("FuzzDatasets", "tsv-auto", b"\x00\x00" + uci)
    rows = [line.rsplit(b"\t", 1) for line in uci.splitlines() if b"\t" in line]
    csv = b"text,label\n" + b"".join(b'"' + t.replace(b'"', b'""') + b'",' + l + b"\n" for t, l in rows)
    write("FuzzDatasets", "csv", b"\x02\x00" + csv)
    jsonl = "".join(json.dumps({"text": t.decode(errors="replace"), "label": l.decode()}) + "\n" for t, l in rows)
    write("FuzzDatasets", "jsonl", b"\x04\x00" + jsonl.encode())
    write("FuzzDatasets", "text", b"\x05\x00" + b"".join(t + b"\n" for t, _ in rows))
    review = head(f"{data}/blitzer-sorted_data_acl/books/positive.review", 80)
    write("FuzzDatasets", "blitzer", b"\x06\x00" + review)
    write("FuzzDatasets", "blitzer-unlabeled", b"\x07\x81" + review)


def aclimdb():
    base = f"{data}/aclImdb-subset"
    lines = []
    for split, label in [("train", "pos"), ("train", "neg"), ("test", "pos"), ("test", "neg"), ("train", "unsup")]:
        for path in first_files(f"{base}/{split}/{label}", 2):
            text = open(path, "rb").read()[:300].replace(b"\t", b" ").replace(b"\n", b" ")
            lines.append(f"{split}/{label}/{os.path.basename(path)}\t".encode() + text)
    write("FuzzAclImdb", "root", b"\x00" + b"\n".join(lines))
    write("FuzzAclImdb", "split", b"\x01" + b"\n".join(l.split(b"/", 1)[1] for l in lines if l.startswith(b"test")))


def vectors():
    for i, path in enumerate(sorted(glob.glob(f"{data}/glove-*/*.txt"))):
        write("FuzzWordVectors", f"glove-{i}", b"\x00" + head(path, 12))
        write("FuzzWordVectors", f"glove-vocab-{i}", b"\x83" + head(path, 12))
    write("FuzzWordVectors", "word2vec", b"\x02" + b"2 3\nthe 0.1 0.2 0.3\ngood -1 0 1e-3\n")


def checkpoints():
    for path in glob.glob(f"{root}/Tests/TransferTests/Fixtures/**/*.safetensors", recursive=True):
        if os.path.getsize(path) <= 16384:
            write("FuzzSafetensors", os.path.basename(path), open(path, "rb").read())
    extra = os.environ.get("FUZZ_CHECKPOINTS", "")
    for path in filter(None, extra.split(":")):
        write("FuzzSafetensors", os.path.basename(path), open(path, "rb").read())


def zoo():
    for path in glob.glob(f"{root}/zoo/*.zoo"):
        write("FuzzZoo", os.path.basename(path), open(path, "rb").read())


def committed():
    for path in glob.glob(f"{root}/Fuzz/Seeds/*/*"):
        target = os.path.basename(os.path.dirname(path))
        write(target, "seed-" + os.path.basename(path), open(path, "rb").read())


for step in [command_lines, transcripts, datasets, aclimdb, vectors, checkpoints, zoo, committed]:
    step()
