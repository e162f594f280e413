import LayerKit
import Schema

/// The options every recurrent layer type takes, validated.
public struct RecurrentConfiguration: Sendable, Equatable {
  /// Hidden units per direction.
  public var hidden: Int
  /// Stacked layers.
  public var layers: Int
  /// Whether each layer also runs right to left (outputs concatenated).
  public var bidirectional: Bool
  /// Dropout probability on the outputs of every layer but the last, in training mode.
  public var dropout: Float
  /// Locked dropout on the input (one mask per sequence over time; AWD-LSTM's `input_p`).
  public var inputDropout: Float
  /// Locked dropout between stacked layers (AWD-LSTM's `hidden_p`).
  public var hiddenDropout: Float
  /// Locked dropout on the last layer's output (AWD-LSTM's `output_p`).
  public var outputDropout: Float
  /// DropConnect on every `weight_hh`: one mask per forward (AWD-LSTM's `weight_p`).
  public var weightDropout: Float

  /// The option specs: `hidden=128 layers=1 bidirectional=no dropout=0`.
  public static let optionSpecs: [OptionSpec] = [
    OptionSpec("hidden", .int(min: 1), default: "128", help: "hidden units per direction"),
    OptionSpec("layers", .int(min: 1), default: "1", help: "stacked recurrent layers"),
    OptionSpec("bidirectional", .bool, default: "no", help: "also run right to left and concatenate"),
    OptionSpec("dropout", .float(), default: "0", help: "dropout between stacked layers (training only)"),
    OptionSpec(
      "input_p", .float(), default: "0", help: "locked dropout on the input: one mask per sequence over time (AWD-LSTM)"
    ),
    OptionSpec("hidden_p", .float(), default: "0", help: "locked dropout between stacked layers (AWD-LSTM)"),
    OptionSpec("output_p", .float(), default: "0", help: "locked dropout on the last layer's output (AWD-LSTM)"),
    OptionSpec(
      "weight_p", .float(), default: "0", help: "weight drop (DropConnect) on weight_hh, new mask each batch (AWD-LSTM)"
    ),
  ]

  /// Reads validated options; every dropout probability must lie in [0, 1).
  public init(_ options: Options) throws(LayerError) {
    hidden = try options.setting("hidden")
    layers = try options.setting("layers")
    bidirectional = try options.setting("bidirectional")
    dropout = try DropoutMask.probability(options, "dropout")
    inputDropout = try DropoutMask.probability(options, "input_p")
    hiddenDropout = try DropoutMask.probability(options, "hidden_p")
    outputDropout = try DropoutMask.probability(options, "output_p")
    weightDropout = try DropoutMask.probability(options, "weight_p")
  }

  /// 1 or 2.
  public var directions: Int { bidirectional ? 2 : 1 }

  /// Checks that the parameters of every stacked layer over `inputSize` features with `gates`
  /// gate blocks fit in memory (LayerKit's `ParameterBudget`), naming the option to shrink.
  public func checkSize(inputSize: Int, gates: Int) throws(LayerError) {
    for layer in 0..<layers {
      let input = layer == 0 ? inputSize : hidden * directions
      let (perRow, overflow) = input.addingReportingOverflow(hidden + 2)
      _ = try ParameterBudget.elements([gates, hidden, overflow ? Int.max : perRow, directions], option: "hidden")
    }
  }
}
