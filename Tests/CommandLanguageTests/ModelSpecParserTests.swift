import Testing

@testable import CommandLanguage

@Suite struct ModelSpecParserTests {
  @Test func layersOptionsShorthandAndModelOptions() throws {
    let line = "model clf = embedding dim=64 | lstm hidden=128 | pool last | dense out=2 vocab=v"
    let command = try #require(parsed(line))
    let spec = try ModelSpecParser.parse(
      try #require(command.argument("SPEC")), startColumn: try #require(command.restColumn))
    guard case .layers(let layers, let modelOptions) = spec else {
      Issue.record("expected layers")
      return
    }
    #expect(layers.map(\.type) == ["embedding", "lstm", "pool", "dense"])
    #expect(layers.map(\.column) == [13, 32, 50, 62])
    #expect(layers[2].options == [OptionSyntax(key: "", value: "last", column: 55)])
    #expect(layers[0].options == [OptionSyntax(key: "dim", value: "64", column: 23)])
    #expect(modelOptions == [OptionSyntax(key: "vocab", value: "v", column: 74)])
    let chars = Array(line)
    for layer in layers { #expect(String(chars[(layer.column - 1)...]).hasPrefix(layer.type)) }
  }

  @Test func pipesWithoutBlanksAndQuotedPipes() throws {
    let spec = try ModelSpecParser.parse(#"embedding dim=8|custom label="a|b"|dense out=2"#)
    guard case .layers(let layers, _) = spec else {
      Issue.record("expected layers")
      return
    }
    #expect(layers.map(\.type) == ["embedding", "custom", "dense"])
    #expect(layers[1].options.first?.value == "a|b")
  }

  @Test func copyAndErrors() {
    #expect((try? ModelSpecParser.parse("copy base")) == .copy("base"))
    #expect(throws: SyntaxError("expected a layer type before '|'", column: 5)) {
      try ModelSpecParser.parse("| dense", startColumn: 5)
    }
    #expect(throws: SyntaxError("expected a layer type after the last '|'", column: 13)) {
      try ModelSpecParser.parse("embedding |", startColumn: 1)
    }
    #expect(throws: SyntaxError("option 'dim=' must follow a layer type", column: 1)) {
      try ModelSpecParser.parse("dim=3 dense")
    }
  }
}
