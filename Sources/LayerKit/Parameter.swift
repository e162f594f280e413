import TensorCore

/// A trainable tensor with its accumulated gradient and a frozen flag.
///
/// Parameters are reference objects listed as `[(key, Parameter)]` with dotted keys
/// (`lstm.weight_ih_l0`): the one currency that optimizers, checkpoints, transfer, freezing and
/// drift all use. An optimizer updates exactly the parameters whose `frozen` is false.
public final class Parameter {
  /// The current value.
  public var value: Tensor
  /// The gradient accumulated by `backward` since the last `zeroGrad()`; same shape as `value`.
  public var grad: Tensor
  /// When true, no optimizer touches this parameter.
  public var frozen: Bool

  /// A parameter holding `value` with a zero gradient.
  public init(_ value: Tensor, frozen: Bool = false) {
    self.value = value
    self.grad = Tensor(shape: value.shape)
    self.frozen = frozen
  }

  /// The number of scalar elements.
  public var count: Int { value.count }

  /// Clears the accumulated gradient.
  public func zeroGrad() { grad.zero() }
}
