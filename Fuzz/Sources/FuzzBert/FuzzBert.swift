import BuiltinLayers
import FuzzSupport
import LayerKit
import TextData
import Transfer

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// The committed BERT fixture (run from the package root, as scripts/fuzz.sh does).
let fixture = "Tests/TransferTests/Fixtures/bert/gelu"

/// The fixture's tokenizer, for inputs that are texts.
let fixtureTokenizer: WordPieceTokenizer? = {
  guard let text = try? String(contentsOfFile: fixture + "/vocab.txt", encoding: .utf8) else { return nil }
  return try? WordPieceTokenizer(tokens: WordPieceTokenizer.lines(of: text), lowercase: true)
}()

/// The built-in layers, which a BERT folder is built from.
let registry = LayerRegistry(BuiltinLayers.all)

/// A scratch BERT folder holding the fixture's weights and vocabulary, whose config.json each
/// input replaces.
let folder: String = {
  for file in ["model.safetensors", "vocab.txt"] {
    if let bytes = FileManager.default.contents(atPath: fixture + "/" + file) {
      FuzzScratch.write(Array(bytes), to: "bert/" + file)
    }
  }
  return FuzzScratch.folder + "/bert"
}()

/// A Hugging Face BERT folder's parts: the first byte chooses what the rest is: a `config.json`
/// (parsed, then loaded with the fixture's weights, which it must match), a `vocab.txt` (a
/// WordPiece tokenizer built from it, cased or not, tokenising a text and the file itself), or a
/// text for the fixture's tokenizer.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzBert(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  var input = FuzzInput(data, size)
  switch input.byte() % 3 {
  case 0:
    let bytes = Array(input.bytes)
    _ = try? BertConfig(json: Data(bytes), path: "config.json")
    FuzzScratch.write(bytes, to: "bert/config.json")
    _ = try? BertFolder.load(from: folder, display: "bert", registry: registry)
  case 1:
    let lowercase = input.byte() % 2 == 0
    let text = input.rest()
    if let tokenizer = try? WordPieceTokenizer(tokens: WordPieceTokenizer.lines(of: text), lowercase: lowercase) {
      _ = tokenizer.encode("Héllo, UNAFFABLE wörld! 東京 ##x [CLS]")
      _ = tokenizer.encode(text)
    }
  default:
    _ = fixtureTokenizer?.encode(input.rest())
  }
  return 0
}
