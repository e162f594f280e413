import CommandLanguage
import Training
import Transfer

extension CommandContext {
  /// `transfer FILE.safetensors -> MODEL [prefix=…] [strict=yes|no] [layers=…] [freeze=…] [plan]`:
  /// imports a foreign state dict by PyTorch tensor name, showing the same plan table as a
  /// model-to-model transfer; nothing changes unless the whole plan applies.
  func importStateDict(_ parsed: ParsedCommand, _ out: CommandOutput) throws {
    let file = parsed.argument("SRC") ?? ""
    let (targetName, targetLayer) = try transferTarget(parsed.argument("DST") ?? "")
    let target = try model(targetName)
    let freeze = (try parsed.options.value("freeze", as: String.self)).split(separator: ",").map(String.init)
    let request = ForeignRequest(
      transfer: TransferRequest(layers: parsed.options.list("layers"), targetLayer: targetLayer, freeze: freeze),
      prefix: parsed.options.string("prefix"), strict: try parsed.options.value("strict", as: Bool.self))
    let dict = try ForeignStateDict.read(resolvePath(file))
    if dict.isCheckpoint {
      throw ReplError(
        "'\(file)' is a repl checkpoint: load it with 'load NAME from \(file)', then transfer NAME -> \(targetName)")
    }
    try applyForeign(
      dict, file: file, to: target, named: targetName, request: request, planOnly: parsed.flags.contains("plan"), out)
  }

  /// `load MODEL from FILE.safetensors` where the file is a plain state dict and MODEL an existing
  /// model: the same import as `transfer FILE -> MODEL` with `strict=yes`. Returns false when the
  /// file is one of our checkpoints (the caller restores it as a new model).
  func loadForeignStateDict(name: String, path: String, _ out: CommandOutput) throws -> Bool {
    let dict = try ForeignStateDict.read(path)
    if dict.isCheckpoint { return false }
    let file = displayPath(path)
    guard case .model(let target)? = objects[name] else {
      throw ReplError(
        "'\(file)' is a plain safetensors file (\(dict.tensors.count) tensors, not a repl checkpoint): build the model first, then 'load MODEL from \(file)' or 'transfer \(file) -> MODEL prefix=… strict=no'"
      )
    }
    let request = ForeignRequest(transfer: TransferRequest())
    do {
      try applyForeign(dict, file: file, to: target, named: name, request: request, planOnly: false, out)
    } catch let error as TransferError {
      throw ReplError(
        "\(error.message) (load imports every tensor by its own name; 'transfer \(file) -> \(name)' takes prefix=, strict=no and layers=)"
      )
    }
    return true
  }

  private func applyForeign(
    _ dict: ForeignStateDict, file: String, to target: TextModel, named targetName: String,
    request: ForeignRequest, planOnly: Bool, _ out: CommandOutput
  ) throws {
    let plan = try ForeignStatePlanner.plan(from: dict, file: file, to: target, named: targetName, request: request)
    try finishTransfer(plan, from: file, to: target, named: targetName, planOnly: planOnly, out)
  }
}
