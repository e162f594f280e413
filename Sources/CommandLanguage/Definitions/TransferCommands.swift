import Schema

/// Transfer commands: transfer plans, checkpoints, vectors, drift, similarity, pretraining.
let transferCommands: [CommandDefinition] = [
  CommandDefinition(
    "transfer", category: "Transfer",
    abstract: "Copy weights from a model, vectors or FILE.safetensors (plan: dry run)",
    arguments: [.value("SRC", .object(.any)), .keyword("->"), .value("DST", .object(.layer))],
    options: [
      OptionSpec("layers", .list, default: "all", help: "layers to transfer (names, or all)"),
      OptionSpec("freeze", .list, default: "no", help: "yes (the transferred layers), no, or a list of layers"),
      OptionSpec("prefix", .string, help: "for a file: strip it from tensor names (module.)"),
      OptionSpec("strict", .bool, default: "yes",
        help: "for a file: missing/unexpected tensors are errors"),
    ],
    flags: ["plan"],
    example: "transfer lm -> clf layers=embedding,lstm freeze=yes",
    discussion:
      "SRC may be a safetensors file written by PyTorch (safetensors.torch.save_file(module.state_dict(), path)): its tensors are matched to the model's parameters by PyTorch name (embedding.weight, lstm.weight_ih_l0, dense.bias, …) and the plan shows each as copied, mismatch, missing or unexpected. F32, F64, F16 and BF16 tensors are read. A whole repl checkpoint is read with load instead."),
  CommandDefinition(
    "drift", category: "Transfer", abstract: "Per-layer relative change ‖ΔW‖/‖W‖ between two models",
    arguments: [.value("A", .object(.model)), .value("B", .object(.model))], example: "drift base tuned"),
  CommandDefinition(
    "similarity", category: "Transfer",
    abstract: "Vocabulary overlap and proxy A-distance between two datasets",
    arguments: [.value("A", .object(.dataset)), .value("B", .object(.dataset))],
    example: "similarity movies products"),
  CommandDefinition(
    "save", category: "Transfer", abstract: "Save a model, dataset, vocabulary or vectors to a file",
    arguments: [.value("NAME", .object(.any)), .keyword("to"), .value("FILE", .path)],
    options: [
      OptionSpec(
        "format", .choice(["glove", "word2vec", "bert"]),
        help: "vectors: GloVe text, or word2vec (default for .vec); a BERT model: bert (a Hugging Face folder)")
    ],
    example: "save clf to clf.safetensors",
    discussion:
      "A model goes to FILE.safetensors (a checkpoint PyTorch reads as a state dict), a dataset or split to FILE.tsv (a label<TAB>text header, then one example per line; tabs and line breaks inside a text become blanks), a vocabulary to FILE.vocab (its tokenizer settings, then token<TAB>count per id, counted in the datasets it was built from), word vectors to GloVe or word2vec text; with format=bert a BERT encoder goes to the folder FILE in the Hugging Face layout (config.json, model.safetensors, vocab.txt). load NAME from FILE reads each of them back."),
  CommandDefinition(
    "neighbors", category: "Transfer", abstract: "Nearest words by cosine similarity",
    arguments: [.value("NAME", .object(.any)), .value("WORD", .text)],
    options: [OptionSpec("k", .int(min: 1), default: "10", help: "how many neighbours")],
    example: "neighbors glove good k=5"),
  CommandDefinition(
    "pretrain skipgram", category: "Transfer",
    abstract: "Train word2vec skip-gram vectors with negative sampling on a dataset",
    arguments: [.value("NAME", .newName), .keyword("on"), .value("DATASET", .object(.dataset))],
    options: [
      OptionSpec("dim", .int(min: 1), default: "100", help: "vector size"),
      OptionSpec("window", .int(min: 1), default: "5", help: "context window"),
      OptionSpec("negatives", .int(min: 1), default: "5", help: "noise words per pair"),
      OptionSpec("epochs", .int(min: 1), default: "3", help: "passes over the data"),
      OptionSpec("min_count", .int(min: 1), default: "5", help: "drop rarer words"),
      OptionSpec("lr", .float(positive: true), default: "0.025", help: "initial learning rate"),
      OptionSpec("sample", .float(), default: "0.001", help: "frequent-word subsampling threshold"),
      OptionSpec("seed", .int(min: 0), default: "1", help: "random seed"),
      OptionSpec("threads", .int(min: 1), default: "1", help: "worker threads"),
      replaceOption,
    ],
    example: "pretrain skipgram sg on imdb.unsup dim=100 epochs=3"),
]
