import Foundation
import LayerKit
import ReplEngine
import ReplTestSupport
import Testing
import TextData
import Training

@testable import Transfer

/// `transfer FILE.safetensors -> MODEL` and `load MODEL from FILE` with state dicts PyTorch wrote
/// (Tests/TransferTests/Fixtures, made by scripts/make-foreign-fixtures.py; no PyTorch needed here).
@Suite("Foreign state dicts")
struct ForeignStateDictTests {
  static let fixtures = TestPaths.inPackage("Tests/TransferTests/Fixtures")

  /// What PyTorch recorded about a fixture (scripts/make-foreign-fixtures.py).
  struct Record: Decodable {
    struct Info: Decodable {
      var shape: [Int]
      var sum: Double
      var first: Double
    }
    var tensors: [String: Info]
    var ids: [[Int32]]?
    var logits: [[Double]]?
  }

  func record(_ name: String) throws -> Record {
    try JSONDecoder().decode(Record.self, from: Data(contentsOf: URL(fileURLWithPath: "\(Self.fixtures)/\(name).json")))
  }

  func session(_ lines: [String]) throws -> Session {
    let s = Session(workingDirectory: Self.fixtures)
    try execute(lines, in: s)
    return s
  }

  static let lstm = "model clf = embedding dim=8 | lstm hidden=6 | pool last | dense out=2 vocab_size=20"
  static let gru =
    "model g = embedding dim=8 | gru hidden=5 layers=2 bidirectional=yes | pool mean | dense out=3 vocab_size=20"

  /// Every parameter whose file name (after `prefix`) is in the record has PyTorch's sum and first value.
  func expectValues(_ model: TextModel, _ record: Record, prefix: String) {
    var checked = 0
    for (key, p) in model.network.parameters {
      guard let info = record.tensors[prefix + key] else { continue }
      #expect(p.value.shape == info.shape, "\(key)")
      let sum = p.value.data.reduce(0.0) { $0 + Double($1) }
      #expect(abs(sum - info.sum) < 1e-4, "\(key): sum \(sum), PyTorch \(info.sum)")
      #expect(abs(Double(p.value.data[0]) - info.first) < 1e-6, "\(key)")
      checked += 1
    }
    #expect(checked > 0)
  }

