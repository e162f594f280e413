import LayerKit
import TensorCore

/// A stack of (optionally bidirectional) recurrent layers over a right-padded sequence, with
/// PyTorch's parameter names and layouts; the gate arithmetic comes from `Cell`.
///
/// Output: `[B, T, H·directions]`, zero at padded positions. The state stops advancing after
/// each example's last real token, so the last real output is the final hidden state; the
/// reverse direction starts at each example's last real token (as PyTorch's packed sequences).
///
/// The forward directions can start from a given state (`initialState`) and expose the state they
/// end in (`finalState`); `carryState()` feeds one into the other for consecutive windows of a text.
/// Reverse directions always start from zeros (their state would come from the wrong end).
public final class RecurrentLayer<Cell: RecurrentCell>: Layer, StatefulLayer {
  public let typeName: String
  public let inputShape: FeatureShape
  public let outputShape: FeatureShape
  public let parameters: [(String, Parameter)]
  /// The validated options.
  public let configuration: RecurrentConfiguration
  private let stack: [[RecurrentDirection<Cell>]]
  private var schedule: SequenceSchedule?
  /// The state each direction starts from, indexed `layer · directions + direction` (nil: zeros).
  /// Used only when its batch size is the input's; reverse directions ignore it.
  public var initialState: [RecurrentState]?
  /// The state each direction ended in after the last forward, indexed as `initialState`.
  public private(set) var finalState: [RecurrentState] = []
  private var layerInputs: [Tensor] = []
  private var dropoutMasks: [Tensor] = []
  /// Locked dropout on the input, between stacked layers (one per gap) and on the output.
  private var inputMask: LockedDropout
  private var hiddenMasks: [LockedDropout]
  private var outputMask: LockedDropout
  private var kept = false
  /// The last output and input gradient of each stacked layer, kept to reuse their storage.
  private var outputs: [Tensor]
  private var inputGradients: [Tensor]

  /// Builds the stack for `input` (must be a sequence), drawing weights from `rng`.
  public init(typeName: String, configuration: RecurrentConfiguration, input: FeatureShape, rng: inout RNG)
    throws(LayerError)
  {
    guard case .sequence(let features) = input else {
      let hint = input == .vector(input.width) ? "; put it before the pool layer" : "; put an embedding layer first"
      throw LayerError("\(typeName) needs a sequence input (T×features) but gets \(input)\(hint)")
    }
    try configuration.checkSize(inputSize: features, gates: Cell.gateCount)
    self.typeName = typeName
    self.configuration = configuration
    inputMask = LockedDropout(p: configuration.inputDropout)
    hiddenMasks = Array(repeating: LockedDropout(p: configuration.hiddenDropout), count: configuration.layers - 1)
    outputMask = LockedDropout(p: configuration.outputDropout)
    self.inputShape = input
    let width = configuration.hidden * configuration.directions
    self.outputShape = .sequence(width)
    var stack: [[RecurrentDirection<Cell>]] = []
    var parameters: [(String, Parameter)] = []
    for layer in 0..<configuration.layers {
      var directions: [RecurrentDirection<Cell>] = []
      for reverse in [false, true].prefix(configuration.directions) {
        let d = RecurrentDirection<Cell>(
          inputSize: layer == 0 ? features : width, hidden: configuration.hidden, reverse: reverse, rng: &rng)
        let suffix = "_l\(layer)" + (reverse ? "_reverse" : "")
        parameters += [
          ("weight_ih" + suffix, d.weightIH), ("weight_hh" + suffix, d.weightHH), ("bias_ih" + suffix, d.biasIH),
          ("bias_hh" + suffix, d.biasHH),
        ]
        directions.append(d)
      }
      stack.append(directions)
    }
    self.stack = stack
    self.parameters = parameters
    self.outputs = Array(repeating: Tensor(shape: [0]), count: configuration.layers)
    self.inputGradients = outputs
  }

  public func forward(_ input: Activation, context: LayerContext) throws -> Activation {
    let features = inputShape.width
    guard input.values.shape == [input.batch, input.time, features] else {
      throw LayerError("\(typeName) expects values of shape [batch, time, \(features)], got \(input.values.shape)")
    }
    let schedule = try SequenceSchedule(
      lengths: input.lengths, batch: input.batch, time: input.time, layer: typeName)
    let output = run(input.values, schedule: schedule, keep: context.training, context: context)
    return Activation(values: output, lengths: input.lengths)
  }

