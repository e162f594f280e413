import Schema

/// Model commands: building from layer specs, copying, freezing.
let modelCommands: [CommandDefinition] = [
  CommandDefinition(
    "model", category: "Models",
    abstract:
      "Build a model from layers separated by '|', copy one (model NEW = copy OLD), or start from another model's body (model NEW = encoder LM | pool concat | dense out=2)",
    arguments: [.value("NAME", .newName), .keyword("="), .rest("SPEC")],
    options: [
      OptionSpec("vocab", .string, help: "vocabulary the model reads (sets the embedding size)"),
      OptionSpec("vocab_size", .int(min: 2), help: "vocabulary size when no vocabulary is given"),
      OptionSpec("seed", .int(min: 0), default: "1", help: "seed for the initial weights"),
      replaceOption,
    ],
    example: "model clf = embedding dim=64 | lstm hidden=128 | pool last | dense out=2 vocab=v"),
  CommandDefinition(
    "freeze", category: "Models", abstract: "Freeze layers so no optimizer updates them",
    arguments: [.value("MODEL", .object(.model)), .oneOrMore("LAYERS", .text)], example: "freeze clf embedding,lstm"),
  CommandDefinition(
    "unfreeze", category: "Models", abstract: "Unfreeze layers (all when none are named)",
    arguments: [.value("MODEL", .object(.model)), .optional([.oneOrMore("LAYERS", .text)])],
    example: "unfreeze clf all"),
]
