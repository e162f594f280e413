import Schema

/// Export commands: a model as a folder PyTorch trains further (torchrun, DistributedDataParallel).
let exportCommands: [CommandDefinition] = [
  CommandDefinition(
    "export", category: "Transfer",
    abstract: "Write a model as a PyTorch folder: model.py, weights, predict.py, train_ddp.py",
    arguments: [.value("MODEL", .object(.model)), .keyword("to"), .value("DIR", .path)],
    options: [
      OptionSpec("data", .string, help: "a labeled dataset written as train.tsv for train_ddp.py"),
      OptionSpec("replace", .bool, default: "no", help: "overwrite a folder that is not empty"),
    ],
    example: "export clf to clf-torch data=movies.train",
    discussion:
      "For classifiers (a language model is refused). The folder runs without repl: model.py (an nn.Module whose state_dict names and shapes are ours), model.safetensors (the checkpoint), vocab.json, tokenizer.json and tokenizer.py (our tokenizer), labels.json, predict.py (prints the probabilities predict prints) and train_ddp.py, which continues training with DistributedDataParallel: torchrun --nproc_per_node=N train_ddp.py --data train.tsv --out trained.safetensors, then load clf2 from DIR/trained.safetensors. Models with run-time plugin layers are refused."),
]
