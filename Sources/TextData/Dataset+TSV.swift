extension Dataset {
  /// The dataset as TSV with a `label<TAB>text` header (`text` alone when unlabeled), one example
  /// per line, which `load NAME from FILE.tsv` reads back. TSV has no quoting, so tabs and line
  /// breaks inside a text become blanks (the tokens stay the same).
  public func tsv() -> String {
    let labeled = isLabeled
    var out = labeled ? "label\ttext\n" : "text\n"
    for example in examples {
      let text = String(
        example.text.unicodeScalars.map { $0 == "\t" || $0 == "\n" || $0 == "\r" ? " " : Character($0) })
      if labeled, let label = example.label { out += labelNames[label] + "\t" }
      out += text + "\n"
    }
    return out
  }
}
