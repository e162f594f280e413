import Foundation
import ReplTestSupport
import Testing
import TextData

@testable import ReplEngine

/// The bad-input catalogue (issue 16 item 5): commands, options, datasets, vectors, checkpoints,
/// plugins and scripts that must fail with a one-line `error: …` (plus the caret lines of a syntax
/// error) and leave the workspace exactly as it was. Add every input that ever crashed or hung here.
@Suite struct BadInputCatalogueTests {
  static let cases: [String] = [
    "tran clf on d",
    "train",
    "train clf",
    "train clf on",
    "train clf on nope",
    "train nope on d",
    "train clf on d epochs=0",
    "train clf on d epochs=-1",
    "train clf on d epochs=abc",
    "train clf on d batch=0",
    "train clf on d lr=0",
    "train clf on d lr=-1",
    "train clf on d lr=nan",
    "train clf on d lr=inf",
    "train clf on d opt=rmsprop",
    "train clf on d momentum=1",
    "train clf on d wd=-1",
    "train clf on d clip=-1",
    "train clf on d bptt=1",
    "train clf on d task=translate",
    "train clf on d val=nope",
    "train clf on d patience=2",
    "train clf on d unknownopt=1",
    "train clf on d epochs=99999999999999999999",
    "train clf on v",
    "train v on d",
    "train clf on d threads=0",
    "train lm on d",
    "eval clf on nope",
    "eval nope on d",
    "eval clf on v",
    "eval clf on d maxlen=0",
    "eval v on d",
    "predict clf",
    "predict nope \"x\"",
    "predict clf on nope",
    "predict clf on d n=0",
    "predict lm \"good\"",
    "compare on d",
    "compare clf nope on d",
    "compare clf on nope",
    "generate clf \"the\"",
    "generate lm \"the\" n=0",
    "generate lm \"the\" temperature=0",
    "generate lm \"the\" temperature=-1",
    "generate lm \"the\" n=4294967296",
    "generate nope \"the\"",
    "synth",
    "synth x n=0",
    "synth x n=-5",
    "synth x domain=space",
    "synth x noise=2",
    "synth x noise=-0.1",
    "synth x shift=5",
    "synth x n=4294967296",
    "synth x n=99999999999999999999999",
    "split nope",
    "split d train=0.9 test=0.9",
    "split d train=0",
    "split d train=-1 test=2",
    "split d train=abc",
    "sample d n=0 as s",
    "sample d n=1000000 as s",
    "sample nope n=2 as s",
    "sample d n=2",
    "head nope",
    "head d -3",
    "head d abc",
    "vocab w",
    "vocab w from nope",
    "vocab w from d size=0",
    "vocab w from d min_count=-1",
    "vocab w from d stopwords=klingon",
    "vocab w from v",
    "model",
    "model m",
    "model m =",
    "model m = embedding",
    "model m = embedding dim=8 | pool mean | dense out=2",
    "model m = embedding dim=8 | pool mean | dense out=2 vocab=nope",
    "model m = embedding dim=8 | pool mean | dense out=2 vocab=d",
    "model m = embedding dim=0 | pool mean | dense out=2 vocab=v",
    "model m = embedding dim=-1 | pool mean | dense out=2 vocab=v",
    "model m = embedding dim=8 | pool avg | dense out=2 vocab=v",
    "model m = embedding dim=8 | pool mean | dense out=0 vocab=v",
    "model m = embedding dim=8 | lstm hidden=0 | pool last | dense out=2 vocab=v",
    "model m = embedding dim=8 | lstm hidden=99999999999 | pool last | dense out=2 vocab=v",
    "model m = embedding dim=8 | warp speed=9 | dense out=2 vocab=v",
    "model m = dense out=2 | embedding dim=8 vocab=v",
    "model m = embedding dim=8 | pool mean | dense out=2 vocab=v vocab_size=10",
    "model m = embedding dim=8 | pool mean | dense out=2 vocab_size=1",
    "model m = embedding dim=8 | pool mean | dense out=2 vocab_size=0",
    "model m = embedding dim=8 | lstm hidden=8 | dense out=2 vocab=v",
    "model m = embedding dim=8 | dropout p=2 | pool mean | dense out=2 vocab=v",
    "model m = embedding dim=8 | transformer heads=3 | pool mean | dense out=2 vocab=v",
    "model m = copy nope",
    "model m = embedding dim=99999999999 | pool mean | dense out=2 vocab=v",
    "model m = embedding dim=8 | pool mean | dense out=99999999999 vocab=v",
    "freeze nope embedding",
    "freeze clf warp",
    "freeze clf",
    "unfreeze clf warp",
    "load x from nope.csv",
    "load x from ragged.csv",
    "load x from empty.csv",
    "load x from header.csv",
    "load x from badutf.csv",
    "load x from good.csv text=body",
    "load x from good.csv label=stars",
    "load x from good.csv format=xml",
    "load x from ragged.vec",
    "load x from bad.jsonl",
    "load x from emptydir",
    "load x from one.tsv",
    "load x from good.csv limit=0",
    "load x from junk.safetensors",
    "load x from trunc.safetensors",
    "load x from huge.safetensors",
    "load nope-dataset",
    "show nope",
    "show clf.warp",
    "drop nope",
    "set 1abc 2",
    "set a-b 2",
    "set REPL_MEMORY_LIMIT lots",
    "source nope.repl",
    "source fail.repl",
    "source emptydir",
    "timing maybe",
    "format xml",
    "save transcript emptydir",
    "save clf to emptydir",
    "save nope to x.safetensors",
    "transfer nope -> clf",
    "transfer clf -> nope",
    "transfer clf -> lm layers=warp",
    "transfer clf -> lm layers=embedding freeze=maybe",
    "drift nope clf",
    "similarity d nope",
    "neighbors nope good",
    "pretrain skipgram s on nope",
    "pretrain skipgram s on d dim=0",
    "pretrain skipgram s on d min_count=100000",
    "pretrain skipgram s on d dim=4294967296",
    "plot nope",
    "plot clf metric=speed",
    "history nope",
    "help nonsense",
    "plugin load nope.so",
    "plugin load good.csv",
    "fetch nope-dataset",
    "\"unterminated",
    "train clf on d epochs=",
    "train clf on d =5",
    "train clf on d epochs=1 epochs=2",
    "model m = embedding dim=8 | | dense out=2 vocab=v",
    "model m = | dense out=2 vocab=v",
    "list extra",
    "quit now",
    "$undefined",
    "train clf on $nothing",
    // zoo (pretrained models)
    "pretrained show nope",
    "pretrained build nope",
    "pretrained show",
    "pretrained bogus",
    "load nope-model",
    "load imdb-lm as x",
    // learning curves
    "curve",
    "curve clf on d",
    "curve clf on d test=d.test sizes=0",
    "curve clf on d test=d.test sizes=abc",
    "curve clf on d test=d.test sizes=10 seeds=0",
    "curve nope on d test=d.test sizes=10",
    "curve v on d test=d.test sizes=10",
    "curve clf on d test=nope sizes=10",
    "curve clf on d test=d.test sizes=1000000",
    "curve clf,clf on d test=d.test sizes=10",
    "curve clf on d test=d.test sizes=10 to emptydir/missing/x.svg",
    // transcripts and scripts
    "source stray.txt",
    "source dangling.txt",
    "source binary.txt",
    "source unterminated.repl",
    "source failing-transcript.txt",
    // plugins
    "plugin load bad.so",
    "plugin load",
    "plugin list extra",
    // BERT folders (Hugging Face layout)
    "load x from emptydir format=bert",
    "load x from gpt",
    "load x from pickle",
    "load x from noweights",
  ]

