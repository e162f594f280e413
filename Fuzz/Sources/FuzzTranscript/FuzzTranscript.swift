import FuzzSupport
import Notebook

/// The transcript (notebook) parser: the input is a whole transcript file; a transcript that
/// parses is rendered and the rendering parsed again.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTranscript(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  guard let transcript = try? Notebook.parse(bytes, name: "fuzz.txt") else { return 0 }
  _ = try? Transcript.parse(transcript.render(), file: "rendered.txt")
  return 0
}
