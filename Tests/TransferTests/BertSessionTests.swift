import Foundation
import LayerKit
import ReplEngine
import ReplTestSupport
import Testing
import Training

/// `load … from FOLDER` for a Hugging Face BERT folder, `encoder` + `pool cls` classifiers on it,
/// fine-tuning, `save … format=bert`, and the one-line errors for bad folders.
@Suite struct BertSessionTests {
  static let fixture = BertReference.folder("gelu")

  /// A session holding the `gelu` fixture as `bert`, in a fresh working folder.
  static func session() throws -> (Session, String) {
    let folder = try PythonSupport.temporaryFolder("bert")
    let s = Session(workingDirectory: folder)
    try execute(["load bert from \(fixture)"], in: s)
    return (s, folder)
  }

  /// The value of `bert2.output.dense.weight` in model `name` (a weight deep in the encoder).
  static func weight(_ s: Session, _ name: String) throws -> [Float]? {
    try s.model(name).network.parameters.first { $0.0 == "bert2.output.dense.weight" }?.1.value.data
  }

  /// A copy of the fixture folder with `change` applied to it.
  static func brokenCopy(_ change: (String) throws -> Void) throws -> String {
    let folder = try PythonSupport.temporaryFolder("bert-broken")
    for file in ["config.json", "model.safetensors", "vocab.txt", "tokenizer_config.json"] {
      try FileManager.default.copyItem(atPath: fixture + "/" + file, toPath: folder + "/" + file)
    }
    try change(folder)
    return folder
  }

  @Test func loadGivesTheEncoderWithItsVocabulary() throws {
    let folder = try PythonSupport.temporaryFolder("bert")
    let s = Session(workingDirectory: folder)
    let r = s.execute("load bert from \(Self.fixture)")
    #expect(r.succeeded, "\(r.output)")
    #expect(r.output.hasPrefix("bert: BERT encoder, 2 blocks of width 32 ("))
    #expect(r.output.contains("WordPiece vocabulary of 212 tokens (uncased)"))
    let shown = s.execute("show bert").output
    #expect(shown.contains("bert_embeddings") && shown.contains("bert2"), "\(shown)")
    #expect(s.execute("load again from \(Self.fixture) format=bert").succeeded)
  }

  /// BERT's pretraining objective on a loaded checkpoint: a decoder tied to the word embeddings of
  /// `bert_embeddings` (one tensor), trained with `task=mlm` using the WordPiece vocabulary's [MASK].
  @Test func maskedLanguageModelOnALoadedBertTiesItsDecoderToTheWordEmbeddings() throws {
    let (s, _) = try Self.session()
    try execute(
      [
        "synth movies domain=movies n=80 seed=1",
        "model m = encoder bert | dense out=vocab tie=bert_embeddings",
        "train m on movies task=mlm epochs=2 batch=16 lr=0.001 seed=1",
      ], in: s)
    let network = try s.model("m").network
    let decoder = try #require(network.layer(named: "dense")?.layer.parameters.first { $0.0 == "weight" }?.1)
    let words = try #require(network.parameters.first { $0.0 == "bert_embeddings.word_embeddings.weight" }?.1)
    #expect(decoder === words, "the decoder is the word-embedding tensor itself")
    #expect(!network.parameters.contains { $0.0 == "dense.weight" }, "a tied tensor is listed once")
    let original = try s.model("bert").network.parameters.first { $0.0 == "bert_embeddings.word_embeddings.weight" }
    #expect(original?.1.value.data != words.value.data, "training through the tie moved the embeddings")
    let eval = s.execute("eval m on movies task=mlm")
    #expect(eval.succeeded && eval.output.contains("masked accuracy"), "\(eval.output)")
  }

