import CommandLanguage
import LayerKit
import Metrics
import Schema
import TensorCore
import TextData
import Training
import Transfer

extension CommandContext {
  /// The model commands, each declared once: grammar, options with defaults, and what it does.
  static let modelCommands: [Command] = [
    Command(
      "model", category: "Models",
      abstract:
        "Build a model from layers separated by '|', copy one (model NEW = copy OLD), or start from another model's body (model NEW = encoder LM | pool concat | dense out=2)",
      arguments: [.value("NAME", .newName), .keyword("="), .rest("SPEC")],
      options: [
        OptionSpec("vocab", .string, help: "vocabulary the model reads (sets the embedding size)"),
        OptionSpec("vocab_size", .int(min: 2), help: "vocabulary size when no vocabulary is given"),
        OptionSpec("seed", .int(min: 0), default: "1", help: "seed for the initial weights"),
        replaceOption,
      ],
      example: "model clf = embedding dim=64 | lstm hidden=128 | pool last | dense out=2 vocab=v"
    ) { context, parsed, out in try context.buildModel(parsed, out) },
    Command(
      "freeze", category: "Models", abstract: "Freeze layers so no optimizer updates them",
      arguments: [.value("MODEL", .object(.model)), .oneOrMore("LAYERS", .text)], example: "freeze clf embedding,lstm"
    ) { context, parsed, out in try context.setFrozen(true, parsed, out) },
    Command(
      "unfreeze", category: "Models", abstract: "Unfreeze layers (all when none are named)",
      arguments: [.value("MODEL", .object(.model)), .optional([.oneOrMore("LAYERS", .text)])],
      example: "unfreeze clf all"
    ) { context, parsed, out in try context.setFrozen(false, parsed, out) },
  ]
}

extension CommandContext {
  /// `model NAME = SPEC [vocab=V] [vocab_size=N] [seed=1]` or `model NAME = copy OLD`.
  func buildModel(_ parsed: ParsedCommand, _ out: CommandOutput) throws {
    guard let name = parsed.argument("NAME"), let text = parsed.argument("SPEC") else {
      throw ReplError("usage: model NAME = LAYER opts | LAYER opts … vocab=V")
    }
    let syntax: ModelSpecSyntax
    do { syntax = try ModelSpecParser.parse(text) } catch { throw ReplError(error.message) }
    switch syntax {
    case .copy(let source):
      let original = try model(source)
      let copy = try copyModel(original)
      // A copy of a trained model starts from transferred weights: `compare` can then flag
      // negative transfer against a from-scratch twin. A copy of an untrained model is a twin.
      copy.transferredFrom = original.history.isEmpty ? original.transferredFrom : source
      // The copied history is the source's: marked inherited, so `plot src copy` draws it once.
      for i in copy.history.indices where copy.history[i].inheritedFrom == nil {
        copy.history[i].inheritedFrom = source
      }
      define(name, .model(copy))
      out.line(
        "\(name): copy of \(source), \(copy.network.layers.count) layers, \(grouped(copy.network.parameterCount)) parameters"
      )
    case .layers(let layers, let modelOptions):
      if layers.first?.type == "encoder" { return try buildOnEncoder(name, layers, modelOptions, out) }
      if let misplaced = layers.dropFirst().first(where: { $0.type == "encoder" }) {
        throw ReplError("'encoder \(misplaced.options.first?.value ?? "NAME")' must come first in a model spec")
      }
      let options = try modelLevelOptions(parsed, modelOptions)
      let (vocabulary, size) = try vocabularyFor(options)
      let spec = ModelSpec(
        layers: layers.map { LayerSpec(type: $0.type, options: $0.options.map { .init($0.key, $0.value) }) })
      let seed = UInt64(try options.value("seed", as: Int.self))
      let network: Network
      do { network = try ModelBuilder.network(spec, registry: registry, vocabularySize: size, seed: seed) } catch {
        if cancellation.isCancelled { throw CancelledError() }
        throw ReplError(error.message)
      }
      define(name, .model(TextModel(network: network, vocabulary: vocabulary, seed: seed)))
      out.line(
        "\(name): \(network.layers.count) layers, \(grouped(network.parameterCount)) parameters, output \(network.outputShape)"
      )
    }
  }

  /// An independent copy of a model: weights, frozen flags, vocabulary, labels, history, settings.
  func copyModel(_ original: TextModel) throws -> TextModel {
    try requireMemory(
      MemoryEstimate.copy(original.network), for: "a copy of \(grouped(original.network.parameterCount)) parameters",
      advice: "drop other models first")
    let network: Network
    do { network = try original.network.copy(registry: registry) } catch {
      if cancellation.isCancelled { throw CancelledError() }
      throw ReplError(error.message)
    }
    let copy = TextModel(network: network, vocabulary: original.vocabulary, seed: original.seed)
    copy.labelNames = original.labelNames
    copy.history = original.history
    copy.trainingSettings = original.trainingSettings
    copy.encoderSource = original.encoderSource
    return copy
  }

  /// `vocab=`, `vocab_size=` and `seed=` wherever they were written, validated.
  private func modelLevelOptions(_ parsed: ParsedCommand, _ written: [OptionSyntax]) throws -> Options {
    var pairs = parsed.options.given.map { (key: $0.key, value: $0.value) }
    pairs += written.map { (key: $0.key, value: $0.value) }
    do { return try Options(pairs, specs: parsed.definition.options) } catch { throw ReplError(error.message) }
  }

