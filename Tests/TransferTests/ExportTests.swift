import Foundation
import LayerKit
import ReplEngine
import ReplTestSupport
import Testing
import TextData
import Training

@testable import Transfer

/// `export MODEL to DIR` checked against PyTorch: predict.py gives our probabilities for every
/// built-in layer type, tokenizer.py our tokens, and train_ddp.py trains on two processes under
/// torchrun and writes a checkpoint we load back. Tests needing PyTorch are reported as skipped
/// without it (and fail under CI=true); the tokenizer test needs only python3.
@Suite("Export for PyTorch", .serialized)
struct ExportTests {
  /// Models covering every built-in layer type, pooling mode, dense activation and recurrent shape.
  static let specs = [
    "embedding dim=8 | lstm hidden=6 layers=2 bidirectional=yes dropout=0.2 | pool mode=last | dense out=2",
    "embedding dim=8 | gru hidden=5 bidirectional=yes | pool mode=max | dense out=4 activation=sigmoid | dense out=2",
    "embedding dim=8 | dropout p=0.3 | transformer heads=2 ff=16 maxlen=64 | pool mode=mean | dense out=6 activation=tanh | relu | dense out=2",
    "embedding dim=8 | tanh | relu | pool mode=concat | dense out=6 activation=relu | dropout p=0.2 | dense out=2",
    "embedding dim=8 | gru hidden=4 layers=2 | pool mode=last | dense out=2",
    "embedding dim=8 | lstm hidden=6 | pool mode=concat | dense out=2",
  ]

  /// Twenty sentences: HTML, entities, typographic apostrophes, contractions, numbers, hyphens,
  /// unknown and non-ASCII words, an empty one and a long one (truncated at maxlen=12 for one model).
  static let sentences = [
    "A truly wonderful film, I loved it!", "The plot made no sense at all.", "",
    "It wasn't good<br /><br />and I didn't like the acting &amp; the music.",
    "Don’t watch it; it’s a slow-moving mess.", "I'd say 3.5 stars out of 1,000... really?",
    "BRILLIANT!!! Best. Movie. Ever.", "Café society: an élégant, STRASSE-like affair",
    "&quot;Awful&quot; &#8217;s the word &#x41;nd &unknown; stays", "o'clock rock'n'roll can't won't",
    "not bad , not great", "the the the the the the the the the the the the the the good",
    "<i>Simply</i> a <b>pleasant</b> movie", "Terrible acting, terrible script, terrible everything.",
    "I would watch it again — twice.", "Frankly, simply a not impressive sequel.",
    "\tTabs\tand  spaces  ", "emoji 😀 here and there", "All in all a pleasant movie.",
    "A long review that goes on and on about the characters, the setting, the score and the ending, which was fine.",
  ]

  /// A session with a small synthetic dataset and two vocabularies (default and cased + stopwords).
  func session() throws -> Session {
    let s = Session(workingDirectory: NSTemporaryDirectory())
    try execute(
      [
        "synth movies domain=movies n=300 seed=1", "vocab v from movies min_count=1",
        "vocab vs from movies min_count=1 lowercase=no stopwords=english",
      ], in: s)
    return s
  }

  /// Builds and briefly trains model `m<i>` (so it has labels), then exports it with the dataset.
  func exported(_ s: Session, _ i: Int, to folder: String) throws -> TextModel {
    let vocab = i == 3 ? "vs" : "v"
    let maxlen = i == 2 ? " maxlen=12" : ""
    try execute(
      [
        "model m\(i) = \(Self.specs[i]) vocab=\(vocab)", "train m\(i) on movies epochs=1 lr=0.01\(maxlen)",
        "export m\(i) to \(folder) data=movies",
      ], in: s)
    return try s.model("m\(i)")
  }

