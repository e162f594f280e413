import CommandLanguage
import Foundation
import ReplTestSupport
import Testing
import TextData
import TextFormatting
import Transfer

@testable import ReplEngine

/// The pretrained-model zoo with a tiny catalogue entry (a few UCI sentences, a tiny LM, one epoch)
/// built into a temporary zoo folder: build, list, no-op rebuild, load, checksums, bad input.
@Suite struct ZooTests {
  /// The data directory the tests read (`REPL_DATA`, else ../shared/data).
  static let data = TestPaths.data

  /// The tiny recipe; `tiny-lm` is its entry name.
  static let catalogueText = """
    # a tiny language model for the tests
    name: tiny-lm
    corpus: 60 UCI imdb sentences
    product: lm
    recipe:
      load s from uci-sentiment-sentences/imdb_labelled.txt limit=30
      vocab v from s size=300 min_count=1
      model lm = embedding dim=6 | lstm hidden=6 | dense out=vocab vocab=v
      train lm on s task=lm epochs=1 bptt=8 batch=4 seed=1

    """

  /// A session whose zoo catalogue holds only `tiny-lm` and whose builds go to a fresh folder.
  static func session(catalogue: String = catalogueText) -> (Session, zoo: String) {
    let catalogueFolder = temporaryFolder()
    _ = FileManager.default.createFile(atPath: catalogueFolder + "/tiny-lm.zoo", contents: Data(catalogue.utf8))
    let zoo = temporaryFolder() + "/zoo"
    let session = Session(workingDirectory: temporaryFolder())
    session.variables["REPL_DATA"] = data
    session.variables["REPL_ZOO_CATALOGUE"] = catalogueFolder
    session.variables["REPL_ZOO"] = zoo
    return (session, zoo)
  }

  /// A session with `tiny-lm` built; the build folder.
  static func built() throws -> (Session, folder: String) {
    let (session, zoo) = session()
    try TrainingCommandTests.run(session, "pretrained build tiny-lm")
    let folders = try FileManager.default.contentsOfDirectory(atPath: zoo)
    try #require(folders.count == 1, "\(folders)")
    return (session, zoo + "/" + folders[0])
  }

  /// The row of `pretrained` for `name`, split into cells.
  static func row(_ session: Session, _ name: String) throws -> [Substring] {
    let listing = try TrainingCommandTests.run(session, "pretrained")
    let line = try #require(listing.split(separator: "\n").first { $0.hasPrefix(name + " ") }, "\(listing)")
    return line.split(separator: " ")
  }

  @Test(.enabled(if: TestConditions.hasData, "needs the data directory (REPL_DATA)"))
  func buildListsAndRebuildingIsANoOp() throws {
    let (session, folder) = try Self.built()
    let entry = try #require(CommandContext(session).zooCatalogue.entry("tiny-lm"))
    #expect(folder.hasSuffix("/tiny-lm-" + entry.shortHash))
    #expect(session.objectNames.isEmpty, "the recipe ran in the user's session")
    let info = try ZooBuildInfo.decode(try Data(contentsOf: URL(fileURLWithPath: folder + "/build.json")))
    let bytes = try TextFile.bytes(folder + "/model.safetensors")
    #expect(info.sha256 == SHA256.hex(bytes) && info.sizeBytes == bytes.count)
    #expect(info.recipeHash == entry.recipeHash && info.recipe.count == 4 && info.corpus == "60 UCI imdb sentences")
    let perplexity = try #require(info.trainPerplexity)
    #expect(perplexity > 1 && info.validationPerplexity == nil)
    let row = try Self.row(session, "tiny-lm")
    #expect(
      row[1] == "yes" && row[2] == Substring(entry.shortHash + "…")
        && row.last == Substring(info.sha256.prefix(12) + "…"))
    #expect(
      row[3] == Substring(grouped(try #require(info.vocabularySize))) && row[4] == Substring(decimal(perplexity, 1)))
    let again = try TrainingCommandTests.run(session, "pretrained build tiny-lm")
    #expect(again.contains("already built with this recipe") && again.contains("nothing to do"))
    #expect(try TextFile.bytes(folder + "/model.safetensors") == bytes)
  }

  @Test(.enabled(if: TestConditions.hasData, "needs the data directory (REPL_DATA)"))
  func loadByNameAndUnderAnotherNameGivesTheProduct() throws {
    let (session, folder) = try Self.built()
    let loaded = try TrainingCommandTests.run(session, "load tiny-lm")
    #expect(loaded.hasPrefix("tiny-lm: embedding dim=6") && loaded.contains("restored from the pretrained zoo"))
    try TrainingCommandTests.run(session, "load other from tiny-lm")
    try TrainingCommandTests.run(session, "load direct from \(folder)/model.safetensors")
    let (a, b, direct) = (try session.model("tiny-lm"), try session.model("other"), try session.model("direct"))
    #expect(a.vocabulary != nil && a.vocabulary == direct.vocabulary && b.vocabulary == direct.vocabulary)
    for ((key, p), (_, q)) in zip(a.network.parameters, direct.network.parameters) {
      #expect(p.value == q.value, "\(key)")
    }
    let prediction = { (name: String) in session.execute("generate \(name) \"a good\" n=5 seed=3").output }
    #expect(prediction("tiny-lm") == prediction("direct").replacingOccurrences(of: "direct", with: "tiny-lm"))
    try TrainingCommandTests.run(session, "model clf = encoder tiny-lm | pool concat | dense out=2")
  }

  @Test(.enabled(if: TestConditions.hasData, "needs the data directory (REPL_DATA)"))
  func aProductLoadedFromTheZooEqualsTheRecipesOwn() throws {
    let (session, _) = try Self.built()
    let recipe = ZooTests.session().0
    recipe.workingDirectory = Self.data
    for line in try #require(CommandContext(session).zooCatalogue.entry("tiny-lm")).recipe {
      try TrainingCommandTests.run(recipe, line)
    }
    try TrainingCommandTests.run(session, "load tiny-lm")
    let (zoo, own) = (try session.model("tiny-lm"), try recipe.model("lm"))
    #expect(zoo.network.parameters.map(\.0) == own.network.parameters.map(\.0))
    #expect(zip(zoo.network.parameters, own.network.parameters).allSatisfy { $0.1.value == $1.1.value })
  }

