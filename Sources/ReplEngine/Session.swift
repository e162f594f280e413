import BuiltinLayers
import CommandLanguage
import LayerKit
import PluginHost
import TensorCore
import TextFormatting

#if canImport(Glibc)
  import Glibc
#endif

/// The one engine: a `Workspace` (named objects, variables, layer types, plugins), the driver's
/// `OutputSettings`, and `execute(line)`.
///
/// The prompt, `repl --run`, notebooks and the tests are thin drivers around this class. It has a
/// single owner; only `cancellation` may be touched from another thread (a signal handler).
public final class Session {
  /// What commands change: objects, variables, layer types and plugins (rolled back on failure).
  public internal(set) var workspace = Workspace()
  /// What the session noted while starting (the memory budget); drivers show it.
  public internal(set) var startupMessages: [String] = []
  /// Raised by Ctrl-C; long-running commands poll it at safe points.
  public let cancellation: CancellationToken
  /// Whether a terminal is attached (progress bars, colour).
  public var interactive: Bool
  /// How results are shown (JSON mode, timing, width, sinks): the driver's side, not the workspace's.
  public var output = OutputSettings()
  /// The directory relative paths are resolved against.
  public var workingDirectory: String
  /// Every command executed (as typed, continuation lines included) with its output and whether it
  /// succeeded, for `save transcript` and `--record`.
  public internal(set) var log: [(command: [String], output: String, succeeded: Bool)] = []
  /// Asks the person at the prompt a yes/no question (redefining an object that took work to make);
  /// nil in scripts, `-c` and piped input, where such a command fails instead.
  public var confirm: ((String) -> Bool)?
  /// How long the command that made each object took, for objects that took a long time.
  var slowlyMade: [String: Duration] = [:]
  /// Models whose in-place changes the running command keeps even if it fails (`train` stopped
  /// by Ctrl-C or a diverging loss keeps the weights it describes).
  var keptOnFailure: Set<ObjectIdentifier> = []
  /// How many `source` files are open (guards against a script that sources itself).
  var sourceDepth = 0

  /// A session with the built-in layer types and no plugins (the command-line driver loads
  /// `REPL_PLUGIN_PATH`). A driver that handles Ctrl-C passes the token its signal handler raises.
  public init(
    interactive: Bool = false, workingDirectory: String? = nil, cancellation: CancellationToken = CancellationToken()
  ) {
    self.cancellation = cancellation
    self.interactive = interactive
    self.workingDirectory = workingDirectory ?? currentDirectory()
    if let message = Session.memoryLimitStartupMessage() { startupMessages.append(message) }
  }

  /// Executes one logical line (continuations joined) and returns its output and status.
  ///
  /// `typed` is the command as the user wrote it, one element per physical line (defaults to
  /// `line`); it is what transcripts record. A command that does not succeed leaves the objects,
  /// variables, layer registry, plugins and models (down to each parameter) exactly as they were.
  @discardableResult
  public func execute(_ line: String, typed: [String]? = nil) -> CommandResult {
    cancellation.reset()
    let out = CommandOutput(
      sink: sink, errorSink: errorSink, progress: interactive ? progressSink : nil, errorPrefix: errorLocation,
      json: jsonOutput, width: width)
    let saved = workspace.snapshot()
    keptOnFailure = []
    let clock = ContinuousClock()
    let start = clock.now
    var status = CommandResult.Status.ok
    var message: String?
    var name: String?
    do {
      let parsed = try perform(line, out)
      name = parsed?.definition.name
      if name == "quit" { status = .quit }
      if let parsed { noteCost(of: parsed, clock.now - start) }
    } catch {
      (status, message) = report(error, out)
      workspace.restore(saved, keeping: keptOnFailure)
    }
    let elapsed = clock.now - start
    reportTime(elapsed, out)
    var output = out.text
    if name != nil || message != nil {
      if out.json { output = emitRecord(line, status, message, out) }
      if !Session.unrecorded.contains(name ?? "") { log.append((typed ?? [line], output, message == nil)) }
    }
    return CommandResult(status: status, output: output, error: message, elapsed: elapsed)
  }

