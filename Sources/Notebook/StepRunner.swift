import CommandLanguage
import ReplEngine
import TextFormatting
import Transcripts

/// `repl --run LESSON --step`, the teaching mode: before each command it shows "step k of n", the
/// prose that leads to it and the command, then waits for a key (`?` lists them). Any other text
/// typed at the step prompt runs as an aside without advancing. On a terminal a step that fails or
/// is cancelled with Ctrl-C returns to the step prompt; with piped answers the first failure ends
/// the lesson, as a plain replay does.
struct StepRunner {
  let replay: Replay
  let console: StepConsole

  /// The keys, as `?` lists them.
  static let keys = """
    Enter  run this step
    e      edit the command, then run it
    s      skip this step
    b      run the previous step again
    q      quit the lesson
    ?      this list
    other  anything else you type runs as an aside; the lesson stays at this step
    """

  /// Where the lesson is.
  private struct Position {
    var step = 0
    var previous: Int?
    var shown: Int?
    var dependencies = StepDependencies()
    var outcome = ReplayOutcome()
  }

  /// What a step's command led to.
  private enum Next { case advance, stay, stop }

  /// Runs the lesson step by step, updating expected outputs in `transcript` as a replay does.
  func run(_ transcript: inout Transcript) -> ReplayOutcome {
    let steps = transcript.items.indices.filter { if case .command = transcript.items[$0] { true } else { false } }
    var at = Position()
    while at.step < steps.count {
      if !console.staysOnFailure && replay.interruptRequested() {
        at.outcome.interrupted = true
        break
      }
      if at.shown != at.step { show(at.step, of: steps, in: transcript) }
      at.shown = at.step
      let prompt = "step \(at.step + 1) of \(steps.count) (Enter run, ? keys)> "
      guard let answer = console.answer(prompt: prompt) else {
        at.outcome.quitByUser = true
        break
      }
      let next = respond(to: answer, &at, steps, &transcript)
      if next == .stop { break }
      if next == .advance {
        at.previous = at.step
        at.step += 1
      }
    }
    return at.outcome
  }

  /// Acts on one answer at the step prompt.
  private func respond(to answer: String, _ at: inout Position, _ steps: [Int], _ transcript: inout Transcript) -> Next
  {
    let block = self.block(steps[at.step], transcript)
    switch answer.trimmedSpacesAndTabs {
    case "": return runStep(at.step, steps, &transcript, &at)
    case "e", "E":
      guard let edited = console.edit(block.command), !edited.trimmedSpacesAndTabs.isEmpty else { return .stay }
      return runStep(at.step, steps, &transcript, &at, instead: edited)
    case "s", "S":
      at.dependencies.skipped(block.command, step: at.step + 1, variables: replay.session.variables)
      replay.write("skipped step \(at.step + 1)\n")
      return .advance
    case "b", "B":
      guard let previous = at.previous else {
        replay.write("there is no previous step to run again\n")
        return .stay
      }
      replay.write(TranscriptPrompt.command.text + self.block(steps[previous], transcript).command + "\n")
      return runStep(previous, steps, &transcript, &at) == .stop ? .stop : .stay
    case "q", "Q":
      at.outcome.quitByUser = true
      return .stop
    case "?":
      replay.write(Self.keys + "\n")
      return .stay
    default:
      return runAside(answer, &at)
    }
  }

  /// Runs step `index` (or `edited` in its place), saying first which objects of skipped steps it
  /// needs. A success advances; a failure stays on a terminal, and stops otherwise.
  private func runStep(
    _ index: Int, _ steps: [Int], _ transcript: inout Transcript, _ at: inout Position, instead edited: String? = nil
  ) -> Next {
    var block = self.block(steps[index], transcript)
    let command = edited ?? block.command
    let variables = replay.session.variables
    for note in at.dependencies.notes(for: command, step: index + 1, variables: variables) {
      replay.writeError(note + "\n")
    }
    let result: CommandResult
    if let edited {
      result = execute(edited, &at)
    } else {
      result = replay.runBlock(&block, transcript.isPlainScript, &at.outcome)
      transcript.items[steps[index]] = .command(block)
    }
    let expected = edited == nil && block.expectsFailure && !transcript.isPlainScript
    if result.succeeded || expected {
      at.dependencies.ran(command, variables: replay.session.variables)
      return .advance
    }
    guard console.staysOnFailure else {
      return replay.record(result, of: block, transcript.isPlainScript, &at.outcome) ? .stop : .advance
    }
    console.clearInterrupt()
    let what = result.status == .interrupted ? "cancelled" : "failed"
    replay.write("step \(index + 1) \(what): Enter runs it again, e edits it, s skips it\n")
    return .stay
  }

