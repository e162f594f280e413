import FoundationEssentials
import LayerKit
import TextData
import Training

/// Everything a checkpoint stores besides tensors, as the `__metadata__` string map.
struct CheckpointMetadata {
  var spec: ModelSpec
  var inputWidth: Int
  var vocabulary: Vocabulary?
  var labels: [String]
  var training: [String: String]
  var history: [EpochRecord]
  var frozen: [String]
  var origins: [String: String]
  var seed: UInt64
  var transferredFrom: String?
  var encoderSource: String?

  /// The metadata of `model`; origins come from the registry's layer types.
  init(model: TextModel, registry: LayerRegistry) {
    let network = model.network
    spec = network.spec
    inputWidth = network.inputShape.width
    vocabulary = model.vocabulary
    labels = model.labelNames
    training = model.trainingSettings
    history = model.history
    frozen = network.parameters.filter { $0.1.frozen }.map(\.0)
    origins = Dictionary(
      spec.layers.map { ($0.type, registry[$0.type]?.origin ?? "built-in") }, uniquingKeysWith: { a, _ in a })
    seed = model.seed
    transferredFrom = model.transferredFrom
    encoderSource = model.encoderSource
  }

  /// The string map written to the file (JSON for structured values, keys sorted on write).
  var strings: [String: String] {
    var map: [String: String] = [
      "format": Checkpoint.formatName,
      "format_version": String(Checkpoint.formatVersion),
      "spec": spec.text,
      "layers": json(spec.layers.map { LayerRecord(type: $0.type, options: $0.options.map { [$0.key, $0.value] }) }),
      "input_width": String(inputWidth),
      "labels": json(labels),
      "training": json(training),
      "history": json(history.map(HistoryRecord.init)),
      "frozen": json(frozen),
      "origins": json(origins),
      "seed": String(seed),
    ]
    if let vocabulary {
      map["vocabulary"] = json(vocabulary.tokens)
      map["vocabulary_sources"] = json(vocabulary.sources)
      map["tokenizer"] = json(
        TokenizerRecord(
          lowercase: vocabulary.settings.lowercase, stopwords: vocabulary.settings.stopwords,
          wordpiece: vocabulary.wordPiece == nil ? nil : true))
    }
    if let transferredFrom { map["transferred_from"] = transferredFrom }
    if let encoderSource { map["encoder_from"] = encoderSource }
    return map
  }

  /// Parses a file's metadata; a missing key, bad JSON or another format version is an error.
  init(strings map: [String: String]) throws(TransferError) {
    guard map["format"] == Checkpoint.formatName else {
      throw TransferError(
        "not a repl checkpoint: the safetensors metadata has no 'format: \(Checkpoint.formatName)' entry")
    }
    guard map["format_version"] == String(Checkpoint.formatVersion) else {
      throw TransferError(
        "checkpoint format version \(map["format_version"] ?? "(none)") is not supported (this build reads version \(Checkpoint.formatVersion))"
      )
    }
    let layers: [LayerRecord] = try field(map, "layers")
    spec = ModelSpec(
      layers: layers.map {
        LayerSpec(type: $0.type, options: $0.options.compactMap { $0.count == 2 ? LayerSpec.Pair($0[0], $0[1]) : nil })
      })
    guard let width = map["input_width"].flatMap({ Int($0) }), width > 0, let seed = map["seed"].flatMap({ UInt64($0) })
    else {
      throw TransferError("corrupted checkpoint metadata: 'input_width' or 'seed' is missing or not a number")
    }
    inputWidth = width
    self.seed = seed
    labels = try field(map, "labels")
    training = try field(map, "training")
    history = (try field(map, "history") as [HistoryRecord]).map(\.record)
    frozen = try field(map, "frozen")
    origins = try field(map, "origins")
    transferredFrom = map["transferred_from"]
    encoderSource = map["encoder_from"]
    vocabulary = nil
    if map["vocabulary"] != nil {
      let tokens: [String] = try field(map, "vocabulary")
      let tokenizer: TokenizerRecord = try field(map, "tokenizer")
      if tokenizer.wordpiece == true {
        do {
          vocabulary = Vocabulary(wordPiece: try WordPieceTokenizer(tokens: tokens, lowercase: tokenizer.lowercase))
        } catch {
          throw TransferError("corrupted checkpoint metadata: \(error.message)")
        }
        return
      }
      let settings = TokenizerSettings(lowercase: tokenizer.lowercase, stopwords: tokenizer.stopwords)
      var v = Vocabulary(words: Array(tokens.dropFirst(2)), settings: settings)
      if map["vocabulary_sources"] != nil { v.sources = try field(map, "vocabulary_sources") }
      if v.tokens != tokens {
        throw TransferError("corrupted checkpoint metadata: the vocabulary has duplicate or misplaced special tokens")
      }
      vocabulary = v
    }
  }

