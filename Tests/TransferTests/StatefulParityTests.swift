import BuiltinLayers
import Foundation
import LayerKit
import ReplTestSupport
import Schema
import TensorCore
import Testing

/// PyTorch parity of a carried recurrent state: our `lstm` over two windows with the state carried
/// between them gives PyTorch's `nn.LSTM` outputs over the joined sequence (skipped visibly without
/// PyTorch, a failure under CI=true).
@Suite struct StatefulParityTests {
  static func list(_ values: [Float]) -> String { "[" + values.map { "\($0)" }.joined(separator: ",") + "]" }

  @Test(.enabled(if: PythonSupport.torchTestsRun, PythonSupport.torchMissing), arguments: ["lstm", "gru"])
  func carriedWindowsMatchPyTorchOnTheJoinedSequence(_ type: String) throws {
    try PythonSupport.requireTorch()
    let registry = LayerRegistry(BuiltinLayers.all)
    let layerType = try registry.lookup(type)
    var rng = RNG(seed: 5)
    let options = try Options([(key: "hidden", value: "5"), (key: "layers", value: "2")], specs: layerType.options)
    let layer = try layerType.make(options, .sequence(3), &rng)
    let (b, t1, t2, f) = (2, 4, 3, 3)
    let x = (0..<(b * (t1 + t2) * f)).map { _ in rng.uniform(-1, 1) }
    func window(_ from: Int, _ to: Int) -> Activation {
      var values = Tensor(shape: [b, to - from, f])
      for row in 0..<b {
        for s in from..<to {
          for k in 0..<f { values.data[(row * (to - from) + s - from) * f + k] = x[(row * (t1 + t2) + s) * f + k] }
        }
      }
      return Activation(values: values, lengths: Array(repeating: to - from, count: b))
    }
    let context = LayerContext(training: false)
    _ = try layer.forward(window(0, t1), context: context)
    try #require(layer as? any StatefulLayer).carryState()
    let ours = try layer.forward(window(t1, t1 + t2), context: context).values.data
    let weights = layer.parameters.map {
      "'\($0.0)': torch.tensor(\(Self.list($0.1.value.data))).reshape(\($0.1.value.shape))"
    }
    let script = """
      import torch
      m = torch.nn.\(type.uppercased())(3, 5, num_layers=2, batch_first=True)
      m.load_state_dict({\(weights.joined(separator: ", "))})
      x = torch.tensor(\(Self.list(x))).reshape(\(b), \(t1 + t2), \(f))
      y, _ = m(x)
      print(' '.join(repr(v) for v in y[:, \(t1):, :].reshape(-1).tolist()))
      """
    let result = try PythonSupport.run(["-c", script])
    try #require(result.status == 0, "\(result.err)")
    let theirs = result.out.split(separator: " ").compactMap {
      Float($0.trimmingCharacters(in: .whitespacesAndNewlines))
    }
    #expect(theirs.count == ours.count)
    let worst = zip(ours, theirs).map { abs($0 - $1) }.max() ?? 1
    #expect(worst < 1e-5, "\(type): max difference \(worst)")
  }
}
