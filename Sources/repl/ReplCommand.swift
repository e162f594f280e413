import ArgumentParser
import ReplEngine

/// When to colour the output.
enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
  case auto, always, never
}

/// How results are printed: aligned text, or one JSON object per command (JSON Lines).
enum OutputStyle: String, ExpressibleByArgument, CaseIterable {
  case table, json
}

/// The command line of `repl`, parsed by swift-argument-parser.
struct ReplCommand: ParsableCommand {
  static let version = replVersion

  static let configuration = CommandConfiguration(
    commandName: "repl",
    abstract: "A REPL for exploring and teaching transfer learning on text.",
    discussion: """
      Without options, starts the prompt (type 'help'). Results go to standard output, errors and \
      warnings to standard error. Exit status of --run and -c: 0 ok, \
      1 a command failed, 2 usage or syntax error (FILE:LINE), 3 --check mismatches, 130 interrupted \
      (Ctrl-C), 143 terminated (SIGTERM; 129 SIGHUP): the running command stops at its next safe point.
      """,
    version: version)

  @Option(
    name: .customLong("run"),
    help: ArgumentHelp("Run a script or replay a transcript ('-' reads it from standard input).", valueName: "FILE"))
  var file: String?

  @Flag(help: "With --run: compare every output with the recorded one; exit 3 on a mismatch.")
  var check = false

  @Flag(help: "With --run: rewrite the recorded outputs in place.")
  var update = false

  @Flag(help: "With --run: teach step by step (Enter run, e edit, s skip, b back, q quit, ? keys).")
  var step = false

  @Flag(name: .customShort("i"), help: "With --run: continue at the prompt after the replay.")
  var interactiveAfterRun = false

  @Flag(name: .customLong("keep-going"), help: "Do not stop at the first failing command.")
  var keepGoing = false

  @Option(
    name: .customShort("c"),
    help: ArgumentHelp("Run a command and exit; repeat to run several in order.", valueName: "command"))
  var commands: [String] = []

  @Option(name: .customLong("set"), help: ArgumentHelp("Set a variable before running.", valueName: "name=value"))
  var assignments: [String] = []

  @Option(help: ArgumentHelp("Write the session as a transcript to FILE at exit.", valueName: "FILE"))
  var record: String?

  @Option(name: .customLong("plugin"), help: ArgumentHelp("Load a layer plugin first.", valueName: "PATH"))
  var plugins: [String] = []

  @Option(help: "Print results as text tables, or as one JSON object per command on one line (json).")
  var format: OutputStyle = .table

  @Option(help: "When to colour errors (NO_COLOR also turns colour off).")
  var color: ColorChoice = .auto

  func validate() throws {
    if file == nil && (check || update || step || interactiveAfterRun) {
      throw ValidationError("--check, --update, --step and -i need --run FILE")
    }
    if format == .json && (check || update) {
      throw ValidationError("--format json cannot be used with --check or --update (transcripts record text)")
    }
    if check && update { throw ValidationError("use either --check or --update, not both") }
    if file == "-" && update { throw ValidationError("--update rewrites a file; it cannot be used with --run -") }
    if file != nil && !commands.isEmpty { throw ValidationError("use either --run FILE or -c COMMAND, not both") }
    for assignment in assignments where !assignment.contains("=") || assignment.hasPrefix("=") {
      throw ValidationError("--set needs name=value, got '\(assignment)'")
    }
  }

  /// The `--set` assignments as (name, value) pairs.
  var variables: [(String, String)] {
    assignments.compactMap { a in
      a.firstIndex(of: "=").map { (String(a[..<$0]), String(a[a.index(after: $0)...])) }
    }
  }
}
