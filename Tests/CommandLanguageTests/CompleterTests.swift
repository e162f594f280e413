import ReplEngine
import Testing

@testable import CommandLanguage

/// A session stand-in: two datasets, a vocabulary, two models with layers, vectors and some files.
struct FakeContext: CompletionContext {
  var objects: [ObjectKind: [String]] = [
    .dataset: ["movies", "movies.train", "products"],
    .vocabulary: ["v", "v2"],
    .model: ["clf", "lm"],
    .vectors: ["glove"],
  ]
  var layers = ["clf": ["embedding", "lstm", "dense"], "lm": ["embedding", "lstm"]]
  var files = ["data/", "data/imdb.txt", "data/yelp.txt", "notes.txt", "lesson.repl", "ünïcode/"]

  func names(of kind: ObjectKind) -> [String] {
    kind == .any ? objects.values.flatMap { $0 }.sorted() : objects[kind] ?? []
  }
  var variables: [String] = []
  var variableNames: [String] { variables }
  func layerNames(ofModel model: String) -> [String] { layers[model] ?? [] }
  var layerTypes: [String] { ["embedding", "lstm", "gru", "dense", "dropout", "pool"] }
  func layerOptionKeys(_ type: String) -> [String] {
    ["embedding": ["dim", "trainable"], "lstm": ["hidden", "layers"], "dense": ["out", "activation"]][type] ?? []
  }
  /// Entries of the prefix's folder that start with it, like a real directory listing.
  func files(withPrefix prefix: String) -> [String] {
    let folder = prefix.lastIndex(of: "/").map { String(prefix[...$0]) } ?? ""
    return files.filter { path in
      guard path.hasPrefix(prefix) else { return false }
      let name = path.dropFirst(folder.count)
      return !name.isEmpty && !name.dropLast().contains("/")
    }
  }
}

/// Completes `line` with the cursor at its end.
func complete(_ line: String, _ context: FakeContext = FakeContext()) -> CompletionResult {
  Completer.complete(line: line, cursor: line.utf8.count, context: context)
}

@Suite struct CompleterTests {
  @Test func commandNamesIncludingFirstWordsOfTwoWordCommands() {
    let all = complete("")
    #expect(all.start == 0)
    #expect(all.texts == Commands.table.firstWords)
    #expect(Set(all.texts).isSuperset(of: ["plugin", "pretrain", "save", "train", "help"]))
    #expect(complete("tr").texts == ["train", "transfer"])
    #expect(complete("  fr").start == 2)
    #expect(complete("xyz").texts.isEmpty)
  }