  @Test(.enabled(if: PythonSupport.torchTestsRun, PythonSupport.torchMissing))
  func predictPyGivesOurProbabilitiesForEveryLayerType() throws {
    try PythonSupport.requireTorch()
    let s = try session()
    for i in Self.specs.indices {
      let folder = try PythonSupport.temporaryFolder("export-\(i)")
      defer { try? FileManager.default.removeItem(atPath: folder) }
      let model = try exported(s, i, to: folder + "/m")
      let run = try PythonSupport.run(["\(folder)/m/predict.py", "--json"] + Self.sentences)
      try #require(run.status == 0, "predict.py: \(run.err)")
      let lines = run.out.split(separator: "\n")
      #expect(lines.count == Self.sentences.count)
      let maxlen = Int(model.trainingSettings["maxlen"] ?? "") ?? 256
      var worst = 0.0
      for (line, text) in zip(lines, Self.sentences) {
        struct Row: Decodable { var probabilities: [String: Double] }
        let theirs = try JSONDecoder().decode(Row.self, from: Data(line.utf8)).probabilities
        let ours = try Evaluator.probabilities(model, name: "m\(i)", text: text, maxlen: maxlen)
        for (label, p) in zip(model.labelNames, ours) {
          let difference = abs((theirs[label] ?? -1) - p)
          worst = max(worst, difference)
          #expect(
            difference < 1e-5, "\(Self.specs[i]) on '\(text)': \(label) ours \(p), PyTorch \(theirs[label] ?? -1)")
        }
      }
      print("export parity: \(Self.specs[i]): \(lines.count) sentences, largest difference \(worst)")
    }
  }

  @Test(.enabled(if: PythonSupport.pythonRuns, "needs python3 (TORCH_PYTHON)"))
  func tokenizerPyGivesOurTokens() throws {
    let s = try session()
    let folder = try PythonSupport.temporaryFolder("export-tokenizer")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let extra = [
      "&#x41;BC &#65;&#0; &#xD800; &#99999999999; &nbsp;x&hellip;", "a<b and a < b and </p>end <br/>",
      "I’m ‘quoted’ 'single' a--b x- -y 1.2.3 1,2,,3 .5", "ÀÉÎ Straße İstanbul ΣΊΣΥΦΟΣ", "ctrl\u{7f}char\u{1}s",
      "YOU'LL they'RE we'Ve SHE'D i'M it'S DON'T", "n't 't 'll ' '' x'", "&amp;amp; &AMP; &#X4a; &#x;",
    ]
    for (i, vocab) in [(0, "v"), (3, "vs")] {
      let model = try exported(s, i, to: "\(folder)/\(vocab)")
      let settings = try #require(model.vocabulary).settings
      let script = """
        import json, sys
        sys.path.insert(0, sys.argv[1])
        from tokenizer import Tokenizer
        settings = json.load(open(sys.argv[1] + "/tokenizer.json"))
        t = Tokenizer(settings["lowercase"], settings["stopword_list"])
        print(json.dumps([t.tokenize(s) for s in json.load(sys.stdin)]))
        """
      let input = String(decoding: try JSONEncoder().encode(Self.sentences + extra), as: UTF8.self)
      let run = try PythonSupport.run(["-c", script, "\(folder)/\(vocab)"], stdin: input)
      try #require(run.status == 0, "tokenizer.py: \(run.err)")
      let theirs = try JSONDecoder().decode([[String]].self, from: Data(run.out.utf8))
      let tokenizer = Tokenizer(settings: settings)
      for (text, tokens) in zip(Self.sentences + extra, theirs) {
        #expect(tokenizer.tokenize(text) == tokens, "'\(text)' (lowercase \(settings.lowercase))")
      }
    }
  }

  @Test(.enabled(if: PythonSupport.torchTestsRun, PythonSupport.torchMissing))
  func trainDDPOnTwoProcessesLowersTheLossAndLoadsBack() throws {
    try PythonSupport.requireTorch()
    let s = try session()
    let folder = try PythonSupport.temporaryFolder("export-ddp")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    _ = try exported(s, 5, to: folder + "/m")
    let run = try PythonSupport.run(
      [
        "-m", "torch.distributed.run", "--nproc_per_node=2", "train_ddp.py", "--epochs", "3", "--lr", "0.01",
        "--batch", "16", "--cpu", "--out", "trained.safetensors",
      ], in: folder + "/m")
    try #require(run.status == 0, "torchrun: \(run.out) \(run.err)")
    #expect(run.out.contains("on 2 processes"))
    let summary = try #require(run.out.split(separator: "\n").last { $0.hasPrefix("trained ") })
    let losses = summary.split(separator: ";")[1].split(separator: " ").compactMap { Double($0) }
    try #require(losses.count == 2, "\(summary)")
    #expect(losses[1] < losses[0], "loss \(losses[0]) -> \(losses[1])")
    print("torchrun 2 processes: \(summary)")
    for line in ["load back from \(folder)/m/trained.safetensors", "eval back on movies"] {
      let r = s.execute(line)
      #expect(r.succeeded, "\(line): \(r.output)")
    }
    let back = try s.model("back")
    // One epoch trained here, three under torchrun: the history goes on from epoch 2.
    #expect(back.history.map(\.epoch) == [1, 2, 3, 4])
    #expect(abs(back.history[3].trainLoss - losses[1]) < 1e-4)
    #expect(back.network.spec.text == (try s.model("m5")).network.spec.text)
    #expect(snapshot(back) != snapshot(try s.model("m5")))
  }

  @Test func refusalsAreOneLineAndChangeNothing() throws {
    let s = try session()
    let folder = try PythonSupport.temporaryFolder("export-refuse")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    _ = try exported(s, 5, to: folder + "/m")
    let before = try FileManager.default.contentsOfDirectory(atPath: folder + "/m").sorted()
    let stamp = try Data(contentsOf: URL(fileURLWithPath: folder + "/m/model.safetensors"))
    #expect(s.execute("model raw = embedding dim=4 | pool last | dense out=2 vocab_size=30").succeeded)
    #expect(s.execute("model lm = embedding dim=4 | lstm hidden=4 | dense out=vocab vocab=v").succeeded)
    for (line, message) in [
      ("export m5 to \(folder)/m", "is not empty; export into a new folder, or add replace=yes"),
      ("export raw to \(folder)/raw", "'raw' has no vocabulary"),
      ("export lm to \(folder)/lm", "'lm' is a language model (one output per token)"),
      ("export m5 to \(folder)/m/model.py", "is a file, not a folder"),
      ("export m5 to \(folder)/x data=nothing", "nothing"),
    ] {
      let r = s.execute(line)
      #expect(r.status == .failed, "\(line)")
      #expect(r.error?.contains(message) == true, "\(line): \(r.error ?? r.output)")
      #expect(r.output.split(separator: "\n").count <= 1)
    }
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder + "/m").sorted() == before)
    #expect(!FileManager.default.fileExists(atPath: folder + "/raw"))
    #expect(try Data(contentsOf: URL(fileURLWithPath: folder + "/m/model.safetensors")) == stamp)
    #expect(s.execute("train m5 on movies epochs=1").succeeded)
    #expect(s.execute("export m5 to \(folder)/m replace=yes").succeeded)
    #expect(try Data(contentsOf: URL(fileURLWithPath: folder + "/m/model.safetensors")) != stamp)
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasPrefix(".") }.isEmpty)
  }

  @Test func pluginLayersAreRefused() throws {
    let registry = toyRegistry(withPlugin: true)
    let model = try toyModel(words: ["a", "b"], registry: registry, extra: [LayerSpec(type: "fancy")])
    let request = PyTorchExport.Request(model: model, name: "toy", registry: registry, data: nil, maxlen: 256)
    #expect(throws: TransferError.self) { try PyTorchExport.files(request) }
    do {
      _ = try PyTorchExport.files(request)
    } catch {
      #expect(error.message.contains("run-time plugin layer 'fancy' (/opt/plugins/libfancy.so)"))
    }
  }
}
