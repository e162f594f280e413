import CommandLanguage
import LineEditing
import ReplEngine
import Transcripts

/// The interactive prompt: libedit on a terminal, Tab completion from the live session, history
/// appended to the history file after every command, Ctrl-D, `quit`, SIGHUP and SIGTERM.
struct Prompt {
  let session: Session
  let console: Console

  /// Reads and executes commands until Ctrl-D or `quit`; returns the exit status.
  func run(initialCode: Int32) -> Int32 {
    Signals.shared.enterPrompt()
    let session = self.session
    let editor = LineEditor(history: HistoryFile.standard()) { line, cursor in
      let result = Completer.complete(line: line, cursor: cursor, context: session)
      return (result.start, result.candidates.map { ($0.text, $0.appendsSpace) })
    }
    console.out("repl \(ReplCommand.version): transfer learning on text. Type 'help', Tab completes, Ctrl-D quits.\n")
    var assembler = LineAssembler()
    var typed: [String] = []
    session.errorLocation = ""
    let console = self.console
    session.sink = { console.out($0) }
    session.errorSink = { console.err($0) }
    session.confirm = { Terminal.confirm($0, console: console) }
    while true {
      Signals.shared.clearInterrupt()
      if let signal = Signals.shared.terminationSignal { return 128 + signal }
      switch editor.read(prompt: (assembler.isContinuing ? TranscriptPrompt.continuation : .command).text) {
      case .endOfInput:
        console.out("\n")
        return initialCode
      case .interrupted:
        assembler = LineAssembler()
        typed = []
      case .line(let line):
        editor.remember(line)
        typed.append(line)
        guard let logical = assembler.feed(line) else { continue }
        session.width = Driver.outputWidth(interactive: true)
        let result = session.execute(logical, typed: typed)
        typed = []
        console.clearProgress()
        if result.status == .quit { return initialCode }
      }
    }
  }
}
