import LayerKit
import Schema
import TensorCore

/// `bert_embeddings dim=128 maxlen=512 types=2 eps=1e-12 dropout=0.1`: BERT's input layer as Hugging
/// Face's `BertEmbeddings` computes it for token type 0:
///
///     y[t] = dropout(LN(word_embeddings[id_t] + position_embeddings[t] + token_type_embeddings[0]))
///
/// Parameter keys are the Hugging Face names under `embeddings.` (`word_embeddings.weight`,
/// `position_embeddings.weight`, `token_type_embeddings.weight`, `LayerNorm.weight`, `LayerNorm.bias`).
/// Row 0 of the word embeddings (`[PAD]`) gets no gradient; padded positions output zeros.
public final class BertEmbeddingsLayer: Layer {
  /// The registered type.
  public static let type = LayerType(
    name: "bert_embeddings",
    summary: "BERT input layer: word + learned position + token type embeddings, layer norm",
    options: [
      OptionSpec("dim", .int(min: 1), default: "768", help: "hidden size"),
      OptionSpec("maxlen", .int(min: 1), default: "512", help: "longest sequence (max_position_embeddings)"),
      OptionSpec("types", .int(min: 1), default: "2", help: "token types (type_vocab_size)"),
      OptionSpec("eps", .float(), default: "1e-12", help: "layer-norm epsilon (layer_norm_eps)"),
      OptionSpec("dropout", .float(), default: "0.1", help: "dropout probability while training, in [0, 1)"),
    ]
  ) { options, shape, rng throws(LayerError) in
    guard case .tokens(let vocabulary) = shape else {
      throw LayerError("input is not token ids (\(shape)); 'bert_embeddings' must be the first layer")
    }
    let dim: Int = try options.setting("dim")
    let maxlen: Int = try options.setting("maxlen")
    let types: Int = try options.setting("types")
    let p: Float = try options.setting("dropout")
    guard p >= 0 && p < 1 else { throw LayerError("option 'dropout=' must be in [0, 1), got \(p)") }
    let eps: Float = try options.setting("eps")
    guard eps > 0 else { throw LayerError("option 'eps=' must be positive, got \(eps)") }
    _ = try ParameterBudget.elements([vocabulary + maxlen + types, dim], option: "dim")
    return BertEmbeddingsLayer(
      vocabulary: vocabulary, dim: dim, maxlen: maxlen, types: types, eps: eps, dropout: p, rng: &rng)
  }

  public let typeName = "bert_embeddings"
  public let inputShape: FeatureShape
  public let outputShape: FeatureShape
  /// `[vocabulary, dim]`, `[maxlen, dim]` and `[types, dim]`.
  public let words: Parameter
  public let positions: Parameter
  public let tokenTypes: Parameter
  /// The dropout probability while training.
  public let dropout: Float
  let norm: LayerNorm
  private var input = Activation(tokens: [], batch: 0, time: 0, lengths: [])
  private var mask = Tensor(shape: [0])

  public var parameters: [(String, Parameter)] {
    [
      ("word_embeddings.weight", words), ("position_embeddings.weight", positions),
      ("token_type_embeddings.weight", tokenTypes), ("LayerNorm.weight", norm.weight), ("LayerNorm.bias", norm.bias),
    ]
  }

  /// Embedding tables drawn from N(0, 0.02²) (row 0 of the words zero), layer norm 1 and 0.
  public init(vocabulary: Int, dim: Int, maxlen: Int, types: Int, eps: Float, dropout: Float, rng: inout RNG) {
    words = SelfAttention.normal([vocabulary, dim], 0.02, &rng)
    for j in 0..<dim { words.value.data[j] = 0 }
    positions = SelfAttention.normal([maxlen, dim], 0.02, &rng)
    tokenTypes = SelfAttention.normal([types, dim], 0.02, &rng)
    norm = LayerNorm(width: dim, eps: eps)
    self.dropout = dropout
    inputShape = .tokens(vocabulary: vocabulary)
    outputShape = .sequence(dim)
  }

  public func forward(_ x: Activation, context: LayerContext) throws -> Activation {
    let (vocabulary, dim, maxlen) = (words.value.shape[0], outputShape.width, positions.value.shape[0])
    guard x.time <= maxlen else {
      throw LayerError(
        "bert_embeddings: sequences of \(x.time) tokens exceed its \(maxlen) positions (max_position_embeddings); truncate them with maxlen=\(maxlen) (train, eval)"
      )
    }
    var sum = Tensor(shape: [x.batch, x.time, dim])
    for b in 0..<x.batch {
      let real = x.tokens[(b * x.time)..<(b * x.time + min(x.lengths[b], x.time))]
      if let id = real.first(where: { $0 < 0 || Int($0) >= vocabulary }) {
        throw LayerError("token id \(id) is outside the vocabulary (0..<\(vocabulary))")
      }
    }
    // Pointers rather than class properties in the loop: no exclusivity check per element.
    words.value.withPointer { w in
      positions.value.withPointer { p in
        tokenTypes.value.withPointer { types in
          sum.withMutablePointer { s in
            for b in 0..<x.batch {
              for t in 0..<min(x.lengths[b], x.time) {
                let (id, row) = (Int(x.tokens[b * x.time + t]), (b * x.time + t) * dim)
                for j in 0..<dim { s[row + j] = w[id * dim + j] + p[t * dim + j] + types[j] }
              }
            }
          }
        }
      }
    }
    input = x
    var y = norm.forward(sum)
    BlockMath.dropout(&y, mask: &mask, p: context.training ? dropout : 0, rng: &context.rng)
    Activation.zeroPadding(&y, lengths: x.lengths)
    return Activation(values: y, lengths: x.lengths)
  }

  public func backward(_ gradOutput: Tensor, context: LayerContext) throws -> Tensor {
    let (x, dim) = (input, outputShape.width)
    var g = gradOutput
    Activation.zeroPadding(&g, lengths: x.lengths)
    DropoutMask.apply(mask, to: &g)
    let gSum = norm.backward(g)
    gSum.withPointer { gs in
      words.grad.withMutablePointer { w in
        positions.grad.withMutablePointer { p in
          tokenTypes.grad.withMutablePointer { types in
            for b in 0..<x.batch {
              for t in 0..<min(x.lengths[b], x.time) {
                let (id, row) = (Int(x.tokens[b * x.time + t]), (b * x.time + t) * dim)
                for j in 0..<dim {
                  let v = gs[row + j]
                  if id != 0 { w[id * dim + j] += v }
                  p[t * dim + j] += v
                  types[j] += v
                }
              }
            }
          }
        }
      }
    }
    return Tensor(shape: [0])
  }
}
