import Schema

/// Training and evaluation commands.
let trainingCommands: [CommandDefinition] = [
  CommandDefinition(
    "train", category: "Training", abstract: "Train a model on a dataset (Ctrl-C stops after the current batch)",
    arguments: [.value("MODEL", .object(.model)), .keyword("on"), .value("DATASET", .object(.dataset))],
    options: [
      OptionSpec("val", .string, help: "validation dataset (early stopping and curves)"),
      OptionSpec("epochs", .int(min: 1), default: "5", help: "passes over the data"),
      OptionSpec("batch", .int(min: 1), default: "32", help: "examples per step"),
      OptionSpec("lr", .float(positive: true), default: "0.002", help: "learning rate"),
      OptionSpec("opt", .choice(["adam", "adamw", "sgd"]), default: "adam", help: "optimizer"),
      OptionSpec("momentum", .float(), default: "0.9", help: "SGD momentum"),
      OptionSpec(
        "betas", .string, default: "0.9,0.999",
        help: "Adam's moment decays b1,b2 (ULMFiT/fastai: 0.7,0.99)"),
      OptionSpec("wd", .float(), default: "0", help: "weight decay (decoupled for adamw)"),
      OptionSpec("clip", .float(), default: "0", help: "clip the global gradient norm (0: off)"),
      OptionSpec(
        "patience", .int(min: 0), default: "0", help: "early stopping: epochs without val improvement (0: off)"),
      OptionSpec(
        "schedule", .choice(["constant", "onecycle", "stlr"]), default: "constant", help: "learning-rate schedule"),
      OptionSpec(
        "unfreeze", .choice(["none", "gradual"]), default: "none",
        help: "gradual: unfreeze one layer group per epoch from the top"),
      OptionSpec(
        "lr_decay", .float(positive: true), default: "1",
        help: "discriminative rates: each lower layer gets lr divided by this"),
      OptionSpec(
        "task", .choice(["classify", "lm", "mlm"]), default: "classify",
        help: "classification, next-token language modelling, or masked language modelling (BERT)"),
      OptionSpec(
        "mask_p", .float(positive: true), default: "0.15",
        help: "task=mlm: the share of positions chosen for prediction (80% <mask>, 10% random, 10% kept)"),
      OptionSpec("bptt", .int(min: 2), default: "64", help: "language-model sequence length"),
      OptionSpec(
        "streams", .bool, default: "yes",
        help:
          "task=lm: yes = the text as `batch` contiguous streams, state carried between windows, varied bptt (AWD-LSTM); no = shuffled windows from a zero state"
      ),
      OptionSpec(
        "maxlen", .int(min: 1), default: "256",
        help: "truncate examples to this many tokens; with task=lm, if given, cut each document (default: whole)"
      ),
      OptionSpec("seed", .int(min: 0), default: "1", help: "seed for shuffling, dropout and the masks of task=mlm"),
      OptionSpec(
        "threads", .int(min: 1), default: "1",
        help: "2 (or more) runs each batch as two halves on two threads: reproducible, not the same bits as 1"),
    ],
    example: "train clf on movies.train val=movies.val epochs=5 lr=0.002",
    discussion:
      "task=mlm is BERT's masked language model: the vocabulary needs a <mask> token (vocab V from D mask=yes; a BERT vocabulary's [MASK] works too) and the model one score per vocabulary token at each position (e.g. embedding dim=64 | transformer heads=2 | transformer heads=2 positions=none | dense out=vocab tie=embedding). Each epoch, every real position that is not special is chosen with probability mask_p (padding never); a chosen position becomes <mask> 80% of the time, a random token 10%, and stays itself 10%; the loss counts the chosen positions only, and acc and ppl are the masked-token accuracy and perplexity. The masks are drawn from seed=, so the same seed gives the same run; val= and eval M on D task=mlm use one fixed masking, the same every time. Texts are cut to maxlen= tokens. model clf = encoder M | pool cls | dense out=2 then builds a classifier on the pretrained layers (all but the last)."),
  CommandDefinition(
    "eval", category: "Training", abstract: "Loss, accuracy, per-class precision/recall/F1 and a confusion matrix",
    arguments: [.value("MODEL", .object(.model)), .keyword("on"), .value("DATASET", .object(.dataset))],
    options: [
      OptionSpec(
        "maxlen", .int(min: 1), help: "truncate examples to this many tokens (default: the model's training maxlen)"),
      OptionSpec(
        "task", .choice(["classify", "lm", "mlm"]),
        help: "what to score (default: classify for a vector output, else the task the model was trained with)"),
      OptionSpec(
        "mask_p", .float(positive: true), default: "0.15",
        help: "task=mlm: the share of positions masked (one fixed masking, so the figure replays)"),
    ],
    example: "eval clf on movies.test"),
  CommandDefinition(
    "predict", category: "Training", abstract: "Classify a text, or show examples of a dataset with mistakes first",
    arguments: [
      .value("MODEL", .object(.model)),
      .alternatives([[.keyword("on"), .value("DATASET", .object(.dataset))], [.value("TEXT", .text)]]),
    ],
    options: [OptionSpec("n", .int(min: 1), default: "5", help: "examples to show")],
    example: "predict clf \"a wonderful, moving film\""),
  CommandDefinition(
    "compare", category: "Training", abstract: "Evaluate several models on one dataset in one table",
    arguments: [.oneOrMore("MODELS", .object(.model)), .keyword("on"), .value("DATASET", .object(.dataset))],
    example: "compare scratch transferred on products.test"),
  CommandDefinition(
    "history", category: "Training", abstract: "Per-epoch training history of a model",
    arguments: [.value("MODEL", .object(.model))], example: "history clf"),
  CommandDefinition(
    "plot", category: "Training", abstract: "Draw training curves in the terminal, or to an SVG file",
    arguments: [.oneOrMore("MODELS", .object(.model)), .optional([.keyword("to"), .value("FILE", .path)])],
    options: [OptionSpec("metric", .choice(["loss", "accuracy"]), default: "loss", help: "which curve")],
    example: "plot clf metric=accuracy"),
  CommandDefinition(
    "generate", category: "Training", abstract: "Sample text from a language model",
    arguments: [.value("MODEL", .object(.model)), .value("PROMPT", .text)],
    options: [
      OptionSpec("n", .int(min: 1), default: "20", help: "tokens to generate"),
      OptionSpec("temperature", .float(positive: true), default: "0.8", help: "sampling temperature"),
      OptionSpec("seed", .int(min: 0), default: "1", help: "random seed"),
    ],
    example: "generate lm \"the movie was\" n=20 temperature=0.8 seed=1"),
]
