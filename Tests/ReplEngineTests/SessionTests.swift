import Foundation
import ReplTestSupport
import Testing
import Transcripts

@testable import ReplEngine

@Suite struct SessionTests {
  @Test func helpSucceedsAndListsCommands() {
    let result = Session().execute("help")
    #expect(result.status == .ok)
    #expect(result.output.contains("train"))
    #expect(result.output.contains("save transcript"))
  }

  @Test func blankAndCommentLinesDoNothing() {
    let session = Session()
    #expect(session.execute("   ").output.isEmpty)
    #expect(session.execute("# a note").status == .ok)
    #expect(session.log.isEmpty)
  }

  @Test func unknownCommandIsOneErrorLineWithSuggestionAndCaret() {
    let result = Session().execute("lsit")
    #expect(result.status == .syntaxError)
    let lines = result.output.split(separator: "\n")
    #expect(lines.first?.hasPrefix("error: ") == true)
    #expect(lines.first?.contains("did you mean 'list'") == true)
    #expect(lines.last?.trimmingCharacters(in: .whitespaces) == "^")
    #expect(result.error?.contains("lsit") == true)
  }

  @Test func unknownObjectGetsDidYouMean() {
    let session = sessionWithData()
    let result = session.execute("drop movis")
    #expect(result.status == .failed)
    #expect(result.output == "error: no object named 'movis' (did you mean 'movies'?)\n")
  }

  @Test func dropRemovesOnlyThatObject() {
    let session = sessionWithData()
    #expect(session.execute("drop movies").status == .ok)
    #expect(session.objectNames == ["products"])
  }

  @Test func variablesAreSubstituted() {
    let session = sessionWithData()
    #expect(session.execute("set victim products").status == .ok)
    #expect(session.variables["victim"] == "products")
    #expect(session.execute("drop ${victim}").status == .ok)
    #expect(session.objectNames == ["movies"])
  }

  @Test func failedSourceLeavesObjectsAndVariablesUnchanged() throws {
    let session = sessionWithData()
    let script = session.workingDirectory + "/setup.repl"
    try "set x 1\ndrop movies\ndrop nothing\n".write(toFile: script, atomically: true, encoding: .utf8)
    let before = session.objectNames
    let result = session.execute("source setup.repl")
    #expect(result.status == .failed)
    #expect(result.output.contains("error: setup.repl:3: no object named 'nothing'"))
    #expect(session.objectNames == before)
    #expect(session.variables["x"] == nil)
  }

  @Test func sourceRunsEveryLogicalLine() throws {
    let session = sessionWithData()
    let script = session.workingDirectory + "/ok.repl"
    try "# comment\nset a \\\n  movies\n\ndrop $a\n".write(toFile: script, atomically: true, encoding: .utf8)
    let result = session.execute("source ok.repl")
    #expect(result.status == .ok, "\(result.output)")
    #expect(session.objectNames == ["products"])
  }

  @Test func sourceOfAMissingFileFails() {
    let result = Session(workingDirectory: temporaryFolder()).execute("source nope.repl")
    #expect(result.status == .failed)
    #expect(result.output.contains("no such file"))
  }

  @Test func sourceThatSourcesItselfStops() throws {
    let session = Session(workingDirectory: temporaryFolder())
    try "source loop.repl\n".write(toFile: session.workingDirectory + "/loop.repl", atomically: true, encoding: .utf8)
    let result = session.execute("source loop.repl")
    #expect(result.status == .failed)
    #expect(result.output.contains("nested"))
  }

  @Test func timingOnReportsEachCommandsTime() {
    let session = Session()
    #expect(session.execute("timing on").status == .ok)
    #expect(session.timing)
    let output = session.execute("list").output
    let last = output.split(separator: "\n").last.map(String.init) ?? ""
    #expect(last.hasPrefix("time: ") && last.hasSuffix("s"))
    #expect(VolatileMask(workingDirectory: "/").mask(last) == "time: [TIME]")
    session.execute("timing off")
    #expect(!session.execute("list").output.contains("time:"))
  }

