import CommandLanguage
import Foundation
import ReplTestSupport
import Schema
import Testing

@testable import ReplEngine

/// Every command is declared once (`Commands.all`): the parser's table comes from that list, each
/// declared command is dispatched to its own `run`, and each default `help` shows is the one used.
@Suite struct CommandDeclarationTests {
  /// The parser's table is the declared list, in order, with no name twice.
  @Test func theTableIsTheDeclaredList() {
    #expect(Commands.table.all.map(\.name) == Commands.all.map(\.definition.name))
    #expect(Commands.byName.count == Commands.all.count)
  }

  /// Each command's example parses to that command, and dispatch finds that command's declaration.
  @Test(arguments: Commands.all.map(\.definition.name))
  func everyDeclaredCommandIsDispatched(_ name: String) throws {
    let declared = try #require(Commands.all.first { $0.definition.name == name })
    let parsed = try #require(try Parser.parse(declared.definition.example, table: Commands.table))
    #expect(parsed.definition.name == name)
    #expect(Commands.byName[name]?.definition.example == declared.definition.example)
  }

  /// `help NAME` shows each option's declared default, and reading the option without a value gives
  /// that default, converted to the type its kind stands for.
  @Test(arguments: Commands.all.map(\.definition.name))
  func theDefaultHelpShowsIsTheOneRead(_ name: String) throws {
    let definition = try #require(Commands.byName[name]).definition
    let page = try #require(Help.command(name, in: Commands.table))
    let rows = page.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
    let unset = try Options([], specs: definition.options.filter { !$0.required })
    for spec in definition.options where !spec.required {
      let row = try #require(rows.first { $0.first == spec.key + "=" }, "\(name) \(spec.key)")
      #expect(row.count > 2 && row[2] == (spec.defaultValue ?? "-"), "\(name) \(spec.key)")
      guard let shown = spec.defaultValue else { continue }
      try CommandDeclarationTests.expectReadable(unset, spec, shown)
    }
  }

  /// The unset option `spec` reads as `shown`, in the type its kind stands for.
  static func expectReadable(_ options: Options, _ spec: OptionSpec, _ shown: String) throws {
    switch spec.kind {
    case .int: #expect(try options.value(spec.key, as: Int.self) == Int(shown))
    case .float: #expect(try options.value(spec.key, as: Double.self) == Double(shown))
    case .bool: #expect(try options.value(spec.key, as: Bool.self) == Options.parseBool(shown))
    case .choice(let words): #expect(words.contains(try options.value(spec.key, as: String.self)))
    case .string, .list, .path: #expect(try options.value(spec.key, as: String.self) == shown)
    }
  }

  /// A command run without options uses the defaults its help shows (`synth` makes `n=` sentences).
  @Test func synthMakesTheDeclaredNumberOfSentences() throws {
    let session = Session(workingDirectory: temporaryFolder())
    #expect(session.execute("synth d").status == .ok)
    let n = try #require(Commands.byName["synth"]?.definition.options.first { $0.key == "n" }?.defaultValue)
    guard case .dataset(let d)? = session.objects["d"] else { return #expect(Bool(false), "no dataset d") }
    #expect(d.count == Int(n))
  }

  /// No handler or layer type restates a default: option reads never fall back with `??` on a key
  /// whose command or layer type declares a default or requires it (they use `Options.value` or
  /// `Options.setting`, which read the declaration).
  @Test func noHandlerRestatesADeclaredDefault() throws {
    let specs = Commands.all.flatMap(\.definition.options) + Workspace().registry.types.flatMap(\.options)
    let declared = Set(specs.filter { $0.defaultValue != nil || $0.required }.map(\.key))
    let read = /\.(int|double|float|bool|string|list)\("([a-z_0-9]+)"\)\s*\?\?\s*([^\n]*)/
    var found: [String] = []
    for folder in ["Sources/ReplEngine", "Sources/LayerKit", "plugins"] {
      let root = URL(fileURLWithPath: TestPaths.inPackage(folder))
      let files = try #require(FileManager.default.enumerator(atPath: root.path)).compactMap { $0 as? String }
      for file in files where file.hasSuffix(".swift") {
        let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
        for match in text.matches(of: read) where declared.contains(String(match.2)) {
          // `eval maxlen=` declares no default: it falls back to the model's own length.
          if match.3.hasPrefix("CommandContext.maxlen(model)") { continue }
          found.append("\(folder)/\(file): \(match.0)")
        }
      }
    }
    #expect(found.count == 0, "\(found)")
  }
}
