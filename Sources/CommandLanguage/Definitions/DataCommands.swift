import Schema

/// Data commands: loading, the catalogue, the synthetic corpus, splits and vocabularies.
let dataCommands: [CommandDefinition] = [
  CommandDefinition(
    "load", category: "Data",
    abstract: "Load a dataset, vectors or a checkpoint from a file or folder, or a catalogue dataset",
    arguments: [.value("NAME", .newName), .optional([.keyword("from"), .value("PATH", .path)])],
    options: [
      OptionSpec(
        "format",
        .choice(["auto", "tsv", "csv", "jsonl", "text", "aclimdb", "uci", "blitzer", "vectors", "checkpoint", "bert"]),
        default: "auto", help: "file format; detected from the path and content when auto"),
      OptionSpec("text", .string, help: "text column (name or 0-based index) or JSON field"),
      OptionSpec("label", .string, help: "label column (name or 0-based index) or JSON field"),
      OptionSpec("limit", .int(min: 1), help: "read at most this many examples"),
      OptionSpec("encoding", .choice(["strict", "replace"]), default: "strict",
        help: "invalid UTF-8: an error (strict) or U+FFFD (replace)"),
      OptionSpec("header", .bool, help: "whether a TSV/CSV file starts with a header row (detected when unset)"),
      replaceOption,
      OptionSpec("vocab", .string, help: "word vectors: read only the rows of this vocabulary's words (fast)"),
    ],
    example: "load movies from ../shared/data/uci-sentiment-sentences/imdb_labelled.txt",
    discussion:
      "Formats: tsv and csv (RFC 4180 quoting, header detected), jsonl, text (one document per line), aclimdb (a root gives NAME.train, NAME.test, NAME.unsup), uci (sentence<TAB>0|1 → neg/pos), blitzer (*.review; a domain folder gives both polarities), vectors (GloVe or word2vec text), checkpoint (.safetensors; a plain PyTorch state dict is imported into an existing model NAME by tensor name), a saved vocabulary (.vocab), bert (a Hugging Face BERT folder: config.json, model.safetensors, vocab.txt; gives a model, the encoder with its WordPiece vocabulary). Without from, NAME is a catalogue dataset in the data directory (see datasets). Labels are sorted: numerically when all are numbers, else alphabetically (neg < pos). limit= applies per file (per class folder for aclImdb)."),
  CommandDefinition(
    "datasets", category: "Data", abstract: "List the dataset catalogue and what is in the data directory",
    example: "datasets"),
  CommandDefinition(
    "fetch", category: "Data", abstract: "Download a catalogue dataset into the data directory and verify it",
    arguments: [.value("NAME", .text)], example: "fetch uci-sentiment",
    discussion:
      "The data directory is $REPL_DATA, else $XDG_DATA_HOME/repl, else ~/.local/share/repl. $REPL_CATALOGUE_MIRROR replaces the canonical download URLs with a mirror that serves the same folders file by file. Nothing is installed unless every checksum and count matches."),
  CommandDefinition(
    "synth", category: "Data", abstract: "Generate labeled review sentences offline (the teaching corpus)",
    arguments: [.value("NAME", .newName)],
    options: [
      OptionSpec("domain", .choice(["movies", "products", "restaurants"]), default: "movies",
        help: "topic vocabulary and phrasing"),
      OptionSpec("n", .int(min: 1), default: "1000", help: "number of sentences"),
      OptionSpec("seed", .int(min: 0), default: "1", help: "random seed"),
      OptionSpec("noise", .float(), default: "0.1", help: "fraction of labels flipped"),
      OptionSpec("shift", .float(), default: "1.0", help: "how much domain-specific wording is mixed in (0 to 1)"),
      replaceOption,
    ],
    example: "synth movies domain=movies n=1000 seed=1",
    discussion:
      "Sentences come from the project's own grammar: a sentiment vocabulary shared by all domains (good/bad words, intensifiers, \"not\" that flips a word), plus each domain's topics and set phrases. shift=1 uses domain wording in every sentence; lower values use more generic wording, so the domains look more alike and a model transfers better. Labels neg/pos are balanced, then noise= flips that fraction of them. The same options and seed give the same corpus."),
  CommandDefinition(
    "split", category: "Data", abstract: "Split a dataset into NAME.train, NAME.val and NAME.test",
    arguments: [.value("NAME", .object(.dataset))],
    options: [
      OptionSpec("train", .float(), default: "0.8", help: "training fraction"),
      OptionSpec("val", .float(), default: "0", help: "validation fraction"),
      OptionSpec("test", .float(), help: "test fraction (default: what train and val leave)"),
      OptionSpec("seed", .int(min: 0), default: "1", help: "random seed"),
      OptionSpec("stratify", .bool, default: "yes", help: "keep label proportions in every part"),
      replaceOption,
    ],
    example: "split movies train=0.8 val=0.1 test=0.1 seed=1",
    discussion:
      "The fractions must sum to 1. Stratified by default: each label is divided on its own, so every part keeps the label proportions. val=0 (the default) makes no NAME.val."),
  CommandDefinition(
    "sample", category: "Data", abstract: "Draw a (stratified) random sample of a dataset as a new dataset",
    arguments: [.value("NAME", .object(.dataset)), .keyword("as"), .value("NEW", .newName)],
    options: [
      OptionSpec("n", .int(min: 1), required: true, help: "sample size"),
      OptionSpec("seed", .int(min: 0), default: "1", help: "random seed"),
      OptionSpec("stratify", .bool, default: "yes", help: "keep label proportions"),
      replaceOption,
    ],
    example: "sample movies.train n=100 seed=1 as small"),
  CommandDefinition(
    "head", category: "Data", abstract: "Show the first examples of a dataset",
    arguments: [.value("NAME", .object(.dataset)), .optional([.value("N", .text)])], example: "head movies 5"),
  CommandDefinition(
    "vocab", category: "Data", abstract: "Build a vocabulary from one or more datasets",
    arguments: [.value("NAME", .newName), .keyword("from"), .value("DATASETS", .object(.dataset))],
    options: [
      OptionSpec("size", .int(min: 1), default: "20000", help: "most frequent tokens kept (plus <pad>, <unk>)"),
      OptionSpec("min_count", .int(min: 1), default: "2", help: "drop tokens seen fewer times"),
      OptionSpec("lowercase", .bool, default: "yes", help: "fold case before counting"),
      OptionSpec("stopwords", .choice(["none", "english"]), default: "none", help: "drop a stopword list"),
      replaceOption,
      OptionSpec(
        "mask", .bool, default: "no", help: "add a <mask> token (the last id) for train … task=mlm"),
    ],
    example: "vocab v from movies.train size=20000 min_count=2",
    discussion:
      "Warning: the English stopword list removes negations such as \"not\" and \"no\", which flips the sentiment of sentences like \"not good\"; keep stopwords=none for sentiment."
  ),
]