  @Test func ddpStateDictImportsWithPrefixAndGivesPyTorchsLogits() throws {
    let s = try session([Self.lstm])
    let r = s.execute("transfer torch_lstm_ddp.safetensors -> clf prefix=module.")
    #expect(r.succeeded, "\(r.output)")
    #expect(r.output.contains("lstm.weight_ih_l0  copied  [24, 8]  [24, 8]"))
    #expect(r.output.contains("transferred torch_lstm_ddp.safetensors -> clf: 7 copied"))
    let model = try s.model("clf")
    let record = try record("torch_lstm_ddp")
    expectValues(model, record, prefix: "module.")
    let sequences = try #require(record.ids)
    let time = sequences.map(\.count).max() ?? 0
    let tokens = sequences.flatMap { $0 + [Int32](repeating: 0, count: time - $0.count) }
    let input = Activation(tokens: tokens, batch: sequences.count, time: time, lengths: sequences.map(\.count))
    let ours = try model.network.forward(input, context: LayerContext(training: false)).values.data
    let theirs = try #require(record.logits).flatMap { $0 }
    #expect(ours.count == theirs.count)
    for (a, b) in zip(ours, theirs) { #expect(abs(Double(a) - b) < 1e-5, "ours \(a), PyTorch \(b)") }
  }

  @Test func encoderWithAnotherHeadNeedsPrefixAndStrictNo() throws {
    let s = try session([Self.gru])
    let before = snapshot(try s.model("g"))
    let noPrefix = s.execute("transfer torch_gru_encoder.safetensors -> g")
    #expect(noPrefix.error?.contains("matches a parameter of 'g' by name") == true)
    #expect(noPrefix.error?.contains("the nearest to 'embedding.weight' is 'encoder.embedding.weight'") == true)
    #expect(noPrefix.error?.contains("try prefix=encoder.") == true)
    let strict = s.execute("transfer torch_gru_encoder.safetensors -> g prefix=encoder.")
    #expect(
      strict.error?.contains("2 missing (dense.weight, dense.bias), 2 unexpected (head.bias, head.weight)") == true)
    let plan = s.execute("transfer torch_gru_encoder.safetensors -> g prefix=encoder. strict=no plan")
    #expect(plan.succeeded)
    #expect(plan.output.contains("head.weight               unexpected  [3, 10]   -         nearest: dense.weight"))
    #expect(plan.output.contains("dense.bias                missing     -         [3]       not in the file"))
    #expect(snapshot(try s.model("g")) == before)
    let r = s.execute("transfer torch_gru_encoder.safetensors -> g prefix=encoder. strict=no freeze=yes")
    #expect(r.succeeded, "\(r.output)")
    #expect(
      r.output.contains(
        "17 copied, 0 remapped, 0 skipped, 0 left at their initial values, 2 missing from the file, 2 unexpected in the file (ignored); froze embedding, gru"
      ))
    let model = try s.model("g")
    expectValues(model, try record("torch_gru_encoder"), prefix: "encoder.")
    #expect(snapshot(model)["dense.weight"] == before["dense.weight"])
    #expect(model.network.parameters.filter { $0.1.frozen }.count == 17)
  }

  @Test func float64TensorsAreConverted() throws {
    let s = try session([Self.lstm])
    let r = s.execute("transfer torch_dense_f64.safetensors -> clf strict=no")
    #expect(r.succeeded, "\(r.output)")
    #expect(r.output.contains("5 missing from the file"))
    expectValues(try s.model("clf"), try record("torch_dense_f64"), prefix: "")
  }

  @Test func badFilesAreOneLineErrorsAndChangeNothing() throws {
    let s = try session([Self.lstm, Self.gru])
    let before = [snapshot(try s.model("clf")), snapshot(try s.model("g"))]
    let folder = try PythonSupport.temporaryFolder("foreign")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: "\(Self.fixtures)/torch_lstm_ddp.safetensors")))
    try Data(bytes.prefix(40)).write(to: URL(fileURLWithPath: "\(folder)/truncated.safetensors"))
    let cases: [(String, String)] = [
      ("transfer torch_batchnorm_i64.safetensors -> clf strict=no", "has dtype 'I64'; we read F32, F64, F16, BF16"),
      ("transfer \(folder)/truncated.safetensors -> clf", "truncated safetensors file: header needs"),
      (
        "transfer torch_lstm_ddp.safetensors -> g prefix=module. strict=no",
        "'dense.weight' has shape [2, 6] in 'torch_lstm_ddp.safetensors' but [3, 10] in 'g'; leave 'dense' out with layers=embedding"
      ),
      (
        "transfer torch_lstm_ddp.safetensors -> clf prefix=encoder.",
        "no tensor name in 'torch_lstm_ddp.safetensors' starts with prefix=encoder.; its names start with module."
      ),
      ("transfer missing.safetensors -> clf", "missing.safetensors"),
      ("load clf from torch_gru_encoder.safetensors", "takes prefix=, strict=no and layers="),
      (
        "load fresh from torch_lstm_ddp.safetensors",
        "is a plain safetensors file (7 tensors, not a repl checkpoint): build the model first"
      ),
    ]
    for (line, message) in cases {
      let r = s.execute(line)
      #expect(r.status == .failed, "\(line)")
      #expect(r.error?.contains(message) == true, "\(line): \(r.error ?? r.output)")
      #expect(r.output.split(separator: "\n").count <= 1, "\(line): \(r.output)")
    }
    #expect([snapshot(try s.model("clf")), snapshot(try s.model("g"))] == before)
    #expect((try? s.model("fresh")) == nil)
  }

  @Test func loadIntoAnExistingModelImportsByName() throws {
    let s = try session([Self.lstm])
    let folder = try PythonSupport.temporaryFolder("foreign-load")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    // The DDP fixture without its `module.` prefix, as a plain state dict.
    var file = try SafetensorsFile.decode(
      [UInt8](Data(contentsOf: URL(fileURLWithPath: "\(Self.fixtures)/torch_lstm_ddp.safetensors"))))
    for i in file.tensors.indices { file.tensors[i].name.removeFirst("module.".count) }
    try Data(file.encoded()).write(to: URL(fileURLWithPath: "\(folder)/plain.safetensors"))
    let r = s.execute("load clf from \(folder)/plain.safetensors")
    #expect(r.succeeded, "\(r.output)")
    #expect(r.output.contains("7 copied"))
    expectValues(try s.model("clf"), try record("torch_lstm_ddp"), prefix: "module.")
  }

  @Test func halfPrecisionTypesDecode() throws {
    // F16 1.0, -2.5, 65504 and a subnormal; BF16 1.0 and -0.15625.
    let header =
      "{\"a\":{\"dtype\":\"F16\",\"shape\":[4],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[8,12]}}"
    var bytes = withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian) { Array($0) } + Array(header.utf8)
    for h: UInt16 in [0x3C00, 0xC100, 0x7BFF, 0x0001, 0x3F80, 0xBE20] { bytes += [UInt8(h & 0xff), UInt8(h >> 8)] }
    let dict = try ForeignStateDict.decode(bytes)
    #expect(dict.tensors[0].values == [1, -2.5, 65504, 0x1p-24])
    #expect(dict.tensors[1].values == [1, -0.15625])
    #expect(throws: TransferError.self) { try SafetensorsFile.decode(bytes) }
  }
}
