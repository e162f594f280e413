/// What completion needs to know about the live session, injected so the completer stays pure.
/// The engine implements it over the session's objects, the layer registry and the file system.
public protocol CompletionContext {
  /// The commands of the language (their words, grammar and options).
  var commands: CommandTable { get }
  /// Names of the objects of `kind` (`.any`: every object; `.layer` is never asked).
  func names(of kind: ObjectKind) -> [String]
  /// The layer names of model `model` (`embedding`, `lstm`, …), empty if there is no such model.
  func layerNames(ofModel model: String) -> [String]
  /// The registered layer type names (`embedding`, `lstm`, `dense`, …).
  var layerTypes: [String] { get }
  /// The option keys of layer type `type`, without `=`.
  func layerOptionKeys(_ type: String) -> [String]
  /// Paths that start with `prefix` (as typed, relative or absolute), each spelled with that same
  /// prefix; directories end in `/` so completion can continue into them.
  func files(withPrefix prefix: String) -> [String]
  /// The defined variables (`set NAME VALUE`), completed after `$`; empty by default.
  var variableNames: [String] { get }
}

extension CompletionContext {
  /// No variables unless the context says otherwise.
  public var variableNames: [String] { [] }
}

/// One completion: the text that replaces the word being typed, and whether a blank follows it.
public struct CompletionCandidate: Sendable, Equatable {
  /// The full replacement for the word from `CompletionResult.start` to the cursor.
  public var text: String
  /// False for `lr=` (a value follows) and for directories (`data/`); true otherwise.
  public var appendsSpace: Bool

  /// A candidate.
  public init(_ text: String, appendsSpace: Bool = true) {
    self.text = text
    self.appendsSpace = appendsSpace
  }
}

/// The result of `Completer.complete`: where the replaced word starts and what may replace it.
public struct CompletionResult: Sendable, Equatable {
  /// UTF-8 byte offset in the line where the word being completed starts (as libedit counts).
  public var start: Int
  /// The text from `start` to the cursor (what each candidate replaces).
  public var word: String
  /// The candidates in a useful order (grammar order, then names as the context gave them).
  public var candidates: [CompletionCandidate]

  /// A result.
  public init(start: Int, word: String, candidates: [CompletionCandidate]) {
    self.start = start
    self.word = word
    self.candidates = candidates
  }

  /// The candidate texts alone.
  public var texts: [String] { candidates.map(\.text) }
}
