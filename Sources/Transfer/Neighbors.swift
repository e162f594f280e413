import Schema
import TextData
import Training

/// One neighbour: a word and its cosine similarity to the query word.
public struct Neighbor: Sendable, Equatable {
  public var word: String
  public var similarity: Double
}

extension WordVectors {
  /// The `k` words most similar to `word` by cosine similarity (the word itself excluded; ties by
  /// word order). An unknown word is an error naming the nearest spelling.
  public func neighbors(of word: String, k: Int) throws(TransferError) -> [Neighbor] {
    guard let query = row(of: word) else {
      let nearest = words.min { editDistance(word, $0) < editDistance(word, $1) }
      throw TransferError(
        "'\(word)' is not in the vocabulary of \(words.count) words\(nearest.map { " (nearest spelling: '\($0)')" } ?? "")"
      )
    }
    let d = dimension
    let q = norm(query)
    var scored: [(Int, Double)] = []
    scored.reserveCapacity(words.count)
    for i in 0..<words.count where i != query {
      var dot = 0.0
      for j in 0..<d { dot += Double(values[query * d + j]) * Double(values[i * d + j]) }
      let n = norm(i)
      scored.append((i, q > 0 && n > 0 ? dot / (q * n) : 0))
    }
    scored.sort { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
    return scored.prefix(k).map { Neighbor(word: words[$0.0], similarity: $0.1) }
  }

  /// The row of `word`, trying its lowercase form second.
  func row(of word: String) -> Int? {
    if let i = words.firstIndex(of: word) { return i }
    let lower = word.lowercased()
    return lower == word ? nil : words.firstIndex(of: lower)
  }

  private func norm(_ row: Int) -> Double {
    var s = 0.0
    for j in 0..<dimension {
      let v = Double(values[row * dimension + j])
      s += v * v
    }
    return s.squareRoot()
  }

  /// The embedding rows of `model` as word vectors (specials `<pad>` and `<unk>` left out).
  public static func embedding(of model: TextModel, named name: String) throws(TransferError) -> WordVectors {
    guard let vocabulary = model.vocabulary else {
      throw TransferError("'\(name)' has no vocabulary, so its embedding rows have no words")
    }
    guard let layer = model.network.layers.first(where: { $0.layer.typeName == "embedding" }),
      let weight = layer.layer.parameters.first(where: { $0.0 == "weight" })?.1, weight.value.shape.count == 2,
      weight.value.shape[0] == vocabulary.count
    else { throw TransferError("'\(name)' has no embedding layer with one row per vocabulary token") }
    let d = weight.value.shape[1]
    return WordVectors(
      words: Array(vocabulary.tokens.dropFirst(2)), dimension: d, values: Array(weight.value.data.dropFirst(2 * d)),
      source: "\(name).\(layer.name)")
  }
}
