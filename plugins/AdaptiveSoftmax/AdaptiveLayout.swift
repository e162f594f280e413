import LayerKit
import Schema

#if canImport(Glibc)
  import Glibc
#else
  import Foundation
#endif

/// The cluster structure of an adaptive softmax (Grave et al. 2017), as PyTorch's
/// `nn.AdaptiveLogSoftmaxWithLoss` lays it out: the head scores the `cutoffs[0]` most frequent
/// tokens (the shortlist) plus one column per tail cluster; tail cluster `i` covers the tokens
/// `cutoffs[i] ..< cutoffs[i+1]` (the last one ends at the vocabulary size) through a projection to
/// `in_features // div_value^(i+1)` features.
struct AdaptiveLayout: Sendable, Equatable {
  /// The number of output classes (the vocabulary size; PyTorch's `n_classes`).
  let classes: Int
  /// The cutoffs as given: strictly increasing, each in 1 ..< classes.
  let cutoffs: [Int]
  /// The projection width of each tail cluster.
  let hidden: [Int]

  /// The tokens the head scores directly.
  var shortlist: Int { cutoffs[0] }
  /// The number of tail clusters.
  var clusters: Int { cutoffs.count }
  /// The head's output width: the shortlist plus one column per cluster.
  var headSize: Int { shortlist + clusters }

  /// The tokens of tail cluster `i`.
  func range(ofCluster i: Int) -> Range<Int> { cutoffs[i]..<(i + 1 < cutoffs.count ? cutoffs[i + 1] : classes) }

  /// The tail cluster holding `token`, or nil when the head scores it directly.
  func cluster(of token: Int) -> Int? {
    guard token >= shortlist else { return nil }
    var i = 0
    while i + 1 < cutoffs.count && token >= cutoffs[i + 1] { i += 1 }
    return i
  }

  /// Checks the options against the vocabulary and input width; every error names its option.
  init(classes: Int, features: Int, cutoffs text: String, divValue: Double, cutoffsGiven: Bool) throws(LayerError) {
    let written = "option 'cutoffs=\(text)'\(cutoffsGiven ? "" : " (the default)")"
    var cutoffs: [Int] = []
    for word in text.split(separator: ",", omittingEmptySubsequences: false) {
      guard let n = Int(String(word).trimmed) else {
        throw LayerError("\(written) expects whole numbers separated by commas, got '\(word)'")
      }
      cutoffs.append(n)
    }
    if let bad = cutoffs.first(where: { $0 <= 0 }) {
      throw LayerError("\(written) has \(bad); every cutoff must be at least 1")
    }
    if let i = cutoffs.indices.dropFirst().first(where: { cutoffs[$0] <= cutoffs[$0 - 1] }) {
      throw LayerError(
        "\(written) is not strictly increasing (\(cutoffs[i - 1]) then \(cutoffs[i])); "
          + "list the cluster boundaries in ascending order"
      )
    }
    if let last = cutoffs.last, last >= classes {
      throw LayerError(
        "\(written) has \(last), not below the vocabulary size \(classes); every cutoff must be less than \(classes)")
    }
    if !(divValue > 0) { throw LayerError("option 'div_value=' must be greater than 0, got \(divValue)") }
    let divisor = divValue == divValue.rounded() && abs(divValue) < 1e9 ? String(Int(divValue)) : String(divValue)
    hidden = try cutoffs.indices.map { (i) throws(LayerError) -> Int in
      let width = Int((Double(features) / pow(divValue, Double(i + 1))).rounded(.down))
      if width < 1 {
        throw LayerError(
          "option 'div_value=\(divisor)' leaves tail cluster \(i) no features "
            + "(\(features) // \(divisor)^\(i + 1) = 0); use a smaller div_value or fewer cutoffs"
        )
      }
      return width
    }
    self.classes = classes
    self.cutoffs = cutoffs
  }
}
