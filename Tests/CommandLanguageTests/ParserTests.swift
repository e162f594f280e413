import ReplEngine
import Schema
import Testing

@testable import CommandLanguage

/// Parses `line`, failing the test (and returning nil) on a syntax error.
func parsed(_ line: String, _ variables: [String: String] = [:]) -> ParsedCommand? {
  do {
    return try Parser.parse(line, variables: variables)
  } catch {
    Issue.record("\(line): \(error.rendered(line: line))")
    return nil
  }
}

/// The syntax error `line` raises, or nil when it parses.
func syntaxError(_ line: String, _ variables: [String: String] = [:]) -> SyntaxError? {
  do {
    _ = try Parser.parse(line, variables: variables)
    return nil
  } catch {
    return error
  }
}

@Suite struct ParserTests {
  @Test(arguments: Commands.table.all.map(\.name))
  func everyExampleParsesAsItsCommand(_ name: String) throws {
    let definition = try #require(Commands.table.definition(named: name))
    let command = try #require(parsed(definition.example))
    #expect(command.definition.name == name)
  }

  @Test func blankAndCommentLinesAreNil() throws {
    for line in ["", "   ", "\t", "# a comment", "   # indented comment with \"quote", "#"] {
      #expect(try Parser.parse(line, variables: [:]) == nil, "\(line)")
    }
  }

  @Test func positionalValuesAreBoundByPlaceholder() throws {
    let load = try #require(parsed("load movies from data/imdb.txt format=tsv limit=10"))
    #expect(load.argument("NAME") == "movies")
    #expect(load.argument("PATH") == "data/imdb.txt")
    #expect(load.options.string("format") == "tsv")
    #expect(load.options.int("limit") == 10)
    #expect(load.column(of: "PATH") == 18)
    #expect(load.optionColumns["limit"] == 43)
    let bare = try #require(parsed("load movies"))
    #expect(bare.argument("PATH") == nil)
    #expect(bare.options.string("format") == "auto")
  }

  @Test func optionsMayComeBetweenPositionalWords() throws {
    let sample = try #require(parsed("sample movies.train n=100 seed=2 as small"))
    #expect(sample.argument("NAME") == "movies.train")
    #expect(sample.argument("NEW") == "small")
    #expect(sample.options.int("n") == 100)
    #expect(sample.options.int("seed") == 2)
  }

  @Test func oneOrMoreStopsAtTheKeyword() throws {
    let compare = try #require(parsed("compare a b c on products.test"))
    #expect(compare.arguments["MODELS"] == ["a", "b", "c"])
    #expect(compare.argument("DATASET") == "products.test")
    let plot = try #require(parsed("plot a b to curves.svg metric=accuracy"))
    #expect(plot.arguments["MODELS"] == ["a", "b"])
    #expect(plot.argument("FILE") == "curves.svg")
  }

  @Test func alternativesPickTheFormThatFits() throws {
    let text = try #require(parsed("predict clf \"not good at all\""))
    #expect(text.argument("TEXT") == "not good at all")
    #expect(text.argument("DATASET") == nil)
    let data = try #require(parsed("predict clf on movies.test n=3"))
    #expect(data.argument("DATASET") == "movies.test")
    #expect(data.argument("TEXT") == nil)
    #expect(data.options.int("n") == 3)
  }

  @Test func flagsAfterTheArguments() throws {
    let plan = try #require(parsed("transfer lm -> clf.embedding layers=embedding plan"))
    #expect(plan.flags == ["plan"])
    #expect(plan.argument("DST") == "clf.embedding")
    let run = try #require(parsed("transfer lm -> clf"))
    #expect(run.flags.isEmpty)
  }

  @Test func optionalValueTakesAWordBeforeItCountsAsExtra() throws {
    let all = try #require(parsed("unfreeze clf all"))
    #expect(all.argument("LAYERS") == "all")
    let none = try #require(parsed("unfreeze clf"))
    #expect(none.argument("LAYERS") == nil)
  }

  @Test func twoWordCommands() throws {
    #expect(parsed("save transcript lesson.txt")?.definition.name == "save transcript")
    #expect(parsed("save transcript lesson.txt")?.argument("FILE") == "lesson.txt")
    #expect(parsed("plugin load libs/libswish.so")?.definition.name == "plugin load")
    #expect(parsed("plugin list")?.definition.name == "plugin list")
    #expect(parsed("pretrain skipgram sg on imdb.unsup dim=50")?.options.int("dim") == 50)
    // `save MODEL to FILE` still works, even for a model named like the second word.
    #expect(parsed("save clf to clf.safetensors")?.definition.name == "save")
    #expect(parsed("save transcript to t.safetensors")?.definition.name == "save")
  }