  @Test func classifierOnTheEncoderFineTunesAndSavesBack() throws {
    let (s, folder) = try Self.session()
    try execute(
      [
        "synth movies domain=movies n=60 seed=1", "model clf = encoder bert | pool cls | dense out=2",
      ], in: s)
    let show = s.execute("show clf").output
    #expect(show.contains("pool") && show.contains("dense"), "\(show)")
    let before = try Self.weight(s, "clf")
    let source = try Self.weight(s, "bert")
    #expect(before == source, "the encoder's weights are copied")
    let trained = s.execute("train clf on movies epochs=1 batch=16 lr=0.001")
    #expect(trained.succeeded, "\(trained.output)")
    let after = try Self.weight(s, "clf")
    #expect(after != before, "fine-tuning changes the encoder")
    let saved = s.execute("save clf to tuned format=bert")
    #expect(saved.succeeded, "\(saved.output)")
    #expect(saved.output.contains("model.safetensors with 37 tensors"), "\(saved.output)")
    for file in ["config.json", "model.safetensors", "vocab.txt", "tokenizer_config.json"] {
      #expect(FileManager.default.fileExists(atPath: folder + "/tuned/" + file), "\(file)")
    }
    try execute(["load back from tuned"], in: s)
    let reloaded = try Self.weight(s, "back")
    #expect(reloaded == after)
    try execute(["save clf to clf.safetensors", "load clf2 from clf.safetensors"], in: s)
    #expect(
      try s.model("clf2").vocabulary == s.model("clf").vocabulary, "a repl checkpoint keeps the WordPiece vocabulary")
    #expect(s.execute("predict clf2 \"a great film\"").output == s.execute("predict clf \"a great film\"").output)
    try execute(
      [
        "model clf0 = copy clf", "freeze clf bert_embeddings,bert",
        "train clf on movies epochs=2 batch=16 unfreeze=gradual",
      ], in: s)
    let export = s.execute("export clf to exported")
    #expect(
      export.output.hasPrefix(
        "error: 'clf' has the layer 'bert_embeddings' (bert_embeddings), which export does not write yet"))
    #expect(!FileManager.default.fileExists(atPath: folder + "/exported"))
    let drift = s.execute("drift clf0 clf")
    #expect(drift.succeeded && drift.output.contains("bert2 "), "\(drift.output)")
  }

  /// Needs Hugging Face transformers (CI need not have it).
  @Test(
    .enabled(
      if: TestConditions.hasTransformers, "needs python3 with torch and transformers (pip install torch transformers)"))
  func fineTunedFolderLoadsInTransformersWithTheSameHiddenStates() throws {
    let (s, folder) = try Self.session()
    try execute(
      [
        "synth movies domain=movies n=40 seed=2", "model clf = encoder bert | pool cls | dense out=2",
        "train clf on movies epochs=1 batch=8 lr=0.001", "save clf to tuned format=bert",
      ], in: s)
    let network = try s.model("clf").network
    let reference = try BertReference.load("gelu")
    let batch = reference.batch
    let blocks = network.layers.lastIndex { $0.layer.typeName == "bert" } ?? 0
    let hidden = try network.forward(batch, context: LayerContext(training: false), upTo: blocks + 1)
    let ours: [[String: Any]] = reference.sentences.enumerated().map { b, sentence in
      let n = sentence.ids.count * reference.hidden_size
      let start = b * batch.time * reference.hidden_size
      return ["ids": sentence.ids.map(Int.init), "hidden": hidden.values.data[start..<(start + n)].map(Double.init)]
    }
    try JSONSerialization.data(withJSONObject: ours).write(to: URL(fileURLWithPath: folder + "/ours.json"))
    let script = """
      import json, torch
      from transformers import BertModel
      m = BertModel.from_pretrained('tuned').eval()
      worst = 0.0
      for s in json.load(open('ours.json')):
          with torch.no_grad():
              h = m(input_ids=torch.tensor([s['ids']])).last_hidden_state[0].reshape(-1)
          worst = max(worst, (h - torch.tensor(s['hidden'])).abs().max().item())
      print(worst)
      """
    let r = try PythonSupport.run(["-c", script], in: folder)
    #expect(r.status == 0, "\(r.err)")
    let worst = Double(r.out.trimmingCharacters(in: .whitespacesAndNewlines)) ?? .infinity
    #expect(worst < 1e-4, "hidden states of the fine-tuned encoder differ by \(worst)")
    let original = try Self.weight(s, "bert")
    #expect(try Self.weight(s, "clf") != original, "the saved encoder is the fine-tuned one")
  }

  @Test func badFoldersAreOneLineErrorsThatChangeNothing() throws {
    let cases: [(String, (String) throws -> Void)] = [
      ("no config.json", { try FileManager.default.removeItem(atPath: $0 + "/config.json") }),
      (
        "model_type 'distilbert'",
        { folder in
          let text = try String(contentsOfFile: folder + "/config.json", encoding: .utf8)
          try text.replacingOccurrences(of: "\"model_type\": \"bert\"", with: "\"model_type\": \"distilbert\"")
            .write(toFile: folder + "/config.json", atomically: true, encoding: .utf8)
        }
      ),
      (
        "tensor 'encoder.layer.0.intermediate.dense.weight' has shape [64, 32], config.json gives [48, 32]",
        { folder in
          let text = try String(contentsOfFile: folder + "/config.json", encoding: .utf8)
          try text.replacingOccurrences(of: "\"intermediate_size\": 64", with: "\"intermediate_size\": 48")
            .write(toFile: folder + "/config.json", atomically: true, encoding: .utf8)
        }
      ),
      (
        "is beyond config.json's num_hidden_layers=1",
        { folder in
          let text = try String(contentsOfFile: folder + "/config.json", encoding: .utf8)
          try text.replacingOccurrences(of: "\"num_hidden_layers\": 2", with: "\"num_hidden_layers\": 1")
            .write(toFile: folder + "/config.json", atomically: true, encoding: .utf8)
        }
      ),
      (
        "no [UNK] token",
        { folder in
          let text = try String(contentsOfFile: folder + "/vocab.txt", encoding: .utf8)
          try text.replacingOccurrences(of: "[UNK]\n", with: "[UNKNOWN]\n")
            .write(toFile: folder + "/vocab.txt", atomically: true, encoding: .utf8)
        }
      ),
      (
        "only pytorch_model.bin (a pickle, which we never execute); convert it with python -c",
        { folder in
          try FileManager.default.moveItem(atPath: folder + "/model.safetensors", toPath: folder + "/pytorch_model.bin")
        }
      ),
    ]
    for (expected, change) in cases {
      let broken = try Self.brokenCopy(change)
      let (s, _) = try Self.session()
      let before = s.execute("list").output
      let r = s.execute("load bert from \(broken)")
      #expect(!r.succeeded)
      #expect(r.output.hasPrefix("error: ") && r.output.contains(expected), "\(expected): \(r.output)")
      #expect(r.output.split(separator: "\n").count == 1, "\(r.output)")
      #expect(s.execute("list").output == before, "\(expected): the session changed")
    }
  }

  @Test func savingANonBertModelAsBertIsRefused() throws {
    let (s, _) = try Self.session()
    try execute(
      [
        "synth movies domain=movies n=50 seed=1", "vocab v from movies",
        "model m = embedding dim=4 | pool mean | dense out=2 vocab=v",
      ], in: s)
    let r = s.execute("save m to out format=bert")
    #expect(r.output.hasPrefix("error: format=bert writes a BERT encoder"), "\(r.output)")
    let d = s.execute("save movies to out format=bert")
    #expect(d.output.hasPrefix("error: format=bert saves a BERT model"), "\(d.output)")
  }
}
