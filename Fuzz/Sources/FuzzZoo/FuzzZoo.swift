import FuzzSupport
import ReplEngine

/// The zoo catalogue parser: the input is one `*.zoo` file, parsed alone and read as a catalogue
/// folder of that one file.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzZoo(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  var input = FuzzInput(data, size)
  let bytes = input.bytes
  _ = try? ZooEntry.parse(input.rest(), file: "fuzz.zoo")
  FuzzScratch.write(bytes, to: "zoo/fuzz.zoo")
  _ = ZooCatalogue(directory: FuzzScratch.folder + "/zoo").entries
  return 0
}
