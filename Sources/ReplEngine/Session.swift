import BuiltinLayers
import CommandLanguage
import LayerKit
import PluginHost
import TensorCore

/// What one command did: its output, and whether it succeeded.
public struct CommandResult: Sendable {
  public enum Status: Sendable, Equatable {
    case ok
    /// The command failed; nothing in the session changed.
    case failed
    /// The line could not be parsed.
    case syntaxError
    /// The command was interrupted by Ctrl-C at a safe point.
    case interrupted
    /// `quit` was requested.
    case quit
  }
  public var status: Status
  /// Everything printed, errors included (`error: …`).
  public var output: String
  public var succeeded: Bool { status == .ok || status == .quit }
}

/// A handler runs one parsed command against the session, printing to `out`.
typealias Handler = @Sendable (Session, ParsedCommand, CommandOutput) throws -> Void

/// The one engine: every named object, the variables, the layer registry, and `execute(line)`.
///
/// The prompt, `repl --run`, notebooks and the tests are thin drivers around this class. It has a
/// single owner; only `cancellation` may be touched from another thread (a signal handler).
public final class Session {
  /// Named objects by name.
  public internal(set) var objects: [String: SessionObject] = [:]
  /// Variables set with `set` or `--set`.
  public var variables: [String: String] = [:]
  /// Layer types: built-ins plus loaded plugins.
  public internal(set) var registry: LayerRegistry
  /// Run-time plugins loaded so far, in load order (`plugin load`, `REPL_PLUGIN_PATH`).
  public internal(set) var plugins: [LoadedPlugin] = []
  /// What loading `REPL_PLUGIN_PATH` at start printed (failures as `error: …` lines); drivers show it.
  public internal(set) var startupMessages: [String] = []
  /// Raised by Ctrl-C; long-running commands poll it at safe points.
  public let cancellation = CancellationToken()
  /// Whether a terminal is attached (progress bars, colour).
  public var interactive: Bool
  /// `timing on`: report elapsed time after every command.
  public var timing = false
  /// `format json`: print tables as JSON.
  public var jsonOutput = false
  /// Where streamed output goes while a command runs (the terminal); nil collects only.
  public var sink: ((String) -> Void)?
  /// Where transient progress lines go (a terminal only).
  public var progressSink: ((String) -> Void)?
  /// The directory relative paths are resolved against.
  public var workingDirectory: String
  /// Every command executed with its output, for `save transcript`.
  public internal(set) var log: [(command: String, output: String)] = []

  /// A session with the built-in layer types.
  public init(interactive: Bool = false, workingDirectory: String? = nil) {
    BLAS.configure()
    self.registry = LayerRegistry(BuiltinLayers.all)
    self.interactive = interactive
    self.workingDirectory = workingDirectory ?? currentDirectory()
    self.startupMessages = loadPlugins(searchPath: environment("REPL_PLUGIN_PATH") ?? "")
  }

  /// Executes one logical line (continuations joined) and returns its output and status.
  public func execute(_ line: String) -> CommandResult {
    cancellation.reset()
    let out = CommandOutput(sink: sink, progress: interactive ? progressSink : nil)
    let status = run(line, out)
    let trimmed = line.trimmingBlanks()
    if !trimmed.isEmpty && !trimmed.hasPrefix("#") { log.append((line, out.text)) }
    return CommandResult(status: status, output: out.text)
  }

  private func run(_ line: String, _ out: CommandOutput) -> CommandResult.Status {
    let parsed: ParsedCommand
    do {
      guard let p = try Parser.parse(line, variables: variables) else { return .ok }
      parsed = p
    } catch {
      out.line(error.rendered(line: line.substitutingVariables(variables)))
      return .syntaxError
    }
    guard let handler = Session.handlers[parsed.definition.name] else {
      out.line("error: '\(parsed.definition.name)' is not available in this build")
      return .failed
    }
    let clock = ContinuousClock()
    let start = clock.now
    do {
      try handler(self, parsed, out)
    } catch let error as ReplError {
      out.line("error: \(error.message)")
      return .failed
    } catch is CancelledError {
      out.line("error: interrupted")
      return .interrupted
    } catch {
      out.line("error: \(error)")
      return .failed
    }
    let elapsed = clock.now - start
    if timing || elapsed > .seconds(1) { out.line("time: \(formatDuration(elapsed))") }
    return parsed.definition.name == "quit" ? .quit : .ok
  }

  /// Every handler, merged from the per-area tables (one file per area under Handlers/).
  static let handlers: [String: Handler] = {
    var all: [String: Handler] = [:]
    for table in [sessionHandlers, dataHandlers, modelHandlers, trainingHandlers, transferHandlers, pluginHandlers] {
      all.merge(table) { first, _ in first }
    }
    return all
  }()
}
