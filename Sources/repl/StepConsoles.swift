import CommandLanguage
import LineEditing
import Notebook
import ReplEngine

/// Step mode at a terminal: answers and asides are read with the line editor (Tab completes
/// from the lesson's session), `e` puts the step's command in it to edit, Ctrl-C at the step
/// prompt clears the line, and Ctrl-C during a step cancels only that step.
final class TerminalStepConsole: StepConsole {
  private let editor: LineEditor
  let staysOnFailure = true

  /// An editor whose completion reads `session`; no history file (the lesson is not the user's).
  init(session: Session) {
    editor = LineEditor(history: nil) { line, cursor in
      let result = Completer.complete(line: line, cursor: cursor, context: session)
      return (result.start, result.candidates.map { ($0.text, $0.appendsSpace) })
    }
  }

  var columns: Int { terminalColumns(1) ?? 80 }

  func answer(prompt: String) -> String? {
    while true {
      switch editor.read(prompt: prompt) {
      case .line(let line):
        editor.remember(line)
        return line
      case .interrupted: clearInterrupt()
      case .endOfInput: return nil
      }
    }
  }

  func edit(_ command: String) -> String? {
    guard case .line(let line) = editor.read(prompt: "edit> ", editing: command) else {
      clearInterrupt()
      return nil
    }
    editor.remember(line)
    return line
  }

  func clearInterrupt() { Signals.shared.clearInterrupt() }
}

/// Step mode without a terminal on standard input: answers read line by line (from /dev/tty when
/// there is one, else standard input) and echoed; `e` reads the edited command as the next line.
final class PipedStepConsole: StepConsole {
  private let console: Console
  let staysOnFailure = false
  let columns = 80

  init(console: Console) { self.console = console }

  func answer(prompt: String) -> String? {
    console.out(prompt)
    let console = self.console
    return Terminal.readAnswer(echo: { console.out($0) })
  }

  func edit(_ command: String) -> String? { answer(prompt: "edit> ") }

  func clearInterrupt() {}
}
