import CReplPlugin
import LayerKit
import Schema
import TensorCore

extension PluginLayer {
  /// The C shape of a host input shape; token ids are not a plugin input.
  static func cShape(_ shape: FeatureShape, layer: String) throws -> repl_shape {
    switch shape {
    case .sequence(let w): return repl_shape(kind: Int32(REPL_SHAPE_SEQUENCE.rawValue), width: Int32(clamping: w))
    case .vector(let w): return repl_shape(kind: Int32(REPL_SHAPE_VECTOR.rawValue), width: Int32(clamping: w))
    case .tokens:
      throw LayerError(
        "plugin layer '\(layer)' needs a sequence or vector input, not token ids (put an embedding before it)")
    }
  }

  /// The host shape of the output a plugin declared; a sequence output needs a sequence input.
  static func outputShape(_ c: repl_shape, input: FeatureShape) throws -> FeatureShape {
    guard c.width >= 1 else { throw LayerError("the plugin declared an output width of \(c.width)") }
    switch c.kind {
    case Int32(REPL_SHAPE_SEQUENCE.rawValue):
      guard case .sequence = input else { throw LayerError("the plugin declared a sequence output for a vector input") }
      return .sequence(Int(c.width))
    case Int32(REPL_SHAPE_VECTOR.rawValue): return .vector(Int(c.width))
    default: throw LayerError("the plugin declared an output of unknown kind \(c.kind)")
    }
  }

  /// Zero-valued host parameters for the names and shapes a plugin declared, checked.
  static func parameters(_ info: repl_instance_info) throws -> [(String, Parameter)] {
    guard info.param_count >= 0, info.param_count <= 1024 else {
      throw LayerError("the plugin declared \(info.param_count) parameters")
    }
    if info.param_count == 0 { return [] }
    guard let table = info.params else { throw LayerError("the plugin declared parameters but gave no table") }
    var declared: [(String, [Int])] = []
    for index in 0..<Int(info.param_count) {
      let p = table[index]
      guard let name = p.name.map({ String(cString: $0) }), !name.isEmpty, !name.contains(".") else {
        throw LayerError("parameter \(index + 1) has a missing name or one containing '.'")
      }
      if declared.contains(where: { $0.0 == name }) { throw LayerError("parameter '\(name)' is declared twice") }
      let dims = withUnsafeBytes(of: p.dims) { Array($0.bindMemory(to: Int32.self)) }
      guard p.rank >= 1, Int(p.rank) <= dims.count else {
        throw LayerError("parameter '\(name)' has rank \(p.rank) (1…\(REPL_MAX_RANK))")
      }
      let shape = dims.prefix(Int(p.rank)).map(Int.init)
      guard shape.allSatisfy({ $0 >= 1 }), MemoryBudget.product(shape) <= 1 << 28 else {
        throw LayerError("parameter '\(name)' has invalid shape \(shape)")
      }
      declared.append((name, shape))
    }
    let total = declared.reduce(0) { MemoryBudget.sum($0, MemoryBudget.product($1.1)) }
    try ParameterBudget.requireMemory(total, advice: "use smaller options")
    return declared.map { ($0.0, Parameter(Tensor(shape: $0.1))) }
  }

  /// An option value as create() receives it: booleans as `1`/`0`, everything else as written.
  static func cValue(_ raw: String, _ kind: OptionKind) -> String {
    if kind == .bool, let b = Options.parseBool(raw) { return b ? "1" : "0" }
    return raw
  }
}

/// Whether a shape is a `[batch, time, width]` sequence.
func isSequence(_ shape: FeatureShape) -> Bool {
  if case .sequence = shape { return true }
  return false
}