  /// Runs the stack. With `keep`, every direction caches what backward needs (training mode);
  /// otherwise only the input is remembered and `backward` recomputes the caches.
  private func run(_ input: Tensor, schedule: SequenceSchedule, keep: Bool, context: LayerContext) -> Tensor {
    self.schedule = schedule
    self.kept = keep
    layerInputs = []
    dropoutMasks = []
    finalState = []
    var x = input
    inputMask.forward(&x, training: context.training, rng: &context.rng)
    for (index, directions) in stack.enumerated() {
      layerInputs.append(x)
      for direction in directions { direction.dropWeights(configuration.weightDropout, context: context) }
      var y = run(directions, index: index, on: x, schedule: schedule, keep: keep)
      if context.training && index + 1 < stack.count && configuration.dropout > 0 {
        let mask = dropoutMask(like: y, rng: &context.rng)
        multiply(&y, by: mask)
        dropoutMasks.append(mask)
      }
      if index + 1 < stack.count { hiddenMasks[index].forward(&y, training: context.training, rng: &context.rng) }
      outputs[index] = y
      x = y
    }
    outputMask.forward(&x, training: context.training, rng: &context.rng)
    return x
  }

  public func backward(_ gradOutput: Tensor, context: LayerContext) throws -> Tensor {
    guard let schedule, let first = layerInputs.first else {
      throw LayerError("\(typeName): backward needs a forward pass first")
    }
    if !kept { _ = run(first, schedule: schedule, keep: true, context: LayerContext(training: false)) }
    let width = outputShape.width
    guard gradOutput.shape == [schedule.batch, schedule.time, width] else {
      throw LayerError(
        "\(typeName): output gradient has shape \(gradOutput.shape), expected [\(schedule.batch), \(schedule.time), \(width)]"
      )
    }
    var g = gradOutput
    outputMask.apply(&g)
    for index in stride(from: stack.count - 1, through: 0, by: -1) {
      if index + 1 < stack.count { hiddenMasks[index].apply(&g) }
      var dx = reuse(&inputGradients[index], shape: layerInputs[index].shape)
      for (d, direction) in stack[index].enumerated() {
        g.withPointer { dy in
          dx.withMutablePointer { dxp in
            direction.backward(
              schedule: schedule, gradOutput: dy + d * configuration.hidden, outputStride: width, gradInput: dxp,
              accumulate: d > 0)
          }
        }
      }
      if index > 0 && index - 1 < dropoutMasks.count { multiply(&dx, by: dropoutMasks[index - 1]) }
      inputGradients[index] = dx
      g = dx
    }
    inputMask.apply(&g)
    releaseCaches()
    return g
  }

  /// Runs every direction of one stacked layer; the directions fill their halves of the output.
  private func run(
    _ directions: [RecurrentDirection<Cell>], index: Int, on x: Tensor, schedule: SequenceSchedule, keep: Bool
  ) -> Tensor {
    let width = configuration.hidden * directions.count
    var y = reuse(&outputs[index], shape: [schedule.batch, schedule.time, width])
    for (d, direction) in directions.enumerated() {
      let initial = direction.reverse ? nil : startState(index * directions.count + d, batch: schedule.batch)
      x.withPointer { xp in
        y.withMutablePointer { yp in
          finalState.append(
            direction.forward(
              input: xp, schedule: schedule, output: yp + d * configuration.hidden, outputStride: width,
              caching: keep, initial: initial))
        }
      }
    }
    return y
  }

  /// The given initial state of direction `slot`, when there is one for `batch` examples.
  private func startState(_ slot: Int, batch: Int) -> RecurrentState? {
    guard let states = initialState, states.indices.contains(slot), states[slot].batch == batch else { return nil }
    return states[slot]
  }

  /// The next forward starts from the state the last one ended in (detached).
  public func carryState() { initialState = finalState }

  /// Forwards start from zeros.
  public func resetState() { initialState = nil }

  /// Forgets the cached inputs and masks once backward has used them, so that the layer below can
  /// reuse its output storage; a second backward needs a new forward.
  private func releaseCaches() {
    layerInputs = []
    dropoutMasks = []
    schedule = nil
  }

  /// A zeroed tensor of `shape`, reusing the storage of `slot` when no one else holds it any more
  /// (after the first batch, usually no allocation).
  private func reuse(_ slot: inout Tensor, shape: [Int]) -> Tensor {
    var t = slot
    slot = Tensor(shape: [0])
    t.resize(to: shape)
    return t
  }

  /// A mask of 0 and 1/(1−p) drawn from the context's generator.
  private func dropoutMask(like y: Tensor, rng: inout RNG) -> Tensor {
    let p = configuration.dropout
    let keep = 1 / (1 - p)
    var mask = Tensor(shape: y.shape)
    for i in 0..<mask.count { mask.data[i] = rng.uniform() < p ? 0 : keep }
    return mask
  }

  private func multiply(_ x: inout Tensor, by mask: Tensor) {
    for i in 0..<x.count { x.data[i] *= mask.data[i] }
  }
}

extension RecurrentLayer {
  /// The layer type `name` with the shared options (`hidden`, `layers`, `bidirectional`, `dropout`).
  public static func type(name: String, summary: String) -> LayerType {
    LayerType(name: name, summary: summary, options: RecurrentConfiguration.optionSpecs) { options, input, rng in
      try RecurrentLayer<Cell>(
        typeName: name, configuration: RecurrentConfiguration(options), input: input, rng: &rng)
    }
  }
}
