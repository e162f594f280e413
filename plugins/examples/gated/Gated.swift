// gated: y = x ⊙ sigmoid(W x + b), a learned per-feature gate (a GLU without the extra projection).
// A layer plugin written in Swift with @_cdecl against ../../include/repl_plugin.h (see README.md).
// Build: swiftc -emit-library -O -I../../include -module-name gated Gated.swift -o libgated.so
import CReplPlugin

#if canImport(Glibc)
  import Glibc
#endif

/// One instance: the width and the parameter table the host reads (weight [w, w], bias [w]).
final class GatedLayer {
  let width: Int
  let gateBias: Float
  let params = UnsafeMutablePointer<repl_param_info>.allocate(capacity: 2)

  init(width: Int, gateBias: Float) {
    self.width = width
    self.gateBias = gateBias
    let w = Int32(width)
    params[0] = repl_param_info(name: weightName, rank: 2, dims: (w, w, 0, 0))
    params[1] = repl_param_info(name: biasName, rank: 1, dims: (w, 0, 0, 0))
  }

  deinit { params.deallocate() }

  /// The gate g = sigmoid(W x + b) for one position.
  func gate(
    _ x: UnsafePointer<Float>, _ weight: UnsafePointer<Float>, _ bias: UnsafePointer<Float>, into g: inout [Float]
  ) {
    for o in 0..<width {
      var z = bias[o]
      for i in 0..<width { z += weight[o * width + i] * x[i] }
      g[o] = 1 / (1 + expf(-z))
    }
  }
}

/// Parameter names as C strings that live as long as the library (which is never unloaded).
nonisolated(unsafe) let weightName = UnsafePointer(strdup("weight"))
nonisolated(unsafe) let biasName = UnsafePointer(strdup("bias"))

private func layer(_ instance: UnsafeMutableRawPointer?) -> GatedLayer? {
  instance.map { Unmanaged<GatedLayer>.fromOpaque($0).takeUnretainedValue() }
}

private func fail(_ err: UnsafeMutablePointer<CChar>?, _ size: Int, _ message: String) -> Int32 {
  if let err, size > 0 { _ = message.withCString { strncpy(err, $0, size - 1) } }
  return REPL_ERROR
}

private let create:
  @convention(c) (
    UnsafePointer<repl_option_value>?, Int32, repl_shape, UnsafeMutablePointer<UnsafeMutableRawPointer?>?,
    UnsafeMutablePointer<repl_instance_info>?, UnsafeMutablePointer<CChar>?, Int
  ) -> Int32 = { options, count, input, instance, info, err, size in
    guard input.width <= 4096 else { return fail(err, size, "gated supports at most 4096 features") }
    let bias = Float(repl_option_double(options, count, "gate_bias", 1.0))
    let g = GatedLayer(width: Int(input.width), gateBias: bias)
    instance?.pointee = Unmanaged.passRetained(g).toOpaque()
    info?.pointee = repl_instance_info(output: input, param_count: 2, params: UnsafePointer(g.params))
    return REPL_OK
  }

/// Weights uniform in ±1/sqrt(width) from the seed; bias = gate_bias (the gate starts mostly open).
private let initParams:
  @convention(c) (
    UnsafeMutableRawPointer?, UInt64, UnsafePointer<UnsafeMutablePointer<Float>?>?, UnsafeMutablePointer<CChar>?, Int
  ) -> Int32 = { instance, seed, params, err, size in
    guard let g = layer(instance), let weight = params?[0], let bias = params?[1] else {
      return fail(err, size, "missing parameter storage")
    }
    var state = seed
    let scale = 1 / Float(g.width).squareRoot()
    for i in 0..<(g.width * g.width) { weight[i] = repl_uniform(&state) * scale }
    for o in 0..<g.width { bias[o] = g.gateBias }
    return REPL_OK
  }

private let forward:
  @convention(c) (
    UnsafeMutableRawPointer?, UnsafePointer<repl_batch>?, UnsafePointer<UnsafePointer<Float>?>?, UnsafePointer<Float>?,
    UnsafeMutablePointer<Float>?, UnsafeMutablePointer<CChar>?, Int
  ) -> Int32 = { instance, batch, params, input, output, err, size in
    guard let g = layer(instance), let b = batch?.pointee, let weight = params?[0], let bias = params?[1],
      let input, let output
    else { return fail(err, size, "missing buffers") }
    let w = g.width
    var gate = [Float](repeating: 0, count: w)
    for r in 0..<Int(b.batch * b.time) where b.mask[r] != 0 {
      let x = input + r * w
      g.gate(x, weight, bias, into: &gate)
      for o in 0..<w { output[r * w + o] = x[o] * gate[o] }
    }
    return REPL_OK
  }

