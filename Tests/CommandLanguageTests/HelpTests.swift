import ReplEngine
import Schema
import Testing

@testable import CommandLanguage

@Suite struct HelpTests {
  @Test(arguments: Commands.table.all.map(\.name))
  func commandHelpShowsEveryOptionTypeAndDefault(_ name: String) throws {
    let definition = try #require(Commands.table.definition(named: name))
    let page = try #require(Help.command(name))
    let lines = page.split(separator: "\n").map(String.init)
    #expect(lines.contains("usage: \(definition.usage)"))
    #expect(page.contains(definition.example))
    #expect(page.contains(definition.abstract))
    for option in definition.options {
      let row = try #require(lines.first { $0.hasPrefix("  \(option.key)= ") }, "\(name): \(option.key)")
      #expect(row.contains(" \(option.kind.displayName) "), "\(name): \(option.key)")
      #expect(row.contains(option.defaultValue ?? (option.required ? "required" : "-")), "\(name): \(option.key)")
      #expect(row.hasSuffix(option.help), "\(name): \(option.key)")
    }
    for flag in definition.flags { #expect(page.contains(flag)) }
    let words = definition.discussion.split(separator: " ").map(String.init)
    #expect(words.allSatisfy { page.contains($0) })
  }

  @Test func usageIsDerivedFromTheGrammar() throws {
    let usages = Dictionary(uniqueKeysWithValues: Commands.table.all.map { ($0.name, $0.usage) })
    #expect(usages["load"] == "load NAME [from PATH] [options]")
    #expect(usages["predict"] == "predict MODEL (on DATASET | TEXT) [options]")
    #expect(usages["compare"] == "compare MODELS… on DATASET")
    #expect(usages["sample"] == "sample NAME as NEW n=int [options]")
    #expect(usages["transfer"] == "transfer SRC -> DST [plan] [options]")
    #expect(usages["quit"] == "quit")
  }

  @Test func overviewListsEveryCommandUnderItsCategory() {
    let overview = Help.overview()
    let lines = overview.split(separator: "\n").map(String.init)
    for category in Commands.table.categories { #expect(lines.contains(category)) }
    for definition in Commands.table.all {
      let row = lines.first { $0.hasPrefix("  \(definition.name)  ") }
      #expect(row?.hasSuffix(definition.abstract) == true, "\(definition.name)")
    }
    let abstractColumns = Set(
      Commands.table.all.compactMap { definition in
        lines.first { $0.hasPrefix("  \(definition.name)  ") }.map { $0.count - definition.abstract.count }
      })
    #expect(abstractColumns.count == 1, "abstracts line up in one column")
  }

  @Test func twoWordFamiliesAndUnknownTopics() throws {
    let plugin = try #require(Help.command("plugin"))
    #expect(plugin.contains("usage: plugin load PATH"))
    #expect(plugin.contains("usage: plugin list"))
    #expect(Help.command("nonsense") == nil)
    #expect(Help.topics.contains("save transcript"))
    #expect(Help.topics.suffix(2) == ["layers", "language"])
  }

  @Test func noHelpLineStartsWithAHash() {
    let pages = [Help.overview(), Help.language()] + Commands.table.all.compactMap { Help.command($0.name) }
    for page in pages {
      for line in page.split(separator: "\n") { #expect(!line.hasPrefix("#"), "\(line)") }
    }
  }

  @Test func languageHelpCoversTheSyntax() {
    let text = Help.language()
    for piece in ["key=value", "#", "\\", "$NAME", "${NAME}", "\"", "set NAME VALUE", "|"] {
      #expect(text.contains(piece), "\(piece)")
    }
  }

  @Test func wrappingKeepsEveryWord() {
    let text = "one two three four five six seven eight nine ten eleven twelve"
    let lines = Help.wrap(text, width: 15)
    #expect(lines.allSatisfy { $0.count <= 15 })
    #expect(lines.joined(separator: " ") == text)
  }

  @Test(arguments: [60, 80, 100])
  func everyHelpPageFitsTheWidth(_ width: Int) throws {
    var pages = [Help.overview(width: width), Help.language()]
    pages += try Commands.table.all.map { try #require(Help.command($0.name, width: width)) }
    for page in pages {
      for line in TextTable.fitting(page, width: width).split(separator: "\n") {
        #expect(line.count <= width, "\(line)")
      }
    }
    let train = try #require(Help.command("train", width: 80))
    #expect(train.contains("maxlen=    int"), "a wrapped row keeps its key, type and default")
    #expect(!train.contains("…"), "the meaning column wraps instead of being cut")
  }
}