  /// The vocabulary a new model reads and its size, from `vocab=NAME` or `vocab_size=N`.
  private func vocabularyFor(_ options: Options) throws -> (Vocabulary?, Int) {
    if options.has("vocab") && options.has("vocab_size") {
      throw ReplError("give either vocab=NAME or vocab_size=N, not both")
    }
    if let name = options.string("vocab") {
      let vocabulary = try self.vocabulary(name)
      guard vocabulary.count >= 2 else {
        throw ReplError("vocabulary '\(name)' has \(vocabulary.count) entries; it needs at least 2")
      }
      return (vocabulary, vocabulary.count)
    }
    if let size = options.int("vocab_size") { return (nil, size) }
    let known = objects.filter { $0.value.kind == .vocabulary }.keys.sorted()
    let hint = known.isEmpty ? "build one with 'vocab V from DATASET'" : "e.g. vocab=\(known[0])"
    throw ReplError("the model needs a vocabulary: add vocab=NAME (\(hint)) or vocab_size=N")
  }

  /// `freeze MODEL LAYERS` / `unfreeze MODEL [LAYERS|all]`.
  func setFrozen(_ frozen: Bool, _ parsed: ParsedCommand, _ out: CommandOutput) throws {
    guard let name = parsed.argument("MODEL") else { throw ReplError("usage: \(parsed.definition.example)") }
    let model = try self.model(name)
    let words = (parsed.arguments["LAYERS"] ?? []).flatMap { $0.split(whereSeparator: { $0 == "," || $0 == " " }) }
      .map(String.init)
    let layerNames = model.network.layers.map(\.name)
    let chosen: [String]
    if words.isEmpty || words == ["all"] {
      if words.isEmpty && frozen { throw ReplError("name the layers to freeze, e.g. freeze \(name) \(layerNames[0])") }
      chosen = layerNames
    } else {
      for word in words where !layerNames.contains(word) {
        throw ReplError(
          "model '\(name)' has no layer '\(word)'\(hint(word, layerNames)); its layers are \(layerNames.joined(separator: ", "))"
        )
      }
      chosen = layerNames.filter(words.contains)
    }
    for layerName in chosen {
      for (_, p) in model.network.layer(named: layerName)?.layer.parameters ?? [] { p.frozen = frozen }
    }
    let trainable = model.network.trainableParameters.reduce(0) { $0 + $1.1.count }
    out.line(
      "\(name): \(frozen ? "froze" : "unfroze") \(chosen.joined(separator: ", ")); "
        + "trainable parameters \(grouped(trainable)) of \(grouped(model.network.parameterCount))")
  }
}

extension CommandContext {
  /// `show NAME` for a model, or for one layer when `layer` is given (owned by the model area).
  func showModel(_ name: String, _ model: TextModel, layer: String?, _ out: CommandOutput) throws {
    let network = model.network
    if let layer {
      guard let named = network.layer(named: layer) else {
        let names = network.layers.map(\.name)
        throw ReplError(
          "model '\(name)' has no layer '\(layer)'\(hint(layer, names)); its layers are \(names.joined(separator: ", "))"
        )
      }
      showLayer(name, named, out)
      return
    }
    let vocabulary =
      model.vocabulary.map { "vocabulary \(grouped($0.count)) words" }
      ?? "vocab_size \(grouped(network.inputShape.width))"
    out.line("\(name): \(network.layers.count) layers reading token ids, \(vocabulary)")
    let trainable = Set(network.trainableParameters.map(\.0))
    var rows: [[String]] = []
    for named in network.layers {
      let keys = named.layer.parameters.map { ("\(named.name).\($0.0)", $0.1) }
      let total = keys.reduce(0) { $0 + $1.1.count }
      let free = keys.filter { trainable.contains($0.0) }.reduce(0) { $0 + $1.1.count }
      let frozenCount = keys.filter { $0.1.frozen }.count
      let marker = frozenCount == 0 ? "" : frozenCount == keys.count ? "frozen" : "partly"
      rows.append([
        named.name, named.layer.typeName, named.layer.outputShape.description, grouped(total), grouped(free), marker,
      ])
    }
    let free = network.trainableParameters.reduce(0) { $0 + $1.1.count }
    rows.append(["total", "", "", grouped(network.parameterCount), grouped(free), ""])
    printTable(ScoreTable(header: ["layer", "type", "output", "parameters", "trainable", "frozen"], rows: rows), out)
  }

  /// `show MODEL.LAYER`: the layer's spec and its parameters.
  private func showLayer(_ model: String, _ named: NamedLayer, _ out: CommandOutput) {
    let layer = named.layer
    out.line("\(model).\(named.name): \(layer.typeName), input \(layer.inputShape), output \(layer.outputShape)")
    var rows: [[String]] = []
    for (key, p) in layer.parameters {
      rows.append([
        key, p.value.shape.map(String.init).joined(separator: "×"), grouped(p.count), p.frozen ? "yes" : "no",
      ])
    }
    if rows.isEmpty {
      out.line("no parameters")
      return
    }
    printTable(ScoreTable(header: ["parameter", "shape", "count", "frozen"], rows: rows), out)
  }
}
