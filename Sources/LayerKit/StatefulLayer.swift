/// A layer whose state can run on from one call to the next: a recurrent layer reading a long
/// text as consecutive windows (AWD-LSTM's language-model training).
///
/// After `carryState()`, the next forward starts from the state the last forward ended in,
/// detached: no gradient flows back into the previous window, so each window's gradients stay
/// exact for that window. After `resetState()` (and initially) forwards start from zeros.
public protocol StatefulLayer: Layer {
  /// The next forward starts where the last one ended (for the same batch size; zeros otherwise).
  func carryState()
  /// Forwards start from zeros again.
  func resetState()
}

extension Network {
  /// Every stateful layer carries its last final state into its next forward.
  public func carryState() {
    for named in layers { (named.layer as? any StatefulLayer)?.carryState() }
  }

  /// Every stateful layer starts its next forward from zeros.
  public func resetState() {
    for named in layers { (named.layer as? any StatefulLayer)?.resetState() }
  }
}
