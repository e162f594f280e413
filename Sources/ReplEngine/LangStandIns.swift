import CommandLanguage
import Schema

// TEMPORARY stand-ins for the CommandLanguage API that the "lang" helper is writing (LineAssembler,
// Help, CompletionContext, Completer, TextTable). Delete this file when lang's branch is merged.

/// Joins physical lines into logical commands: a trailing `\` continues the command.
public struct LineAssembler {
  private var parts: [String] = []
  /// A joiner with nothing pending.
  public init() {}
  /// Whether a continued command is waiting for its next line.
  public var isPending: Bool { !parts.isEmpty }
  /// Feeds one physical line; returns the logical command once it is complete.
  public mutating func feed(_ line: String) -> String? {
    if line.hasSuffix("\\") {
      parts.append(String(line.dropLast()))
      return nil
    }
    let whole = (parts + [line]).joined(separator: " ")
    parts = []
    return whole
  }
}

/// Help texts generated from the command table.
public enum Help {
  /// `help`: every command with its one-line summary.
  public static func overview() -> String {
    CommandTable.all.map { "  \($0.name)  \($0.abstract)" }.joined(separator: "\n")
  }
  /// `help COMMAND`, or nil when there is no such command.
  public static func command(_ name: String) -> String? {
    guard let d = CommandTable.definition(named: name) else { return nil }
    return "\(d.name): \(d.abstract)\nexample: \(d.example)"
  }
  /// `help language`.
  public static func language() -> String { "one command a line; # comments; \\ continues" }
  /// Topic names besides commands.
  public static let topics = ["layers", "language"]
}

/// What completion needs to know about live session state.
public protocol CompletionContext {
  /// Object names of a kind.
  func names(of kind: ObjectKind) -> [String]
  /// The layer names of a model.
  func layerNames(ofModel model: String) -> [String]
  /// Every layer type name.
  var layerTypes: [String] { get }
  /// The option keys of a layer type.
  func layerOptionKeys(_ type: String) -> [String]
  /// Paths starting with `prefix`.
  func files(withPrefix prefix: String) -> [String]
}

/// Completion candidates replacing `line[start..<cursor]`.
public struct CompletionResult: Sendable, Equatable {
  /// Replacements for the word being completed.
  public var candidates: [String]
  /// Character offset where the replaced word starts.
  public var start: Int
}

/// Completion of command names and object names (a stand-in).
public enum Completer {
  /// Candidates for the word under the cursor.
  public static func complete(line: String, cursor: Int, context: any CompletionContext) -> CompletionResult {
    let before = String(line.prefix(cursor))
    let word = before.split(separator: " ", omittingEmptySubsequences: false).last.map(String.init) ?? ""
    let start = before.count - word.count
    let pool: [String]
    if start == 0 {
      pool = CommandTable.all.map { String($0.name.split(separator: " ")[0]) }
    } else {
      pool = context.names(of: .any)
    }
    return CompletionResult(candidates: Array(Set(pool.filter { $0.hasPrefix(word) })).sorted(), start: start)
  }
}

/// Aligned plain-text tables.
public struct TextTable {
  /// Column titles.
  public var header: [String]
  /// Rows of cells.
  public var rows: [[String]]
  /// A table.
  public init(header: [String], rows: [[String]]) {
    self.header = header
    self.rows = rows
  }
  /// The lines, columns padded to their widest cell.
  public func render() -> String {
    let all = [header] + rows
    let widths = header.indices.map { i in all.map { i < $0.count ? $0[i].count : 0 }.max() ?? 0 }
    return all.map { row in
      row.enumerated().map { i, c in i == row.count - 1 ? c : c + String(repeating: " ", count: widths[i] + 2 - c.count) }
        .joined()
    }.joined(separator: "\n")
  }
}