  @Test func restKeepsTheRawSpecAndItsColumn() throws {
    let line = "model clf = embedding dim=64 | lstm hidden=128 | pool last | dense out=2 vocab=v  # tiny"
    let model = try #require(parsed(line))
    let spec = try #require(model.argument("SPEC"))
    #expect(spec == "embedding dim=64 | lstm hidden=128 | pool last | dense out=2 vocab=v")
    let column = try #require(model.restColumn)
    #expect(column == 13)
    #expect(Array(line)[column - 1] == "e")
    #expect(!model.options.has("vocab"), "options in the spec belong to the spec")
    let copy = try #require(parsed("model b = copy a"))
    #expect(copy.argument("SPEC") == "copy a")
  }

  @Test func specOptionsRightAfterTheEqualsSignStayInTheSpec() throws {
    let model = try #require(parsed("model clf = vocab=v embedding dim=8"))
    #expect(model.argument("SPEC") == "vocab=v embedding dim=8")
    #expect(model.restColumn == 13)
  }

  @Test func helpTakesOneOrTwoWordTopics() throws {
    #expect(parsed("help")?.argument("TOPIC") == nil)
    #expect(parsed("help train")?.argument("TOPIC") == "train")
    #expect(parsed("help save transcript")?.argument("TOPIC") == "save transcript")
  }

  @Test func quotedWordsAreValuesNeverKeywordsOrOptions() throws {
    let set = try #require(parsed(#"set greeting "say \"hi\" \\ bye""#))
    #expect(set.argument("NAME") == "greeting")
    #expect(set.argument("VALUE") == #"say "hi" \ bye"#)
    let option = try #require(parsed(#"set x "a=b""#))
    #expect(option.argument("VALUE") == "a=b")
    let quotedKeyword = try #require(parsed(#"vocab v from "from""#))
    #expect(quotedKeyword.argument("DATASETS") == "from")
    let quotedOption = try #require(parsed(#"load m from "my data.tsv" text="the review" label=2"#))
    #expect(quotedOption.argument("PATH") == "my data.tsv")
    #expect(quotedOption.options.string("text") == "the review")
  }

  @Test func commentsEndTheLineOutsideQuotes() throws {
    let predict = try #require(parsed(#"predict clf "great # not a comment" # a comment"#))
    #expect(predict.argument("TEXT") == "great # not a comment")
    let timing = try #require(parsed("timing on# trailing"))
    #expect(timing.argument("STATE") == "on")
  }

  @Test func variablesAreSubstitutedBeforeParsing() throws {
    let vars = ["model": "clf", "data": "movies", "n": "3", "opts": "epochs=2 lr=0.01"]
    let train = try #require(parsed("train $model on ${data}.train epochs=$n", vars))
    #expect(train.argument("MODEL") == "clf")
    #expect(train.argument("DATASET") == "movies.train")
    #expect(train.options.int("epochs") == 3)
    #expect(train.line == "train clf on movies.train epochs=3")
    let spread = try #require(parsed("train $model on d $opts", vars))
    #expect(spread.options.double("lr") == 0.01)
    let quoted = try #require(parsed(#"predict $model "a $data night""#, vars))
    #expect(quoted.argument("TEXT") == "a movies night")
    let dollars = try #require(parsed(#"predict clf "costs $5 or $""#, vars))
    #expect(dollars.argument("TEXT") == "costs $5 or $")
    #expect(try Parser.parse("# uses $undefined only in a comment", variables: [:]) == nil)
  }

  @Test func substitutingVariablesMatchesTheParser() {
    let vars = ["a": "xyz"]
    #expect("show $a.train $b # $a".substitutingVariables(vars) == "show xyz.train $b # $a")
    #expect("${a}${a}".substitutingVariables(vars) == "xyzxyz")
    #expect("  x \t".trimmed == "x")
  }

  @Test func newNamesMayHoldDotsAndDashes() throws {
    #expect(parsed("synth my-data.v2 n=10")?.argument("NAME") == "my-data.v2")
  }
}