  @Test func secondWordOfTwoWordCommands() {
    #expect(complete("plugin ").texts == ["load", "list"])
    #expect(complete("plugin l").start == 7)
    #expect(complete("pretrain s").texts == ["skipgram"])
    // `save` is also a one-word command: every object comes too (models, datasets, vocabularies, vectors).
    #expect(
      complete("save ").texts == ["transcript", "clf", "glove", "lm", "movies", "movies.train", "products", "v", "v2"])
  }

  @Test func objectNamesOfTheKindTheGrammarExpects() {
    #expect(complete("train ").texts == ["clf", "lm"])
    #expect(complete("train c").texts == ["clf"])
    #expect(complete("train clf ").texts == ["on"])
    #expect(complete("train clf on m").texts == ["movies", "movies.train"])
    #expect(complete("vocab v from p").texts == ["products"])
    #expect(complete("neighbors g").texts == ["glove"])
    #expect(complete("load ").texts.isEmpty, "a new name is not completed")
    #expect(complete("compare clf lm ").texts == ["clf", "lm", "on"])
    #expect(complete("load x ").texts.first == "from")
    #expect(complete("save clf ").texts == ["to"])
    #expect(complete("predict clf ").texts == ["on"])
    #expect(complete("sample movies n=5 as").texts == ["as"])
  }

  @Test func layerKindOffersModelsAndModelDotLayer() {
    #expect(
      complete("transfer lm -> ").texts
        == ["clf", "lm", "clf.embedding", "clf.lstm", "clf.dense", "lm.embedding", "lm.lstm"])
    let dotted = complete("transfer lm -> clf.e")
    #expect(dotted.texts == ["clf.embedding"])
    #expect(dotted.start == 15)
    #expect(complete("transfer lm ").texts == ["->"])
  }

  @Test func optionKeysHaveNoTrailingSpace() throws {
    let result = complete("train clf on movies l")
    #expect(result.texts == ["lr=", "lr_decay="])
    #expect(result.candidates.allSatisfy { !$0.appendsSpace })
    #expect(result.start == 20)
    let afterGiven = complete("train clf on movies lr=0.1 epochs=2 ")
    #expect(!afterGiven.texts.contains("lr="))
    #expect(afterGiven.texts.contains("batch="))
    #expect(complete("sample movies ").texts.contains("as"))
    #expect(complete("sample movies s").texts == ["seed=", "stratify="], "options when no value fits")
  }

  @Test func flagsAndWordChoices() {
    #expect(complete("timing ").texts == ["on", "off"])
    #expect(complete("timing of").texts == ["off"])
    #expect(complete("format j").texts == ["json"])
    #expect(complete("transfer lm -> clf p").texts == ["plan", "prefix="])
    #expect(complete("transfer lm -> clf plan ").texts == ["layers=", "freeze=", "prefix=", "strict="])
  }

  @Test func optionValueChoicesReplaceOnlyTheValue() {
    let opt = complete("train clf on movies opt=a")
    #expect(opt.texts == ["adam", "adamw"])
    #expect(opt.start == 24)
    #expect(opt.word == "a")
    #expect(complete("vocab v from movies lowercase=").texts == ["yes", "no"])
    #expect(complete("train clf on movies val=movies.").texts == ["movies.train"])
    #expect(complete("train clf on movies epochs=").texts.isEmpty)
  }

  @Test func pathsAfterFromToSourceAndPathValues() {
    let folder = complete("load imdb from d")
    #expect(folder.texts == ["data/"])
    #expect(folder.candidates.first?.appendsSpace == false, "a directory continues")
    let from = complete("load imdb from data/")
    #expect(from.texts == ["data/imdb.txt", "data/yelp.txt"])
    #expect(from.candidates.allSatisfy { $0.appendsSpace })
    #expect(from.start == 15)
    #expect(complete("source l").texts == ["lesson.repl"])
    #expect(complete("save clf to n").texts == ["notes.txt"])
    #expect(complete("save transcript n").texts == ["notes.txt"])
    #expect(complete("plot clf to ").texts.contains("data/"))
    #expect(complete("plugin load d").texts == ["data/"])
  }

  @Test func modelSpecLayerTypesAndTheirOptions() {
    #expect(complete("model m = ").texts == ["embedding", "lstm", "gru", "dense", "dropout", "pool", "copy"])
    #expect(complete("model m = emb").texts == ["embedding"])
    #expect(
      complete("model m = embedding ").texts == ["dim=", "trainable=", "vocab=", "vocab_size=", "seed=", "replace="])
    let keys = complete("model m = embedding dim=8 | lstm h")
    #expect(keys.texts == ["hidden="])
    #expect(keys.candidates.allSatisfy { !$0.appendsSpace })
    #expect(complete("model m = embedding dim=8 | ").texts == ["embedding", "lstm", "gru", "dense", "dropout", "pool"])
    #expect(complete("model m = embedding dim=8 |d").texts == ["dense", "dropout"])
    #expect(
      complete("model m = embedding dim=8 vocab=v | dense ").texts == [
        "out=", "activation=", "vocab_size=", "seed=", "replace=",
      ])
    #expect(complete("model m = embedding vocab=").texts == ["v", "v2"])
    #expect(complete("model m = copy ").texts == ["clf", "lm"])
    #expect(complete("model m ").texts == ["="])
  }

  @Test func helpTopics() {
    #expect(complete("help tr").texts == ["train", "transfer"])
    #expect(complete("help la").texts == ["layers", "language"])
    #expect(complete("help save ").texts == ["transcript"])
    #expect(complete("help plugin l").texts == ["load", "list"])
  }

  @Test func variablesAfterADollarSign() {
    var context = FakeContext()
    context.variables = ["epochs", "model"]
    #expect(Completer.complete(line: "train $m", cursor: 8, context: context).texts == ["$model"])
    #expect(Completer.complete(line: "train clf on d epochs=${e", cursor: 25, context: context).texts == ["${epochs}"])
    #expect(complete("train $").texts.isEmpty, "the default context has no variables")
  }

  @Test func nothingInCommentsOrOpenQuotes() {
    #expect(complete("list # tr").texts.isEmpty)
    #expect(complete("predict clf \"a go").texts.isEmpty)
  }

  @Test func offsetsCountUTF8Bytes() {
    let line = "load ü from ünï"
    let result = Completer.complete(line: line, cursor: line.utf8.count, context: FakeContext())
    #expect(result.texts == ["ünïcode/"])
    #expect(result.start == "load ü from ".utf8.count)
    #expect(result.word == "ünï")
    let middle = Completer.complete(line: "train clf on movies", cursor: 7, context: FakeContext())
    #expect(middle.texts == ["clf"])
    #expect(middle.start == 6)
  }
}