  /// A folder of broken files the cases load.
  static let folder: String = {
    let folder = temporaryFolder()
    let files: [String: [UInt8]] = [
      "good.csv": Array("label,text\npos,good\nneg,bad\npos,fine\n".utf8),
      "ragged.csv": Array("label,text\npos,good\nneg,bad,extra\n".utf8),
      "empty.csv": [],
      "header.csv": Array("label,text\n".utf8),
      "badutf.csv": Array("label,text\npos,".utf8) + [0xFF, 0xFE] + Array(" bad\nneg,ok\n".utf8),
      "ragged.vec": Array("the 0.1 0.2\nof 0.3\n".utf8),
      "junk.safetensors": Array("garbage".utf8),
      "trunc.safetensors": [0x10, 0, 0, 0, 0, 0, 0, 0] + Array("{\"a\":".utf8),
      "huge.safetensors": [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F],
      "bad.jsonl": Array("{\"text\": \"a\", \"label\": 1}\n{\"text\": \n".utf8),
      "one.tsv": Array("label\ttext\npos\tgood\n".utf8),
      "fail.repl": Array("drop nothing\n".utf8),
      "stray.txt": Array("...> stray\nrepl> list\n".utf8),
      "dangling.txt": Array("repl> synth q n=5 \\\n".utf8),
      "binary.txt": [0xFF, 0xFE, 0x00, 0x01] + Array("repl> list\n".utf8),
      "unterminated.repl": Array("synth \"q n=5\n".utf8),
      "failing-transcript.txt": Array("repl> synth q n=0\nq: 5 examples\n".utf8),
      "bad.so": Array("junk".utf8),
      "gpt/config.json": Array("{\"model_type\": \"gpt2\", \"architectures\": [\"GPT2Model\"]}".utf8),
      "pickle/config.json": BadInputCatalogueTests.bertConfig,
      "pickle/vocab.txt": Array("[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\nthe\n".utf8),
      "pickle/pytorch_model.bin": Array("PK\u{3}\u{4}".utf8),
      "noweights/config.json": BadInputCatalogueTests.bertConfig,
      "noweights/vocab.txt": Array("[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\nthe\n".utf8),
    ]
    for (name, bytes) in files {
      let parent = (folder + "/" + name as NSString).deletingLastPathComponent
      try? FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
      _ = FileManager.default.createFile(atPath: folder + "/" + name, contents: Data(bytes))
    }
    try? FileManager.default.createDirectory(atPath: folder + "/emptydir", withIntermediateDirectories: true)
    return folder
  }()

