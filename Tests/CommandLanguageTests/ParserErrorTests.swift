import Testing

@testable import CommandLanguage

/// Expects `line` to fail with exactly `message` at `column`.
func expectError(
  _ line: String, _ message: String, column: Int, variables: [String: String] = [:],
  sourceLocation: SourceLocation = #_sourceLocation
) {
  guard let error = syntaxError(line, variables) else {
    Issue.record("\(line) parsed, expected: \(message)", sourceLocation: sourceLocation)
    return
  }
  #expect(error.message == message, sourceLocation: sourceLocation)
  #expect(error.column == column, "\(line)", sourceLocation: sourceLocation)
}

@Suite struct ParserErrorTests {
  @Test func unknownCommandSuggestsTheNearest() {
    expectError("tran clf on d", "unknown command 'tran' (did you mean 'train'?)", column: 1)
    expectError("  lst", "unknown command 'lst' (did you mean 'list'?)", column: 3)
    expectError("frobnicate", "unknown command 'frobnicate' (help lists the commands)", column: 1)
    expectError("pretr", "unknown command 'pretr' (did you mean 'pretrain' or 'pretrained'?)", column: 1)
    expectError("plugn list", "unknown command 'plugn' (did you mean 'plugin'?)", column: 1)
  }

  @Test func twoWordCommandsExplainTheSecondWord() {
    expectError("plugin", "incomplete command 'plugin': expected 'plugin load' or 'plugin list'", column: 8)
    expectError("plugin lst", "unknown command 'plugin lst' (did you mean 'plugin list'?)", column: 8)
    expectError("pretrain glove x on d", "unknown command 'pretrain glove': expected 'pretrain skipgram'", column: 10)
  }

  @Test func misspelledKeywordIsNamed() {
    expectError(
      "load x form p", "expected 'from', got 'form' (usage: load NAME [from PATH] [options])", column: 8)
    expectError(
      "train clf of movies", "expected 'on', got 'of' (usage: train MODEL on DATASET [options])", column: 11)
    expectError(
      "transfer a => b", "expected '->', got '=>' (usage: transfer SRC -> DST [plan] [options])", column: 12)
  }

  @Test func missingArgumentsShowTheUsageAfterTheLine() {
    expectError("train clf on", "missing DATASET (usage: train MODEL on DATASET [options])", column: 14)
    expectError("train clf", "expected 'on' (usage: train MODEL on DATASET [options])", column: 11)
    expectError("train", "missing MODEL (usage: train MODEL on DATASET [options])", column: 7)
    expectError("predict clf", "missing 'on' or TEXT (usage: predict MODEL (on DATASET | TEXT) [options])", column: 13)
    expectError("model m =", "missing SPEC (usage: model NAME = SPEC [options])", column: 11)
    expectError("sample d as", "missing NEW (usage: sample NAME as NEW n=int [options])", column: 13)
  }

  @Test func extraArgumentsAreNamed() {
    expectError("list everything", "unexpected argument 'everything' (usage: list)", column: 6)
    expectError(
      "predict clf a great film",
      "unexpected argument 'great'; put text with spaces in quotes (usage: predict MODEL (on DATASET | TEXT) [options])",
      column: 15)
    expectError("transfer a -> b pln", "unexpected 'pln' (did you mean 'plan'?)", column: 17)
    expectError("transfer a -> b plan plan", "flag 'plan' is given twice", column: 22)
  }

  @Test func wordChoicesSuggest() {
    expectError("timing of", "expected 'on' or 'off', got 'of' (did you mean 'off'?)", column: 8)
    expectError(
      "format yaml", "expected 'table' or 'json', got 'yaml' (usage: format STYLE)", column: 8)
  }

  @Test func keywordsAreNotValuesUnlessQuoted() {
    expectError(
      "vocab v from from", "expected DATASETS, got 'from' (usage: vocab NAME from DATASETS [options])", column: 14)
  }

