import Activations
import AdaptiveSoftmax
import Dense
import Dropout
import Embedding
import GRU
import LSTM
import LayerKit
import Pooling
import Transformer

/// The built-in layer types, in the order `help layers` lists them: the one explicit list.
public enum BuiltinLayers {
  public static let all: [LayerType] = [
    EmbeddingLayer.type, LSTMLayer.type, GRULayer.type, PoolLayer.type, DenseLayer.type,
    AdaptiveSoftmaxLayer.type, DropoutLayer.type, ReLULayer.type, TanhLayer.type, TransformerLayer.type,
    BertEmbeddingsLayer.type, BertLayer.type,
  ]
}