  @Test func formatJSONPrintsOneObjectPerCommand() {
    let session = sessionWithData()
    var streamed = ""
    session.sink = { streamed += $0 }
    session.execute("format json")
    streamed = ""
    let output = session.execute("list").output
    #expect(output == streamed)
    #expect(
      output.hasPrefix(#"{"command":"list","ok":true,"status":"ok","tables":[[{"name":"movies","kind":"dataset""#))
    #expect(output.hasSuffix("}\n") && output.filter { $0 == "\n" }.count == 1)
    let failed = session.execute("drop nothing").output
    #expect(failed.hasPrefix("error: no object named 'nothing'\n{\"command\":\"drop nothing\",\"ok\":false"))
    #expect(failed.contains(#""error":{"message":"no object named 'nothing'"}"#))
    #expect(session.execute("   ").output == "", "a blank line prints nothing")
    session.execute("format table")
    #expect(session.execute("list").output.hasPrefix("name"))
  }

  @Test func listShowsKindAndSummary() {
    let output = sessionWithData().execute("list").output
    #expect(output.contains("movies"))
    #expect(output.contains("dataset"))
    #expect(output.contains("4 examples"))
  }

  @Test func showDispatchesByKindAndRejectsUnknownLayers() {
    let session = sessionWithData()
    #expect(session.execute("show movies").output.contains("4"))
    let missing = session.execute("show clf.lstm")
    #expect(missing.status == .failed)
  }

  @Test func showModelLayerDispatchesToTheModelWithTheLayer() {
    let session = Session()
    session.execute("synth movies domain=movies n=20")
    session.execute("vocab v from movies")
    session.execute("model clf = embedding dim=8 | pool mean | dense out=2 vocab=v")
    let layer = session.execute("show clf.dense")
    #expect(layer.status == .ok, "\(layer.output)")
    #expect(layer.output.hasPrefix("clf.dense"))
    let typo = session.execute("show clf.dens")
    #expect(typo.output == "error: model 'clf' has no layer 'dens' (did you mean 'dense'?)\n")
  }

  @Test func helpLayersComesFromTheRegistry() {
    let session = Session()
    let output = session.execute("help layers").output
    for type in session.registry.types { #expect(output.contains(type.name + "  ")) }
    #expect(output.contains("options: dim="))
    session.execute("format json")
    #expect(session.execute("help layers").output.contains(#""origin":"built-in""#))
  }

  @Test func helpForUnknownTopicSuggests() {
    let result = Session().execute("help trian")
    #expect(result.status == .failed)
    #expect(result.output.contains("did you mean 'train'"))
  }

  @Test func quitReportsQuitAndIsNotRecorded() {
    let session = Session()
    #expect(session.execute("quit").status == .quit)
    #expect(session.log.isEmpty)
  }

  @Test func saveTranscriptWritesRecordedCommands() throws {
    let session = sessionWithData()
    session.execute("list")
    session.execute("drop nothing")
    #expect(session.execute("save transcript out.txt").status == .ok)
    let text = try String(contentsOfFile: session.workingDirectory + "/out.txt", encoding: .utf8)
    #expect(text.contains("repl> list\n"))
    #expect(text.contains("repl> drop nothing\nerror: no object named 'nothing'"))
    #expect(!text.contains("save transcript"))
  }

  @Test func streamedErrorsCarryTheDriversLocation() {
    let session = Session()
    var streamed = ""
    session.sink = { streamed += $0 }
    session.errorLocation = "lesson.txt:7: "
    let result = session.execute("drop x")
    #expect(streamed == "lesson.txt:7: error: no object named 'x'\n")
    #expect(result.output == "error: no object named 'x'\n")
  }

  @Test func errorsWarningsAndCaretsStreamApartFromResults() {
    let session = Session()
    var results = ""
    var diagnostics = ""
    session.sink = { results += $0 }
    session.errorSink = { diagnostics += $0 }
    session.execute("help drop")
    session.execute("drop x")
    session.execute("lsit")
    #expect(results.hasPrefix("drop: "))
    #expect(!results.contains("error"))
    #expect(diagnostics.hasPrefix("error: no object named 'x'\nerror: "))
    #expect(diagnostics.contains("^"))
    let failed = session.execute("drop y")
    #expect(failed.output == "error: no object named 'y'\n", "the collected text still holds the error in place")
  }

  @Test func aWholeNumberOutOfRangeSaysSoAndGivesTheRange() {
    let result = Session().execute("train m on d epochs=99999999999999999999")
    #expect(result.status == .syntaxError)
    #expect(
      result.error
        == "option 'epochs=' is out of range, got '99999999999999999999' (the range is 1 to 9223372036854775807)")
    #expect(Session().execute("train m on d epochs=1x").error?.contains("expects a whole number") == true)
  }

  @Test func setAloneListsTheVariables() {
    let session = Session()
    #expect(session.execute("set").output == "no variables yet (set NAME VALUE defines one)\n")
    session.execute("set b 2")
    session.execute("set a \"one two\"")
    let listed = session.execute("set")
    #expect(listed.status == .ok)
    #expect(listed.output == "name  value\n----  -------\na     one two\nb     2\n")
    #expect(session.execute("set a").status != .ok, "a name without a value is still an error")
  }
}
