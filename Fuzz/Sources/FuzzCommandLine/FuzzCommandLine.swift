import CommandLanguage
import FuzzSupport
import ReplEngine

/// The command-line parser and `$NAME` substitution. The input is `VALUE\nLINE`: VALUE becomes the
/// variables `v` and `name`, LINE is parsed with them (and substituted on its own).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCommandLine(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  var input = FuzzInput(data, size)
  let text = input.rest()
  let parts = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
  let value = parts.count > 1 ? String(parts[0]) : "1"
  let line = String(parts.last ?? "")
  let variables = ["v": value, "name": value, "n": "4"]
  _ = line.substitutingVariables(variables)
  _ = try? Parser.parse(line, variables: variables, table: Commands.table)
  _ = try? Parser.parse(text, table: Commands.table)
  return 0
}
