import Schema

/// The kind of named object a positional argument refers to, for checking and completion.
public enum ObjectKind: String, Sendable, Equatable {
  case dataset, vocabulary, model, vectors, any
  /// `model.layer`: a layer of a model (completion offers `clf.embedding`, …).
  case layer
  /// An entry of the pretrained-model zoo (`imdb-lm`), not a session object.
  case pretrained
}

/// What a positional argument holds.
public enum ValueKind: Sendable, Equatable {
  /// A new object name being defined (`load NAME …`).
  case newName
  /// The name of an existing object of that kind.
  case object(ObjectKind)
  /// A file-system path (completed from the file system).
  case path
  /// A quoted string or a single word.
  case text
  /// One of these words (`timing on|off`).
  case word([String])
}

/// One element of a command's positional grammar.
public indirect enum ArgumentSpec: Sendable, Equatable {
  /// A literal word such as `from`, `on`, `to`, `->`, `=`, `as`.
  case keyword(String)
  /// One placeholder value, shown in help as its name (`NAME`, `PATH`).
  case value(String, ValueKind)
  /// A group that may be absent as a whole.
  case optional([ArgumentSpec])
  /// One or more values of one kind (`compare A B … on D`).
  case oneOrMore(String, ValueKind)
  /// The raw remainder of the line (a model spec after `=`), options included.
  case rest(String)
  /// Alternative forms; the first that matches wins (`predict NAME "text"` | `predict NAME on D`).
  case alternatives([[ArgumentSpec]])
}

/// A declarative command: the single source from which the parser, `help` and completion derive.
public struct CommandDefinition: Sendable {
  /// The verb, possibly two words (`plugin load`, `save transcript`, `pretrain skipgram`).
  public let name: String
  /// The help section (`Session`, `Data`, `Models`, `Training`, `Transfer`, `Plugins`).
  public let category: String
  /// A one-line summary.
  public let abstract: String
  /// The positional grammar after the verb.
  public let arguments: [ArgumentSpec]
  /// `key=value` options with types and defaults.
  public let options: [OptionSpec]
  /// Bare words allowed after the arguments (`plan` in `transfer … plan`).
  public let flags: [String]
  /// A complete example line.
  public let example: String
  /// Extra help text (caveats such as the stopword warning); may be empty.
  public let discussion: String

  /// A definition; see the properties for the meaning of each part.
  public init(
    _ name: String, category: String, abstract: String, arguments: [ArgumentSpec] = [],
    options: [OptionSpec] = [], flags: [String] = [], example: String, discussion: String = ""
  ) {
    self.name = name
    self.category = category
    self.abstract = abstract
    self.arguments = arguments
    self.options = options
    self.flags = flags
    self.example = example
    self.discussion = discussion
  }
}