  /// Every layer type must be registered; a missing plugin type names the plugin to load.
  func checkLayerTypes(_ registry: LayerRegistry) throws(TransferError) {
    for layer in spec.layers where registry[layer.type] == nil {
      let origin = origins[layer.type] ?? "an unknown plugin"
      if origin == "built-in" {
        throw TransferError("checkpoint uses layer type '\(layer.type)', which this build does not have")
      }
      throw TransferError(
        "checkpoint uses layer type '\(layer.type)' from plugin \(origin), which is not loaded (run: plugin load \(origin))"
      )
    }
  }
}

private struct LayerRecord: Codable {
  var type: String
  var options: [[String]]
}

private struct TokenizerRecord: Codable {
  var lowercase: Bool
  var stopwords: String
  /// True for a BERT vocabulary (the tokens are `vocab.txt`'s, encoded with WordPiece); absent otherwise.
  var wordpiece: Bool?
}

/// One epoch of the history as the checkpoint stores it. Fields after `partial` were added later
/// and are optional, so older checkpoints still load (their epochs read as run 1, lr unknown).
private struct HistoryRecord: Codable {
  var epoch: Int
  var trainLoss: Double
  var trainAccuracy: Double
  var validationLoss: Double?
  var validationAccuracy: Double?
  var partial: Bool
  var run: Int?
  var languageModel: Bool?
  var learningRate: Double?
  var runEpoch: Int?
  var stepsDone: Int?
  var stepsPlanned: Int?
  var cutShort: String?
  var trainableLayers: [String]?
  var restored: Bool?
  var dataset: String?
  var inheritedFrom: String?
  var stepLosses: [Double]?
  var stepsPerPoint: Int?

  init(_ r: EpochRecord) {
    epoch = r.epoch
    trainLoss = r.trainLoss
    trainAccuracy = r.trainAccuracy
    validationLoss = r.validationLoss
    validationAccuracy = r.validationAccuracy
    partial = r.partial
    run = r.run
    languageModel = r.languageModel
    learningRate = r.learningRate
    runEpoch = r.runEpoch
    stepsDone = r.stepsDone
    stepsPlanned = r.stepsPlanned
    cutShort = r.cutShort?.rawValue
    trainableLayers = r.trainableLayers
    restored = r.restored
    dataset = r.dataset
    inheritedFrom = r.inheritedFrom
    stepLosses = r.stepLosses
    stepsPerPoint = r.stepsPerPoint
  }

  var record: EpochRecord {
    var r = EpochRecord(
      epoch: epoch, trainLoss: trainLoss, trainAccuracy: trainAccuracy, validationLoss: validationLoss,
      validationAccuracy: validationAccuracy, partial: partial, run: run ?? 1, languageModel: languageModel ?? false,
      learningRate: learningRate)
    r.runEpoch = runEpoch
    r.stepsDone = stepsDone
    r.stepsPlanned = stepsPlanned
    r.cutShort = cutShort.flatMap(EpochRecord.CutShort.init(rawValue:))
    r.trainableLayers = trainableLayers
    r.restored = restored ?? false
    r.dataset = dataset
    r.inheritedFrom = inheritedFrom
    r.stepLosses = stepLosses
    r.stepsPerPoint = stepsPerPoint
    return r
  }
}

/// Compact JSON with sorted keys, so the same model always gives the same bytes.
private func json<T: Encodable>(_ value: T) -> String {
  let encoder = JSONEncoder()
  encoder.outputFormatting = [.sortedKeys]
  encoder.nonConformingFloatEncodingStrategy = .convertToString(
    positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
  guard let data = try? encoder.encode(value) else { return "null" }
  return String(decoding: data, as: UTF8.self)
}

/// The JSON value stored under `key`, decoded; a missing or malformed entry is an error naming it.
private func field<T: Decodable>(_ map: [String: String], _ key: String) throws(TransferError) -> T {
  guard let text = map[key] else { throw TransferError("corrupted checkpoint metadata: '\(key)' is missing") }
  do {
    let decoder = JSONDecoder()
    decoder.nonConformingFloatDecodingStrategy = .convertFromString(
      positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return try decoder.decode(T.self, from: Data(text.utf8))
  } catch {
    throw TransferError("corrupted checkpoint metadata: '\(key)' is not valid")
  }
}
