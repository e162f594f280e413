import CommandLanguage
import Schema
import Transfer

extension CommandContext {
  /// The export commands, each declared once: grammar, options with defaults, and what it does.
  static let exportCommands: [Command] = [
    Command(
      "export", category: "Transfer",
      abstract: "Write a model as a PyTorch folder: model.py, weights, predict.py, train_ddp.py",
      arguments: [.value("MODEL", .object(.model)), .keyword("to"), .value("DIR", .path)],
      options: [
        OptionSpec("data", .string, help: "a labeled dataset written as train.tsv for train_ddp.py"),
        OptionSpec("replace", .bool, default: "no", help: "overwrite a folder that is not empty"),
      ],
      example: "export clf to clf-torch data=movies.train",
      discussion:
        "For classifiers (a language model is refused). The folder runs without repl: model.py (an nn.Module whose state_dict names and shapes are ours), model.safetensors (the checkpoint), vocab.json, tokenizer.json and tokenizer.py (our tokenizer), labels.json, predict.py (prints the probabilities predict prints) and train_ddp.py, which continues training with DistributedDataParallel: torchrun --nproc_per_node=N train_ddp.py --data train.tsv --out trained.safetensors, then load clf2 from DIR/trained.safetensors. Models with run-time plugin layers are refused."
    ) { context, parsed, out in try context.runExport(parsed, out) }
  ]

  /// `export MODEL to DIR [data=DATASET] [replace=yes]`: writes the PyTorch folder in one step.
  fileprivate func runExport(_ parsed: ParsedCommand, _ out: CommandOutput) throws {
    let name = try parsed.required("MODEL")
    let folder = try parsed.required("DIR")
    let model = try self.model(name)
    let dataName = parsed.options.string("data")
    let data = try dataName.map { try dataset($0) }
    if let data, let dataName, !data.isLabeled {
      throw ReplError("'\(dataName)' has unlabeled examples; train_ddp.py needs a labeled dataset")
    }
    let request = PyTorchExport.Request(
      model: model, name: name, registry: registry, data: data, maxlen: CommandContext.maxlen(model))
    let files = try PyTorchExport.files(request)
    try ExportFolder.write(
      files, to: resolvePath(folder), shownAs: folder, replace: try parsed.options.value("replace", as: Bool.self))
    out.line("exported \(name) to \(folder)/: \(files.map(\.0).joined(separator: ", "))")
    let dataFlag = " --data " + (dataName == nil ? "FILE.tsv" : "\(folder)/train.tsv")
    out.line(
      "next: python3 \(folder)/predict.py \"some text\"; torchrun --nproc_per_node=2 \(folder)/train_ddp.py\(dataFlag) --out \(folder)/trained.safetensors"
    )
  }
}