  /// A command typed at the step prompt: it runs in the lesson's session; the lesson stays put.
  private func runAside(_ line: String, _ at: inout Position) -> Next {
    let result = execute(line, &at)
    if result.succeeded { at.dependencies.ran(line, variables: replay.session.variables) }
    if result.status == .interrupted { console.clearInterrupt() }
    if result.status == .quit {
      at.outcome.quitByUser = true
      return .stop
    }
    return .stay
  }

  /// Executes a line typed at the step prompt, printing as the prompt does.
  private func execute(_ line: String, _ at: inout Position) -> CommandResult {
    let session = replay.session
    session.errorLocation = ""
    session.sink = replay.write
    session.errorSink = replay.writeError
    at.outcome.executed += 1
    return session.execute(line)
  }

  /// "step k of n", the prose since the previous command (wrapped to the console's width, `#`
  /// marks and `# tol:` lines left out) and the command.
  private func show(_ step: Int, of steps: [Int], in transcript: Transcript) {
    let start = step == 0 ? 0 : steps[step - 1] + 1
    var prose: [String] = []
    for item in transcript.items[start..<steps[step]] {
      guard case .prose(let line) = item else { continue }
      let text = line.dropFirst().hasPrefix(" ") ? String(line.dropFirst(2)) : String(line.dropFirst())
      if !text.hasPrefix("tol:") { prose.append(text) }
    }
    while prose.last?.isEmpty == true { prose.removeLast() }
    var text = "\n" + "step \(step + 1) of \(steps.count)\n"
    if !prose.isEmpty { text += Self.wrapped(prose, width: max(console.columns, 20)).joined(separator: "\n") + "\n" }
    replay.write(text + TranscriptPrompt.command.text + block(steps[step], transcript).command + "\n")
  }

  /// Prose fitted to `width`: a paragraph (lines between blank ones) with a line too long is
  /// re-flowed, each list item (`- `, `* `, `1. `) on its own with a hanging indent and the indented
  /// lines under it joined to it; a paragraph holding a table line (`|`) is fitted line by line.
  static func wrapped(_ prose: [String], width: Int) -> [String] {
    let paragraphs = prose.split(separator: "", omittingEmptySubsequences: false)
    return paragraphs.enumerated().flatMap { index, paragraph -> [String] in
      let lines = Array(paragraph)
      let gap = index == 0 ? [] : [""]
      guard lines.contains(where: { $0.count > width }) else { return gap + lines }
      if lines.contains(where: { $0.contains("|") }) {
        return gap + lines.flatMap { TextTable.fitting($0, width: width).split(separator: "\n").map(String.init) }
      }
      return gap
        + items(lines).flatMap { item in
          let body = TextTable.wrapped(item.text, width: max(width - item.marker.count, 10))
          let hang = String(repeating: " ", count: item.marker.count)
          return body.enumerated().map { ($0.offset == 0 ? item.marker : hang) + $0.element }
        }
    }
  }

  /// A paragraph's lines as items: a list marker starts one (its indentation and marker kept apart
  /// from its text); any other line continues the item before it, or starts a plain one.
  static func items(_ lines: [String]) -> [(marker: String, text: String)] {
    var result: [(marker: String, text: String)] = []
    for line in lines {
      let indent = line.prefix { $0 == " " }
      let rest = line.dropFirst(indent.count)
      if let marker = listMarker(rest) {
        result.append((String(indent) + marker + " ", String(rest.dropFirst(marker.count + 1))))
      } else if let last = result.indices.last {
        result[last].text += " " + rest
      } else {
        result.append(("", String(rest)))
      }
    }
    return result
  }

  /// `-` or `*`, or digits and a dot, when a space follows: the marker of a list item.
  static func listMarker(_ text: Substring) -> Substring? {
    if let first = text.first, first == "-" || first == "*", text.dropFirst().first == " " { return text.prefix(1) }
    let digits = text.prefix { $0.isNumber }
    if !digits.isEmpty, text.dropFirst(digits.count).hasPrefix(". ") { return text.prefix(digits.count + 1) }
    return nil
  }

  /// The command block at `index` of the transcript's items.
  private func block(_ index: Int, _ transcript: Transcript) -> Transcript.Block {
    guard case .command(let block) = transcript.items[index] else { preconditionFailure("not a command item") }
    return block
  }
}