  /// `format json`: prints the command's one-line JSON object and returns the command's output as
  /// a transcript records it (its error lines, then the object).
  private func emitRecord(
    _ line: String, _ status: CommandResult.Status, _ message: String?, _ out: CommandOutput
  ) -> String {
    let record = out.record(command: line, status: status.name, error: message).rendered + "\n"
    sink?(record)
    return out.diagnostics + record
  }

  /// Commands that are not written to transcripts.
  static let unrecorded: Set<String> = ["quit", "save transcript"]

  /// Parses and runs one logical line; returns nil for a blank or comment line.
  func perform(_ line: String, _ out: CommandOutput) throws(CommandFailure) -> ParsedCommand? {
    let parsed: ParsedCommand
    do {
      guard let p = try Parser.parse(line, variables: variables, table: Commands.table) else { return nil }
      parsed = p
    } catch {
      throw .syntax(error.rendered(line: line.substitutingVariables(variables)))
    }
    guard let command = Commands.byName[parsed.definition.name] else {
      throw .failed("'\(parsed.definition.name)' is not available in this build")
    }
    do {
      try bindingLimits {
        try checkReplacements(parsed)
        try command.run(CommandContext(self), parsed, out)
      }
    } catch let error as ReplError {
      throw .failed(error.message)
    } catch let failure as CommandFailure {
      throw failure
    } catch is CancelledError {
      throw .interrupted
    } catch {
      throw .failed("\(error)")
    }
    return parsed
  }

  /// Prints a failure as one `error: …` line (plus the caret lines of a syntax error).
  private func report(_ error: CommandFailure, _ out: CommandOutput) -> (CommandResult.Status, String) {
    switch error {
    case .failed(let message):
      out.error(message)
      return (.failed, message)
    case .interrupted:
      out.error("interrupted")
      return (.interrupted, "interrupted")
    case .syntax(let rendered):
      var lines = rendered.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
      let first = lines.removeFirst()
      let message = first.hasPrefix("error: ") ? String(first.dropFirst(7)) : first
      out.error(message)
      for extra in lines { out.diagnostic(extra) }
      return (.syntaxError, message)
    }
  }

  /// `timing on` prints the elapsed time as part of the output; otherwise a command over a second
  /// reports it on the terminal only (so a replay's output does not depend on the machine's speed).
  private func reportTime(_ elapsed: Duration, _ out: CommandOutput) {
    if timing {
      out.line("time: \(formatDuration(elapsed))")
    } else if interactive && !out.json && elapsed > .seconds(1) {
      sink?("time: \(formatDuration(elapsed))\n")
    }
  }
}

extension Session {
  /// Named objects by name (the workspace's).
  public internal(set) var objects: [String: SessionObject] {
    get { workspace.objects }
    _modify { yield &workspace.objects }
    set { workspace.objects = newValue }
  }
  /// Variables set with `set` or `--set` (the workspace's).
  public var variables: [String: String] {
    get { workspace.variables }
    _modify { yield &workspace.variables }
    set { workspace.variables = newValue }
  }
  /// Layer types: built-ins plus loaded plugins (the workspace's).
  public internal(set) var registry: LayerRegistry {
    get { workspace.registry }
    _modify { yield &workspace.registry }
    set { workspace.registry = newValue }
  }
  /// Run-time plugins loaded so far, in load order (the workspace's).
  public internal(set) var plugins: [LoadedPlugin] {
    get { workspace.plugins }
    _modify { yield &workspace.plugins }
    set { workspace.plugins = newValue }
  }
}

/// The process's current directory.
func currentDirectory() -> String {
  var buffer = [CChar](repeating: 0, count: 4096)
  guard getcwd(&buffer, buffer.count) != nil else { return "." }
  return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
