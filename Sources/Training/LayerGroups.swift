import LayerKit

/// Layer groups for discriminative learning rates and gradual unfreezing (ULMFiT).
///
/// A group is one layer of the network that has parameters; layers without parameters (pooling,
/// dropout) form no group, so they neither take a decay step nor an unfreezing epoch. A tensor
/// two layers share (a decoder tied to the embedding) belongs to the top one's group, as in
/// fastai's AWD-LSTM split (embedding and tied decoder in the last group).
public struct LayerGroups {
  /// The parameters of each group, bottom (input side) to top (output side).
  public let groups: [[(String, Parameter)]]
  /// The layer name of each group, index-aligned with `groups`.
  public let names: [String]

  /// The groups of `network`, one per layer that has parameters.
  public init(network: Network) {
    var seen = Set<ObjectIdentifier>()
    var topDown: [(String, [(String, Parameter)])] = []
    for named in network.layers.reversed() {
      let own = named.layer.parameters.filter { seen.insert(ObjectIdentifier($0.1)).inserted }
      if !own.isEmpty { topDown.append((named.name, own.map { ("\(named.name).\($0.0)", $0.1) })) }
    }
    groups = topDown.reversed().map(\.1)
    names = topDown.reversed().map(\.0)
  }

  /// Each group's learning rate: the top group gets `rate`, each group below it the rate of the
  /// group above divided by `decay` (`lr_decay=2.6` in ULMFiT).
  public func rates(base rate: Double, decay: Double) -> [Double] {
    let n = groups.count
    return (0..<n).map { index in
      var r = rate
      for _ in 0..<(n - 1 - index) { r /= decay }
      return r
    }
  }

  /// The learning-rate factor of every parameter of `network`, keyed by parameter identity.
  public func rateTable(base rate: Double, decay: Double) -> [ObjectIdentifier: Double] {
    var table: [ObjectIdentifier: Double] = [:]
    for (group, r) in zip(groups, rates(base: rate, decay: decay)) {
      for (_, p) in group { table[ObjectIdentifier(p)] = r }
    }
    return table
  }
}

/// Gradual unfreezing: at epoch 1 only the top group that the user left trainable is unfrozen, each
/// later epoch unfreezes the next such group down. It only ever unfreezes what the user left
/// unfrozen (parameters the user froze stay frozen), and `restore()` puts the user's flags back.
public final class GradualUnfreezing {
  private let saved: [(Parameter, Bool)]
  /// Groups with at least one parameter the user left trainable, top first.
  private let candidates: [[Parameter]]
  /// The layer name of each candidate group, top first.
  private let candidateNames: [String]

  /// Records the current frozen flags; call `apply(epoch:)` before each epoch.
  public init(groups: LayerGroups) {
    saved = groups.groups.flatMap { $0.map { ($0.1, $0.1.frozen) } }
    let open = zip(groups.names, groups.groups).reversed().map { ($0, $1.map(\.1).filter { !$0.frozen }) }
      .filter { !$0.1.isEmpty }
    candidates = open.map(\.1)
    candidateNames = open.map(\.0)
  }

  /// Sets the flags for epoch `epoch` (1-based of this run): the top `epoch` candidate groups train.
  public func apply(epoch: Int) {
    for (index, group) in candidates.enumerated() {
      for p in group { p.frozen = index >= epoch }
    }
  }

  /// How many groups are trainable at `epoch`.
  public func trainableGroups(epoch: Int) -> Int { min(epoch, candidates.count) }

  /// The layers whose groups train at `epoch`, in network order (input side first).
  public func trainableLayers(epoch: Int) -> [String] { candidateNames.prefix(epoch).reversed() }

  /// Restores the user's frozen flags.
  public func restore() {
    for (p, frozen) in saved { p.frozen = frozen }
  }
}
