import Foundation
import TensorCore
import TextData
import Training
import Transfer

/// Runs a zoo entry's recipe in a fresh scratch session working in the data directory, streaming
/// its output (indented) to the caller's output, and gives back the product's checkpoint bytes and
/// the build record. The caller's session is never touched.
struct ZooBuilder {
  /// The entry to build.
  let entry: ZooEntry
  /// The data directory (the scratch session's working folder and `REPL_DATA`).
  let dataDirectory: String
  /// Session variables the scratch session inherits (the memory limit).
  let variables: [String: String]
  /// The caller's token, so Ctrl-C stops the build.
  let cancellation: CancellationToken

  /// Runs every recipe line; the first that fails stops the build with its error.
  func run(_ out: CommandOutput) throws -> (model: [UInt8], info: ZooBuildInfo) {
    let scratch = Session(workingDirectory: dataDirectory, cancellation: cancellation)
    scratch.variables = variables
    scratch.variables["REPL_DATA"] = dataDirectory
    scratch.interactive = out.showsProgress
    scratch.width = out.width - 2
    scratch.progressSink = { out.progress($0) }
    scratch.sink = { piece in
      for line in piece.split(separator: "\n", omittingEmptySubsequences: false).dropLast() { out.line("  " + line) }
    }
    scratch.errorSink = { _ in }
    for (index, line) in entry.recipe.enumerated() {
      out.line("[\(index + 1)/\(entry.recipe.count)] \(line)")
      try runLine(line, number: index + 1, in: scratch, out)
    }
    return try product(of: scratch)
  }

  /// Runs one recipe line; its warnings are passed on, a failure becomes this command's error.
  private func runLine(_ line: String, number: Int, in scratch: Session, _ out: CommandOutput) throws {
    if cancellation.isCancelled { throw CancelledError() }
    let result = scratch.execute(line)
    if result.status == .interrupted { throw CancelledError() }
    for warning in result.output.split(separator: "\n") where warning.hasPrefix("warning: ") {
      out.warning(String(warning.dropFirst(9)))
    }
    guard result.succeeded else {
      throw ReplError(
        "pretrained build \(entry.name): recipe line \(number) failed (\(line)): \(result.error ?? "error"); fix \(entry.file)"
      )
    }
  }

  /// The product's checkpoint bytes and the build record.
  private func product(of scratch: Session) throws -> (model: [UInt8], info: ZooBuildInfo) {
    guard case .model(let model)? = scratch.objects[entry.product] else {
      throw ReplError(
        "pretrained build \(entry.name): the recipe made no model named '\(entry.product)' (product: in \(entry.file))")
    }
    let bytes = Checkpoint.encode(
      model, registry: scratch.registry, extra: scratch.workspace.pluginMetadata(for: model.network))
    let last = model.history.last { $0.languageModel }
    let info = ZooBuildInfo(
      name: entry.name, recipeHash: entry.recipeHash, corpus: entry.corpus, product: entry.product,
      recipe: entry.recipe,
      vocabularySize: model.vocabulary?.count, trainPerplexity: last?.trainPerplexity,
      validationPerplexity: last?.validationPerplexity, sizeBytes: bytes.count, sha256: SHA256.hex(bytes),
      toolVersion: ZooBuildInfo.toolVersion, date: ISO8601DateFormatter().string(from: Date()))
    return (bytes, info)
  }
}