  @Test func optionErrorsPointAtTheOption() {
    expectError("train clf on d lrr=0.1", "unknown option 'lrr=' (did you mean 'lr='?)", column: 16)
    expectError(
      "train clf on d opt=adm",
      "option 'opt=' must be one of adam, adamw, sgd, got 'adm' (did you mean 'adam'?)", column: 16)
    expectError("train clf on d epochs=3 epochs=4", "option 'epochs=' is given twice", column: 25)
    expectError("train clf on d epochs=many", "option 'epochs=' expects a whole number, got 'many'", column: 16)
    expectError("train clf on d epochs=0", "option 'epochs=' expects a whole number ≥ 1, got '0'", column: 16)
    expectError(
      "sample d as s seed=1", "missing option 'n=' (usage: sample NAME as NEW n=int [options])", column: 22)
    expectError("set x a=b", "'set' takes no options, got 'a=b' (quote text that contains '=')", column: 7)
  }

  @Test func unterminatedQuoteIsReportedAtTheQuote() {
    expectError(#"predict clf "a good film"#, "unterminated string: a '\"' opened here is never closed", column: 13)
    expectError(#"set x "ends with \""#, "unterminated string: a '\"' opened here is never closed", column: 7)
  }

  @Test func unknownVariablesSuggestDefinedOnes() {
    let vars = ["epochs": "3", "model": "clf"]
    expectError(
      "train $model on d epochs=$epoch", "unknown variable '$epoch' (did you mean '$epochs'?)", column: 23,
      variables: vars)
    expectError("show ${nothing}", "unknown variable '$nothing' (define it first: set nothing VALUE)", column: 6)
  }

  @Test func invalidNewNames() {
    expectError(
      "synth a/b n=3", "invalid name 'a/b': use letters, digits, '_' and '-' (dots only between parts)", column: 7)
    expectError(
      "load .x", "invalid name '.x': use letters, digits, '_' and '-' (dots only between parts)", column: 6)
  }

  @Test func renderedErrorPutsTheCaretUnderTheColumn() throws {
    let line = "train clf of movies"
    let error = try #require(syntaxError(line))
    let lines = error.rendered(line: line).split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines.count == 3)
    #expect(lines[0].hasPrefix("error: expected 'on'"))
    #expect(lines[1] == "  train clf of movies")
    #expect(lines[2] == "            ^")
  }
}

@Suite struct ParserLimitTests {
  @Test func caretFollowsTabsAndGoesPastTheEnd() throws {
    let tabbed = "train\tclf of d"
    let error = try #require(syntaxError(tabbed))
    #expect(
      error.rendered(line: tabbed).hasSuffix("\n" + String(repeating: " ", count: 15) + "^"), "a tab shows as \\x09")
    let short = "train clf on"
    let missing = try #require(syntaxError(short))
    #expect(missing.rendered(line: short).hasSuffix("\n               ^"))
  }

  @Test func caretCountsWideCharactersAsTwoColumns() throws {
    let line = "predict clf \"日本語のレビュー 🎬\" bogus=1"
    let error = try #require(syntaxError(line))
    let lines = error.rendered(line: line).split(separator: "\n", omittingEmptySubsequences: false)
    let caret = try #require(lines.last)
    // "predict clf \"" is 13 columns, the 8 wide characters and the emoji 18, then "\" " 2.
    #expect(caret == String(repeating: " ", count: 2 + 13 + 18 + 1 + 2) + "^", "\(lines)")
  }

  @Test func hugeLinesAreRefusedNotRecursedInto() throws {
    let line = "compare " + Array(repeating: "m", count: 5000).joined(separator: " ") + " on d"
    let error = try #require(syntaxError(line))
    #expect(error.message.hasPrefix("too many words"))
    let fits = "compare " + Array(repeating: "m", count: 900).joined(separator: " ") + " on d"
    #expect(parsed(fits)?.arguments["MODELS"]?.count == 900)
  }

  @Test func whateverIsTypedNeverCrashes() {
    let pieces = [
      "train", "\"", "\\", "#", "$", "${", "}", "=", "->", "|", "on", "x=", "=y", "plugin", "save", "model", " ", "\t",
      "é", "copy",
    ]
    var rng = SplitMix(seed: 42)
    for _ in 0..<500 {
      let line = (0..<Int.random(in: 0...8, using: &rng)).map { _ in pieces.randomElement(using: &rng) ?? "" }.joined()
      _ = try? Parser.parse(line, variables: ["x": "1"])
      _ = Completer.complete(
        line: line, cursor: Int.random(in: 0...line.utf8.count + 2, using: &rng), context: FakeContext())
    }
  }
}

/// A small seeded generator so the random lines are the same on every run.
struct SplitMix: RandomNumberGenerator {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
