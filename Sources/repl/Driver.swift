import CommandLanguage
import LineEditing
import Notebook
import ReplEngine

#if canImport(Glibc)
  import Glibc
#endif

/// Runs what the command line asked for: one command (`-c`), a file (`--run`), piped input or the
/// prompt. Every path drives the same `Session`.
struct Driver {
  let options: ReplCommand
  let console: Console
  let session: Session
  /// What starting said: one line per `REPL_PLUGIN_PATH` entry, then the session's own notes.
  let startupMessages: [String]

  init(options: ReplCommand) {
    self.options = options
    self.console = Console(choice: options.color)
    let terminal = standardInputIsTerminal && standardOutputIsTerminal
    session = Session(interactive: terminal && !options.check, cancellation: Signals.shared.token)
    let console = self.console
    session.sink = { console.out($0) }
    session.errorSink = { console.err($0) }
    session.jsonOutput = options.format == .json
    session.width = Driver.outputWidth(interactive: session.interactive)
    session.progressSink = { console.progress($0) }
    let searchPath = getenv("REPL_PLUGIN_PATH").map { String(cString: $0) } ?? ""
    startupMessages = session.loadPlugins(searchPath: searchPath) + session.startupMessages
  }

  /// The columns output is fitted to: the terminal's, when results go to one (not with `--check`,
  /// so a replay compares the same text in any window), else 80.
  static func outputWidth(interactive: Bool) -> Int {
    interactive && standardOutputIsTerminal ? terminalColumns(1) ?? 80 : 80
  }

  /// Runs and returns the exit status.
  func run() -> Int32 {
    let stepsAtTerminal = options.step && standardInputIsTerminal
    Signals.install(
      batch: (!options.commands.isEmpty || options.file != nil || !standardInputIsTerminal) && !stepsAtTerminal)
    reportStartupMessages()
    for (name, value) in options.variables {
      do {
        try session.setVariable(name, value)
      } catch {
        console.err("error: --set \(name)=\(value): \(error)\n")
        return 2
      }
    }
    var code = loadPlugins()
    if code == 0 {
      if !options.commands.isEmpty {
        code = runCommands(options.commands)
      } else if let file = options.file {
        code = runFile(file)
        if let status = Signals.shared.stopStatus { code = status }
        if options.interactiveAfterRun && code != 2 {
          code = Prompt(session: session, console: console).run(initialCode: code)
        }
      } else if standardInputIsTerminal {
        code = Prompt(session: session, console: console).run(initialCode: 0)
      } else {
        code = runPiped()
      }
    }
    if let record = options.record { code = saveRecord(record, code) }
    return code
  }

  /// What starting said (plugins from REPL_PLUGIN_PATH, the memory budget): errors always go to
  /// stderr, so a bad entry never fails silently; other notes only at the prompt.
  private func reportStartupMessages() {
    for message in startupMessages {
      if message.hasPrefix("error:") {
        console.err(message + "\n")
      } else if session.interactive {
        console.out(message + "\n")
      }
    }
  }

  /// `--plugin PATH …` through the engine's `plugin load`.
  private func loadPlugins() -> Int32 {
    for path in options.plugins {
      let quoted = path.replacingAll("\\", "\\\\").replacingAll("\"", "\\\"")
      let result = session.execute("plugin load \"\(quoted)\"")
      if !result.succeeded { return 1 }
    }
    return 0
  }

  /// `-c "command"`, once or repeated: in order, stopping at the first failure unless
  /// `--keep-going`. With several, an error names the one that failed (`-c 2: error: …`).
  private func runCommands(_ commands: [String]) -> Int32 {
    var code: Int32 = 0
    for (index, command) in commands.enumerated() {
      session.errorLocation = commands.count > 1 ? "-c \(index + 1): " : ""
      let result = session.execute(command)
      if let status = Signals.shared.stopStatus { return status }
      if result.status == .interrupted { return 130 }
      if result.status == .quit { break }
      if !result.succeeded {
        if code == 0 { code = exitCode(result.status) }
        if !options.keepGoing { break }
      }
    }
    return code
  }

  /// `--run FILE` with `--check`, `--update`, `--step`.
  private func runFile(_ path: String) -> Int32 {
    let file = path == "-" ? "<stdin>" : path
    var transcript: Transcript
    do {
      transcript =
        path == "-"
        ? try Notebook.parse(Terminal.readStandardInput(), name: file)
        : try Notebook.load(session.resolvePath(file), name: file)
    } catch {
      console.err("\(error.message)\n")
      return 2
    }
    let replayOptions = ReplayOptions(
      check: options.check, update: options.update, step: options.step, keepGoing: options.keepGoing)
    let console = self.console
    let replay = Replay(
      session: session, file: file, options: replayOptions, write: { console.out($0) },
      writeError: { console.err($0) }, stepConsole: stepConsole(),
      interruptRequested: { Signals.shared.stopRequested })
    var outcome = replay.run(&transcript)
    if Signals.shared.stopRequested { outcome.interrupted = true }
    if options.check {
      let verdict = outcome.mismatches == 0 ? "ok" : "\(outcome.mismatches) mismatched"
      console.out("\(file): \(outcome.executed) commands checked, \(verdict)\n")
    }
    if options.update && !transcript.isPlainScript {
      do {
        try Notebook.save(transcript, to: session.resolvePath(file))
        console.err("\(file): \(outcome.mismatches) outputs updated\n")
      } catch {
        console.err("error: \(error.message)\n")
        return 1
      }
      return outcome.exitCode(checking: false)
    }
    return outcome.exitCode(checking: options.check)
  }

  /// The step-mode answers: the line editor at a terminal, else lines from /dev/tty or stdin.
  private func stepConsole() -> StepConsole? {
    guard options.step else { return nil }
    guard standardInputIsTerminal else { return PipedStepConsole(console: console) }
    let console = self.console
    session.confirm = { Terminal.confirm($0, console: console) }
    return TerminalStepConsole(session: session)
  }

  /// Piped standard input, read as a plain script as it arrives: no prompt, banner, colour or
  /// progress; stops at the first failure.
  private func runPiped() -> Int32 {
    let reader = PlainLineReader()
    var script = TranscriptParser(file: "<stdin>")
    var code: Int32 = 0
    while true {
      guard case .line(let line) = reader.read(prompt: "") else { break }
      guard let command = script.addScriptLine(line) else { continue }
      session.errorLocation = "\(script.file):\(command.line): "
      let result = session.execute(command.command, typed: command.typed)
      if let status = Signals.shared.stopStatus { return status }
      if result.status == .interrupted { return 130 }
      if result.status == .quit { break }
      if !result.succeeded {
        code = exitCode(result.status)
        if !options.keepGoing { break }
      }
    }
    return Signals.shared.stopStatus ?? code
  }

  /// `--record FILE`: the session as a transcript.
  private func saveRecord(_ path: String, _ code: Int32) -> Int32 {
    do {
      try TextFile.write(session.resolvePath(path), session.transcript())
      return code
    } catch {
      console.err("error: \(error.message)\n")
      return code == 0 ? 1 : code
    }
  }

  /// The exit status for a command's status.
  private func exitCode(_ status: CommandResult.Status) -> Int32 {
    switch status {
    case .ok, .quit: return 0
    case .failed: return 1
    case .syntaxError: return 2
    case .interrupted: return 130
    }
  }
}
