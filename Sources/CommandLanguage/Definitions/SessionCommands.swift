import Schema

/// Session commands: help, objects, variables, scripts, transcripts.
let sessionCommands: [CommandDefinition] = [
  CommandDefinition(
    "help", category: "Session", abstract: "List commands, or show one command's usage, options and example",
    arguments: [.optional([.rest("TOPIC")])], example: "help train",
    discussion: "Topics: a command name, 'layers' (the layer types), 'language' (syntax)."),
  CommandDefinition(
    "list", category: "Session", abstract: "List every named object in the session", example: "list"),
  CommandDefinition(
    "show", category: "Session", abstract: "Describe a dataset, vocabulary, model, layer or vectors object",
    arguments: [.value("NAME", .object(.any))], example: "show clf"),
  CommandDefinition(
    "drop", category: "Session", abstract: "Remove a named object from the session",
    arguments: [.value("NAME", .object(.any))], example: "drop movies.val"),
  CommandDefinition(
    "set", category: "Session", abstract: "Define a variable used later as $NAME or ${NAME}; alone, list them",
    arguments: [.optional([.value("NAME", .newName), .value("VALUE", .text)])], example: "set epochs 3",
    discussion:
      "set REPL_MEMORY_LIMIT 2G (or the environment variable of that name) changes the memory budget: commands that allocate from a number you typed (synth n=, sample n=, model sizes, pretrain skipgram dim=, generate n=, train batch=/bptt=/maxlen=) check the size first and fail with one line if it is over. Sizes take K, M, G or T, or a share of physical memory such as 75%; the default is 50% of physical memory."),
  CommandDefinition(
    "source", category: "Session", abstract: "Run the commands of a script file",
    arguments: [.value("FILE", .path)], example: "source setup.repl"),
  CommandDefinition(
    "timing", category: "Session", abstract: "Report elapsed time after each command",
    arguments: [.value("STATE", .word(["on", "off"]))], example: "timing on"),
  CommandDefinition(
    "format", category: "Session", abstract: "Print results as aligned tables or JSON",
    arguments: [.value("STYLE", .word(["table", "json"]))], example: "format json"),
  CommandDefinition(
    "save transcript", category: "Session", abstract: "Write this session as a replayable notebook",
    arguments: [.value("FILE", .path)],
    options: [OptionSpec("clean", .bool, default: "no", help: "leave out failed commands and their errors")],
    example: "save transcript lesson.txt clean=yes"),
  CommandDefinition("quit", category: "Session", abstract: "Leave the REPL (also Ctrl-D)", example: "quit"),
]