  /// A tiny BERT config.json (what `transformers` writes, trimmed).
  static let bertConfig = Array(
    """
    {"model_type": "bert", "architectures": ["BertModel"], "hidden_size": 8, "num_hidden_layers": 1,
     "num_attention_heads": 2, "intermediate_size": 16, "hidden_act": "gelu", "max_position_embeddings": 16,
     "type_vocab_size": 2, "vocab_size": 6, "layer_norm_eps": 1e-12}
    """.utf8)

  /// The commands that make the catalogue's workspace: a dataset and its split, a vocabulary, a
  /// trained classifier and a language model.
  static let setup = [
    "synth d n=100", "split d train=0.8 test=0.2", "vocab v from d",
    "model clf = embedding dim=8 | pool mean | dense out=2 vocab=v", "train clf on d epochs=1",
    "model lm = embedding dim=8 | lstm hidden=8 | dense out=vocab vocab=v",
  ]

  /// A session holding the workspace `setup` makes, working in `folder`.
  static func session() -> Session {
    ReplTestSupport.session(running: setup, in: folder)
  }

  /// Runs the debug `repl` binary (built by `swift build --build-tests`) with `--run` on `setup`
  /// followed by `command`, in `folder`; returns the exit status and standard error.
  static func runScript(ending command: String) throws -> (status: Int32, stderr: String) {
    let script = NSTemporaryDirectory() + "catalogue-" + UUID().uuidString + ".repl"
    try (setup + [command]).joined(separator: "\n").appending("\n").write(
      toFile: script, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: script) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: try TestPaths.replBinary())
    process.arguments = ["--run", script]
    process.currentDirectoryURL = URL(fileURLWithPath: folder)
    let errors = Pipe()
    process.standardError = errors
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return (process.terminationStatus, stderr)
  }

  @Test(arguments: cases)
  func failsWithOneLineAndChangesNothing(_ command: String) {
    let session = BadInputCatalogueTests.session()
    let before = WorkspaceSnapshot(session)
    let result = session.execute(command)
    let lines = result.output.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
    #expect(result.status == .failed || result.status == .syntaxError, "\(command): \(result.output)")
    #expect(lines.first?.hasPrefix("error: ") == true, "\(command): \(result.output)")
    #expect(result.error.map { !$0.isEmpty && !$0.contains("\n") } == true, "\(command): \(result.output)")
    if result.status == .failed { #expect(lines.count == 1, "\(command): \(result.output)") }
    #expect(WorkspaceSnapshot(session) == before, "\(command) changed the workspace")
  }

  /// In a script, each case stops the run at its line with exit 1 (a failed command) or 2 (a
  /// syntax error) and an error on stderr that names the script and line: one line for a failed
  /// command, plus the caret lines of a syntax error.
  @Test(arguments: cases)
  func stopsARunWithExitOneOrTwo(_ command: String) throws {
    let (status, stderr) = try BadInputCatalogueTests.runScript(ending: command)
    let lines = stderr.split(separator: "\n")
    let line = BadInputCatalogueTests.setup.count + 1
    #expect(status == 1 || status == 2, "\(command): exit \(status), \(stderr)")
    #expect(lines.first?.contains(".repl:\(line): error: ") == true, "\(command): \(stderr)")
    if status == 1 { #expect(lines.count == 1, "\(command): \(stderr)") }
  }

  /// The snapshot sees what a command that succeeds changes, down to one training step.
  @Test(arguments: ["set x 1", "train clf on d epochs=1", "freeze clf embedding", "timing on", "drop d.test"])
  func theSnapshotSeesAChange(_ command: String) {
    let session = BadInputCatalogueTests.session()
    let before = WorkspaceSnapshot(session)
    #expect(session.execute(command).succeeded)
    #expect(WorkspaceSnapshot(session) != before, "\(command)")
  }

  @Test func theCatalogueIsLarge() {
    #expect(BadInputCatalogueTests.cases.count >= 150)
    #expect(Set(BadInputCatalogueTests.cases).count == BadInputCatalogueTests.cases.count)
  }
}
