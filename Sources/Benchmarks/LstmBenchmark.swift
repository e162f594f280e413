import BuiltinLayers
import LayerKit
import TensorCore

#if canImport(Glibc)
  import Glibc
#endif

/// One configuration of ../shared/bench/torch_lstm.py (A, B, C) or of scripts/torch_peer.py (T, CA,
/// BT): a classifier (embedding → lstm → pool last → dense out=2; T: embedding → 2 transformer blocks
/// → pool mean → dense out=2; BT: BERT-tiny's bert_embeddings → 2 post-norm bert blocks → pool cls →
/// dense out=2) or a language model (embedding → lstm → dense over the vocabulary; CA: an adaptive
/// softmax with cutoffs instead of the dense layer).
struct LstmBenchConfig: Sendable {
  var name: String
  var vocab: Int
  var embed: Int
  /// The LSTM's hidden size, or the transformer's feed-forward width.
  var hidden: Int
  var seq: Int
  var batch: Int
  var lm: Bool
  /// Transformer blocks (0: the encoder is one LSTM).
  var blocks = 0
  var heads = 4
  /// Adaptive-softmax cutoffs of an LM (empty: a full softmax).
  var cutoffs: [Int] = []
  /// BERT-shaped: `bert_embeddings` and post-norm `bert` blocks (GELU), pooled by the first token.
  var bert = false

  /// The configurations A, B and C of issue 3, T (transformer) and CA (C with an adaptive softmax) of issue 12.
  static let all = [
    LstmBenchConfig(name: "A", vocab: 20000, embed: 128, hidden: 256, seq: 128, batch: 32, lm: false),
    LstmBenchConfig(name: "B", vocab: 10000, embed: 64, hidden: 128, seq: 64, batch: 64, lm: false),
    LstmBenchConfig(name: "C", vocab: 10000, embed: 128, hidden: 256, seq: 64, batch: 32, lm: true),
    LstmBenchConfig(name: "T", vocab: 20000, embed: 128, hidden: 512, seq: 128, batch: 32, lm: false, blocks: 2),
    LstmBenchConfig(
      name: "CA", vocab: 10000, embed: 128, hidden: 256, seq: 64, batch: 32, lm: true, cutoffs: [2000, 6000]),
    LstmBenchConfig(
      name: "BT", vocab: 30522, embed: 128, hidden: 512, seq: 128, batch: 32, lm: false, blocks: 2, heads: 2,
      bert: true),
  ]

  /// The model spec, built through the registry like `model m = …`.
  var spec: ModelSpec {
    let input =
      bert
      ? LayerSpec(type: "bert_embeddings", options: [.init("dim", "\(embed)"), .init("maxlen", "512")])
      : LayerSpec(type: "embedding", options: [.init("dim", "\(embed)")])
    return ModelSpec(layers: [input] + encoder + head)
  }

  private var encoder: [LayerSpec] {
    if blocks == 0 { return [LayerSpec(type: "lstm", options: [.init("hidden", "\(hidden)")])] }
    if bert {
      let block = LayerSpec(type: "bert", options: [.init("heads", "\(heads)"), .init("ff", "\(hidden)")])
      return Array(repeating: block, count: blocks)
    }
    let block = LayerSpec(
      type: "transformer", options: [.init("heads", "\(heads)"), .init("ff", "\(hidden)"), .init("maxlen", "\(seq)")])
    return Array(repeating: block, count: blocks)
  }

  private var head: [LayerSpec] {
    if lm && !cutoffs.isEmpty {
      let list = cutoffs.map(String.init).joined(separator: ",")
      return [LayerSpec(type: "adaptive", options: [.init("cutoffs", list), .init("out", "\(vocab)")])]
    }
    if lm { return [LayerSpec(type: "dense", options: [.init("out", "\(vocab)")])] }
    let pool = LayerSpec(type: "pool", options: [.init("mode", bert ? "cls" : blocks == 0 ? "last" : "mean")])
    return [pool, LayerSpec(type: "dense", options: [.init("out", "2")])]
  }

  /// Whether token ids follow a Zipf law (as frequency-sorted text does) instead of being uniform:
  /// the adaptive softmax is built for that, and uniform ids would put 80 % of targets in its tail.
  var zipf: Bool { !cutoffs.isEmpty }

  /// Tokens per step (batch · seq), the unit of the figures.
  var tokensPerStep: Int { batch * seq }

  /// FLOPs per token as torch_lstm.py counts them (forward; training is 3×): the LSTM's gates, or
  /// per transformer block the four projections, the feed-forward and the attention products; plus
  /// the LM's output layer (for the adaptive softmax, its head only).
  var forwardFlopsPerToken: Int {
    let body =
      blocks == 0
      ? 2 * 4 * hidden * (embed + hidden)
      : blocks * (8 * embed * embed + 4 * embed * hidden + 4 * seq * embed)
    let outputs = cutoffs.isEmpty ? vocab : cutoffs[0] + cutoffs.count
    return body + (lm ? 2 * hidden * outputs : 0)
  }

