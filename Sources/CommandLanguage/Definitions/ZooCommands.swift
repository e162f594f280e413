import Schema

/// The pretrained-model zoo: models the tool builds once from a recipe and keeps by recipe hash.
let zooCommands: [CommandDefinition] = [
  CommandDefinition(
    "pretrained", category: "Pretrained", abstract: "List the pretrained-model zoo: entries, recipes, builds",
    example: "pretrained",
    discussion:
      "Each entry is a catalogue file zoo/NAME.zoo (name:, corpus:, product:, recipe: then one REPL command a line); REPL_ZOO_CATALOGUE=DIR reads them from DIR instead. Builds live in $REPL_ZOO, else DATA/zoo (DATA: the data directory), as NAME-HASH/model.safetensors and build.json, where HASH is the first 12 hex digits of the recipe's SHA-256. built: yes (checksum verified), no, or damaged (a file missing or not matching its SHA-256)."
  ),
  CommandDefinition(
    "pretrained build", category: "Pretrained",
    abstract: "Build a zoo entry: run its recipe in a scratch session, save the product with its checksum",
    arguments: [.value("NAME", .object(.pretrained))], example: "pretrained build imdb-lm",
    discussion:
      "The recipe runs in a fresh session working in the data directory, so your session is unchanged. A build with the same recipe hash that verifies is kept (nothing is done); a damaged one is replaced. The build is written to a temporary folder and renamed into place, so it is never seen half written. From the shell: make pretrained [ZOO=NAME]."
  ),
  CommandDefinition(
    "pretrained show", category: "Pretrained", abstract: "Show a zoo entry's recipe and its build",
    arguments: [.value("NAME", .object(.pretrained))], example: "pretrained show imdb-lm",
    discussion: "load NAME (or load OTHER from NAME) loads a built entry as a model, after checking its SHA-256."
  ),
]