  @Test(.enabled(if: TestConditions.hasData, "needs the data directory (REPL_DATA)"))
  func aCorruptedModelFileIsRefusedWithTheRebuildCommand() throws {
    let (session, folder) = try Self.built()
    let path = folder + "/model.safetensors"
    var bytes = try TextFile.bytes(path)
    bytes[bytes.count - 3] ^= 0x01
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    try TrainingCommandTests.run(session, "synth keep n=10")
    let before = session.objectNames
    let result = session.execute("load tiny-lm")
    #expect(result.status == .failed)
    #expect(
      result.output
        == "error: pretrained model 'tiny-lm' is damaged (model.safetensors does not match its SHA-256) and was not used; rebuild it with: pretrained build tiny-lm\n"
    )
    #expect(session.objectNames == before)
    #expect(try Self.row(session, "tiny-lm")[1] == "damaged")
    let rebuilt = try TrainingCommandTests.run(session, "pretrained build tiny-lm")
    #expect(rebuilt.contains("replacing the damaged build"))
    #expect(try Self.row(session, "tiny-lm")[1] == "yes")
  }

  @Test(.enabled(if: TestConditions.hasData, "needs the data directory (REPL_DATA)"))
  func aPartlyWrittenBuildIsDamagedAndNotUsed() throws {
    let (session, folder) = try Self.built()
    try FileManager.default.removeItem(atPath: folder + "/build.json")
    #expect(try Self.row(session, "tiny-lm")[1] == "damaged")
    let result = session.execute("load x from tiny-lm")
    #expect(result.output.hasPrefix("error: pretrained model 'tiny-lm' is damaged (build.json is missing"))
    #expect(result.output.hasSuffix("rebuild it with: pretrained build tiny-lm\n"))
    #expect(session.objectNames.isEmpty)
    #expect(try TrainingCommandTests.run(session, "pretrained show tiny-lm").contains("build: damaged"))
  }

  @Test func aMissingBuildSaysHowToBuildIt() throws {
    let (session, _) = Self.session()
    let entry = try #require(CommandContext(session).zooCatalogue.entry("tiny-lm"))
    let expected =
      "error: pretrained model 'tiny-lm' is not built yet (recipe \(entry.shortHash)); build it with: pretrained build tiny-lm (or make pretrained ZOO=tiny-lm)\n"
    #expect(session.execute("load tiny-lm").output == expected)
    #expect(session.execute("load m from tiny-lm").output == expected)
    #expect(try Self.row(session, "tiny-lm")[1] == "no")
    let shown = try TrainingCommandTests.run(session, "pretrained show tiny-lm")
    #expect(shown.contains("recipe (SHA-256 \(entry.recipeHash)):\n  load s from uci-sentiment-sentences"))
    #expect(shown.contains("build: none in "))
    #expect(session.objectNames.isEmpty)
  }

  @Test(arguments: [
    ("load tiny-ln", "error: 'tiny-ln' is not a catalogue dataset or pretrained model (did you mean 'tiny-lm'?)"),
    (
      "load m from tiny-ln",
      "error: no file, folder or pretrained model 'tiny-ln' (did you mean 'tiny-lm'?); see: pretrained"
    ),
    ("pretrained build tiny-ln", "error: no pretrained model 'tiny-ln' in the zoo catalogue (did you mean 'tiny-lm'?)"),
    ("pretrained show tny-lm", "error: no pretrained model 'tny-lm' in the zoo catalogue (did you mean 'tiny-lm'?)"),
  ])
  func unknownNamesSuggestTheNearestEntry(_ line: String, _ prefix: String) {
    let (session, zoo) = Self.session()
    let result = session.execute(line)
    #expect(result.status == .failed && result.output.hasPrefix(prefix), "\(result.output)")
    #expect(result.output.split(separator: "\n").count == 1)
    #expect(session.objectNames.isEmpty && !FileManager.default.fileExists(atPath: zoo))
  }

  @Test(.enabled(if: TestConditions.hasData, "needs the data directory (REPL_DATA)"))
  func aFailingRecipeLineStopsTheBuildAndWritesNothing() throws {
    let broken = Self.catalogueText.replacingOccurrences(of: "epochs=1", with: "epochs=0")
    let (session, zoo) = Self.session(catalogue: broken)
    let result = session.execute("pretrained build tiny-lm")
    #expect(result.status == .failed)
    #expect(result.output.contains("error: pretrained build tiny-lm: recipe line 4 failed (train lm on s"))
    #expect(session.objectNames.isEmpty)
    #expect(((try? FileManager.default.contentsOfDirectory(atPath: zoo)) ?? []).isEmpty)
  }

  @Test(.enabled(if: TestConditions.hasData, "needs the data directory (REPL_DATA)"))
  func existingLoadFormsStillWork() throws {
    let (session, _) = Self.session()
    let folder = session.workingDirectory
    _ = FileManager.default.createFile(atPath: folder + "/tiny-lm", contents: Data("a good film\na bad film\n".utf8))
    let output = try TrainingCommandTests.run(session, "load d from tiny-lm format=text")
    #expect(output.hasPrefix("d: 2 examples (unlabeled)"))
    session.variables["REPL_DATA"] = Self.data
    #expect(try TrainingCommandTests.run(session, "load uci-sentiment").contains("uci-sentiment.imdb: 1000 examples"))
  }

  @Test func theRepositoryCatalogueListsImdbLm() throws {
    let session = Session(workingDirectory: temporaryFolder())
    session.variables["REPL_DATA"] = Self.data
    session.variables["REPL_ZOO"] = temporaryFolder()
    let entry = try #require(CommandContext(session).zooCatalogue.entry("imdb-lm"))
    #expect(entry.product == "lm" && entry.recipe.first == "load aclimdb")
    #expect(entry.recipe.contains { $0.hasPrefix("train lm on aclimdb.unsup task=lm") })
    for line in entry.recipe {
      #expect(throws: Never.self, "\(line)") { _ = try Parser.parse(line, table: Commands.table) }
    }
    #expect(try Self.row(session, "imdb-lm")[1] == "no")
    #expect(session.names(of: .pretrained).contains("imdb-lm"))
    let help = try TrainingCommandTests.run(session, "help")
    #expect(help.contains("pretrained build"))
  }

  @Test func tabCompletesTheCommandsAndEntryNames() {
    let (session, _) = Self.session()
    let complete = { (line: String) in Completer.complete(line: line, cursor: line.utf8.count, context: session).texts }
    #expect(complete("pretraine").contains("pretrained"))
    #expect(complete("pretrained ") == ["build", "show"])
    #expect(complete("pretrained build ti") == ["tiny-lm"])
    #expect(complete("pretrained show ") == ["tiny-lm"])
  }

  @Test(arguments: [
    ("name: x\ncorpus: c\nproduct: p\n", "f.zoo: 'recipe:' must be followed by at least one command"),
    ("name: x\ncorpsu: c\n", "f.zoo:2: unknown field 'corpsu' (did you mean 'corpus'?)"),
    ("name: x\nproduct: p\nrecipe:\n  synth d\n", "f.zoo: missing field 'corpus:'"),
    ("just words\n", "f.zoo:1: expected 'field: value'"),
  ])
  func badCatalogueFilesAreOneLineErrors(_ text: String, _ prefix: String) {
    #expect(throws: ReplError.self) { try ZooEntry.parse(text, file: "f.zoo") }
    do {
      _ = try ZooEntry.parse(text, file: "f.zoo")
    } catch {
      #expect(error.message.hasPrefix(prefix), "\(error.message)")
    }
  }

  @Test func aBadCatalogueFileIsAWarningThatHidesNoOtherEntry() throws {
    let (session, _) = Self.session()
    let folder = try #require(session.variables["REPL_ZOO_CATALOGUE"])
    _ = FileManager.default.createFile(atPath: folder + "/bad.zoo", contents: Data("name: bad\nrecipe:\n".utf8))
    let result = session.execute("pretrained")
    #expect(result.succeeded && result.output.contains("\ntiny-lm  no "))
    #expect(result.output.hasSuffix("warning: \(folder)/bad.zoo: missing field 'corpus:'\n"))
    #expect(session.execute("load bad").output.hasPrefix("error: 'bad' is not a catalogue dataset or pretrained model"))
  }

  @Test func theRecipeHashIgnoresLayoutOnly() throws {
    let a = try ZooEntry.parse(Self.catalogueText, file: "a.zoo")
    let b = try ZooEntry.parse(
      Self.catalogueText.replacingOccurrences(of: "\n  ", with: "\n\n    # note\n\t"), file: "b.zoo")
    let c = try ZooEntry.parse(Self.catalogueText.replacingOccurrences(of: "seed=1", with: "seed=2"), file: "c.zoo")
    #expect(a.recipeHash == b.recipeHash && a.recipeHash != c.recipeHash)
    #expect(a.recipeHash == SHA256.hex(Array(a.recipe.map { $0 + "\n" }.joined().utf8)) && a.shortHash.count == 12)
  }
}