  /// `{"vocab":20000,…}` for the JSON lines.
  var json: String {
    let extra =
      (blocks > 0 ? ",\"blocks\":\(blocks),\"heads\":\(heads),\"ff\":\(hidden)" : "")
      + (bert ? ",\"bert\":true" : "")
      + (cutoffs.isEmpty ? "" : ",\"cutoffs\":[\(cutoffs.map(String.init).joined(separator: ","))]")
    return "{\"vocab\":\(vocab),\"embed\":\(embed),\"hidden\":\(hidden),\"seq\":\(seq),\"batch\":\(batch),"
      + "\"opt\":\"adam\"\(extra)}"
  }
}

/// torch_lstm.py's timing scheme: `warmup` untimed steps, then `repeats` timed blocks of `steps`
/// training steps (`inferSteps` forwards for inference); the figure is the median block rate.
struct TimingPlan: Sendable {
  var warmup = 3
  var steps = 10
  var repeats = 5
  var inferSteps = 20
  var batches = 8

  /// Reads `key=value` overrides (`steps=3 repeats=3 warmup=1 configs=A,B threads=1`) from `arguments`.
  init(arguments: [String]) {
    for argument in arguments {
      let parts = argument.split(separator: "=", maxSplits: 1).map(String.init)
      guard parts.count == 2, let n = Int(parts[1]), n > 0 else { continue }
      switch parts[0] {
      case "warmup": warmup = n
      case "steps": steps = n
      case "repeats": repeats = n
      case "infer-steps": inferSteps = n
      default: break
      }
    }
  }

  /// Runs `body(i)` `perBlock` times per block; returns units per second of each block.
  func blocks(perBlock: Int, unitsPerCall: Int, _ body: (Int) throws -> Void) rethrows -> [Double] {
    var rates: [Double] = []
    var i = 0
    for _ in 0..<repeats {
      let start = ContinuousClock.now
      for _ in 0..<perBlock {
        try body(i)
        i += 1
      }
      rates.append(Double(unitsPerCall * perBlock) / (ContinuousClock.now - start).seconds)
    }
    return rates
  }
}

/// Summary statistics of a list of rates, printed like torch_lstm.py's.
struct RateSummary {
  var rates: [Double]
  var median: Double {
    let s = rates.sorted()
    return s.isEmpty ? 0 : s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
  }
  /// `"median":…,"min":…,"max":…,"all":[…]`
  var json: String {
    "\"median\":\(round1(median)),\"min\":\(round1(rates.min() ?? 0)),\"max\":\(round1(rates.max() ?? 0)),"
      + "\"all\":[\(rates.map { "\(round1($0))" }.joined(separator: ","))]"
  }
}

/// `x` rounded to one decimal, as text.
func round1(_ x: Double) -> String { String((x * 10).rounded() / 10) }
/// `x` rounded to two decimals, as text.
func round2(_ x: Double) -> String { String((x * 100).rounded() / 100) }

/// The peak resident memory of this process so far, in MiB (getrusage ru_maxrss).
func peakResidentMiB() -> Double {
  var usage = rusage()
  getrusage(RUSAGE_SELF.rawValue, &usage)
  return Double(usage.ru_maxrss) / 1024
}

/// The lstm benchmark suite: the peak memory of training A (in a process of its own), GEMM
/// figures, then training and inference tokens/s of A, B and C at 1 and 2 threads.
///
/// Arguments after the suite name: `configs=A,B,C threads=1,2 steps=10 repeats=5 warmup=3`.
func lstmBenchmarks() {
  let arguments = Array(CommandLine.arguments.dropFirst())
  let plan = TimingPlan(arguments: arguments)
  let names = listArgument("configs", arguments) ?? ["A", "B", "C", "T", "CA", "BT"]
  let threads = (listArgument("threads", arguments) ?? ["1", "2"]).compactMap { Int($0) }
  // First, while this process is small: ru_maxrss carries over into the spawned child.
  if listArgument("memory", arguments) != ["no"] { memoryBenchmark(plan: plan) }
  if listArgument("gemm", arguments) != ["no"] { gemmBenchmarks() }
  for config in LstmBenchConfig.all where names.contains(config.name) {
    for count in threads {
      do {
        try LstmRun(config: config, threads: count, plan: plan).measure()
      } catch {
        print("{\"bench\":\"lstm\",\"config\":\"\(config.name)\",\"threads\":\(count),\"error\":\"\(error)\"}")
      }
    }
  }
}

/// The comma-separated values of `key=a,b` among `arguments`, if given.
func listArgument(_ key: String, _ arguments: [String]) -> [String]? {
  for argument in arguments where argument.hasPrefix(key + "=") {
    return argument.dropFirst(key.count + 1).split(separator: ",").map(String.init)
  }
  return nil
}