/// With g = sigmoid(z), z = W x + b, y = x ⊙ g: dz = dy ⊙ x ⊙ g(1-g); dx = dy ⊙ g + Wᵀ dz;
/// dW += dz xᵀ; db += dz.
private let backward:
  @convention(c) (
    UnsafeMutableRawPointer?, UnsafePointer<repl_batch>?, UnsafePointer<UnsafePointer<Float>?>?, UnsafePointer<Float>?,
    UnsafePointer<Float>?, UnsafePointer<Float>?, UnsafeMutablePointer<Float>?,
    UnsafePointer<UnsafeMutablePointer<Float>?>?,
    UnsafeMutablePointer<CChar>?, Int
  ) -> Int32 = { instance, batch, params, input, _, gradOutput, gradInput, grads, err, size in
    guard let g = layer(instance), let b = batch?.pointee, let weight = params?[0], let bias = params?[1],
      let input, let gradOutput, let gradInput, let dWeight = grads?[0], let dBias = grads?[1]
    else { return fail(err, size, "missing buffers") }
    let w = g.width
    var gate = [Float](repeating: 0, count: w)
    var dz = [Float](repeating: 0, count: w)
    for r in 0..<Int(b.batch * b.time) where b.mask[r] != 0 {
      let x = input + r * w
      let dy = gradOutput + r * w
      let dx = gradInput + r * w
      g.gate(x, weight, bias, into: &gate)
      for o in 0..<w {
        dz[o] = dy[o] * x[o] * gate[o] * (1 - gate[o])
        dx[o] = dy[o] * gate[o]
        dBias[o] += dz[o]
      }
      for o in 0..<w {
        for i in 0..<w {
          dWeight[o * w + i] += dz[o] * x[i]
          dx[i] += weight[o * w + i] * dz[o]
        }
      }
    }
    return REPL_OK
  }

private let destroy: @convention(c) (UnsafeMutableRawPointer?) -> Void = { instance in
  if let instance { Unmanaged<GatedLayer>.fromOpaque(instance).release() }
}

/// The plugin table, built once and kept for the life of the process.
nonisolated(unsafe) let table: UnsafeMutablePointer<repl_plugin> = {
  let options = UnsafeMutablePointer<repl_option_spec>.allocate(capacity: 1)
  options[0] = repl_option_spec(
    key: strdup("gate_bias"), kind: Int32(REPL_OPTION_FLOAT.rawValue), default_value: strdup("1.0"),
    help: strdup("initial gate bias (positive: the gate starts mostly open)"), choices: nil)
  let types = UnsafeMutablePointer<repl_layer_type>.allocate(capacity: 1)
  types[0] = repl_layer_type(
    name: strdup("gated"), summary: strdup("x * sigmoid(W x + b): a learned feature gate (Swift plugin)"),
    option_count: 1, options: options, create: create, init_params: initParams, forward: forward,
    backward: backward, destroy: destroy)
  let plugin = UnsafeMutablePointer<repl_plugin>.allocate(capacity: 1)
  plugin[0] = repl_plugin(
    abi_major: REPL_PLUGIN_ABI_MAJOR, abi_minor: REPL_PLUGIN_ABI_MINOR, name: strdup("gated"),
    version: strdup("0.1"), layer_type_count: 1, layer_types: types)
  return plugin
}()

/// The entry point the host looks up: checks the host's ABI major and returns the table.
@_cdecl("repl_plugin_init")
public func replPluginInit(
  _ hostMajor: Int32, _ hostMinor: Int32, _ err: UnsafeMutablePointer<CChar>?, _ size: Int
) -> UnsafePointer<repl_plugin>? {
  guard hostMajor == REPL_PLUGIN_ABI_MAJOR else {
    _ = fail(err, size, "gated needs plugin ABI \(REPL_PLUGIN_ABI_MAJOR).x, the host speaks \(hostMajor).\(hostMinor)")
    return nil
  }
  return UnsafePointer(table)
}
