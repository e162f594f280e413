import Testing

@testable import CommandLanguage

@Suite struct LexerTests {
  @Test func wordsOptionsAndOffsets() throws {
    let lexed = try Lexer.lex("  train\tclf  lr=0.1 -> =")
    #expect(lexed.tokens.map(\.text) == ["train", "clf", "lr=0.1", "->", "="])
    #expect(lexed.tokens.map(\.column) == [3, 9, 14, 21, 24])
    #expect(lexed.tokens[2].optionKey == "lr")
    #expect(lexed.tokens[2].optionValue == "0.1")
    #expect(lexed.tokens[4].optionKey == nil, "a lone '=' is a word")
  }

  @Test func quotesGlueToWordsAndResolveEscapes() throws {
    let lexed = try Lexer.lex(#"text="a b" "x\"y\\z" pre"mid"post "keep \n""#)
    #expect(lexed.tokens.map(\.text) == ["text=a b", #"x"y\z"#, "premidpost", #"keep \n"#])
    #expect(lexed.tokens[0].optionValue == "a b")
    #expect(lexed.tokens.allSatisfy { $0.quoted })
    #expect(lexed.tokens[1].optionKey == nil)
    #expect(lexed.tokens[1].end == 20)
  }

  @Test func whatCountsAsAnOptionKey() throws {
    let lexed = try Lexer.lex(#"min_count=2 a-b=1 1x=2 data/a=b.txt "k"=v _k=v"#)
    #expect(lexed.tokens.map(\.optionKey) == ["min_count", "a-b", nil, nil, nil, "_k"])
  }

  @Test func commentsAndColumnsCountCharacters() throws {
    let lexed = try Lexer.lex(#"predict "été # ok" ünï # comment "open"#)
    #expect(lexed.tokens.map(\.text) == ["predict", "été # ok", "ünï"])
    #expect(lexed.tokens[2].column == 20)
    #expect(lexed.contentEnd == 23, "0-based offset of the #")
    #expect(lexed.text(from: 8) == #""été # ok" ünï"#)
  }

  @Test func pipesSplitOnlyWhenAsked() throws {
    #expect(try Lexer.lex("a|b").tokens.map(\.text) == ["a|b"])
    #expect(try Lexer.lex(#"a|b "c|d""#, splitsPipes: true).tokens.map(\.text) == ["a", "|", "b", "c|d"])
  }

  @Test func lenientLexingMarksTheOpenQuote() {
    let lexed = Lexer.lenient(#"set x "abc"#)
    #expect(lexed.tokens.last?.openQuote == 6)
    #expect(lexed.tokens.last?.text == "abc")
  }
}
