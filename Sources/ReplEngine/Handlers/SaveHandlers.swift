import CommandLanguage
import TextData
import TextFormatting
import Transfer

extension CommandContext {
  /// `save NAME to FILE` for a dataset (TSV), a vocabulary (`.vocab`) or word vectors (GloVe or
  /// word2vec text); models are saved by the transfer area's `save`.
  func saveObject(_ name: String, to path: String, _ parsed: ParsedCommand, _ out: CommandOutput) throws {
    switch try object(name) {
    case .dataset(let data):
      guard path.lowercased().hasSuffix(".tsv") else {
        throw ReplError("datasets are saved as TSV files: save \(name) to \(path).tsv")
      }
      try writeFileAtomically(data.tsv(), to: resolvePath(path))
      let header = data.isLabeled ? "label<TAB>text" : "text"
      out.line("saved \(name) to \(path) (\(grouped(data.count)) examples, \(header) lines)")
    case .vocabulary(let vocabulary):
      guard path.lowercased().hasSuffix(".vocab") else {
        throw ReplError("vocabularies are saved as .vocab files (token<TAB>count lines): save \(name) to \(path).vocab")
      }
      let counts = try vocabularyCounts(name, vocabulary)
      try writeFileAtomically(vocabulary.text { counts[$0] ?? 0 }, to: resolvePath(path))
      out.line(
        "saved \(name) to \(path) (\(grouped(vocabulary.count)) tokens with their counts in \(vocabulary.sources.joined(separator: ",")))"
      )
    case .vectors(let vectors):
      let format =
        parsed.options.string("format").flatMap(WordVectors.TextFormat.init(rawValue:))
        ?? (path.lowercased().hasSuffix(".vec") ? .word2vec : .glove)
      try writeFileAtomically(vectors.text(format), to: resolvePath(path))
      out.line(
        "saved \(name) to \(path) (\(grouped(vectors.words.count)) vectors of dimension \(vectors.dimension), \(format == .glove ? "GloVe" : "word2vec") text)"
      )
    case .model:
      throw ReplError("'\(name)' is a model: save \(name) to FILE.safetensors")
    }
  }

  /// Each token's count in the datasets `vocabulary` was built from (`<unk>`: the unknown tokens);
  /// an error when none of them is still in the context.
  private func vocabularyCounts(_ name: String, _ vocabulary: Vocabulary) throws -> [String: Int] {
    let sources = vocabulary.sources.compactMap { source -> Dataset? in
      if case .dataset(let d)? = objects[source] { return d }
      return nil
    }
    if vocabulary.sources.isEmpty {
      throw ReplError(
        "'\(name)' does not record the datasets it was built from, so its counts cannot be recomputed; build it with vocab NAME from DATASETS"
      )
    }
    if sources.count != vocabulary.sources.count {
      throw ReplError(
        "the counts of '\(name)' come from the datasets it was built from, \(vocabulary.sources.joined(separator: ", ")), which are not all in the session; load them again first"
      )
    }
    let counter = try Vocabulary.count(sources, settings: vocabulary.settings, cancellation: cancellation)
    var counts: [String: Int] = [Vocabulary.pad: 0, Vocabulary.unk: 0]
    for i in 0..<counter.distinct {
      let token = counter.token(i)
      if vocabulary.index[token] != nil, token != Vocabulary.pad, token != Vocabulary.unk {
        counts[token] = counter.counts[i]
      } else {
        counts[Vocabulary.unk, default: 0] += counter.counts[i]
      }
    }
    return counts
  }

  /// `load NAME from FILE.vocab`: a vocabulary written by `save`.
  func loadVocabularyFile(_ name: String, _ path: String, _ out: CommandOutput) throws {
    let text = try TextFile.read(resolvePath(path))
    let (vocabulary, counts) = try dataWork { try Vocabulary.parse(text, path: path) }
    define(name, .vocabulary(vocabulary))
    let total = counts.reduce(0, +)
    out.line(
      "\(name): \(grouped(vocabulary.count)) tokens (\(grouped(total)) counted), lowercase=\(vocabulary.settings.lowercase ? "yes" : "no") stopwords=\(vocabulary.settings.stopwords)"
    )
  }
}
