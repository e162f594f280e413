import CommandLanguage
import Transfer

extension Session {
  /// Handlers for the export commands, by command name.
  static let exportHandlers: [String: Handler] = [
    "export": { session, parsed, out in try session.runExport(parsed, out) }
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
      model: model, name: name, registry: registry, data: data, maxlen: Session.maxlen(model))
    let files = try PyTorchExport.files(request)
    try ExportFolder.write(files, to: resolvePath(folder), shownAs: folder, replace: parsed.options.bool("replace") ?? false)
    out.line("exported \(name) to \(folder)/: \(files.map(\.0).joined(separator: ", "))")
    let dataFlag = " --data " + (dataName == nil ? "FILE.tsv" : "\(folder)/train.tsv")
    out.line("next: python3 \(folder)/predict.py \"some text\"; torchrun --nproc_per_node=2 \(folder)/train_ddp.py\(dataFlag) --out \(folder)/trained.safetensors")
  }
}
