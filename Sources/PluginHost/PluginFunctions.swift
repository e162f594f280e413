import CReplPlugin

/// The C functions of one plugin layer type, copied out of the plugin's table.
///
/// `@unchecked Sendable`: the pointers refer to code and static data in a library that is never
/// unloaded (no `dlclose`), and the host calls them from one thread at a time per instance.
struct PluginFunctions: @unchecked Sendable {
  typealias Create =
    @convention(c) (
      UnsafePointer<repl_option_value>?, Int32, repl_shape, UnsafeMutablePointer<UnsafeMutableRawPointer?>?,
      UnsafeMutablePointer<repl_instance_info>?, UnsafeMutablePointer<CChar>?, Int
    ) -> Int32
  typealias InitParams =
    @convention(c) (
      UnsafeMutableRawPointer?, UInt64, UnsafePointer<UnsafeMutablePointer<Float>?>?, UnsafeMutablePointer<CChar>?,
      Int
    ) -> Int32
  typealias Forward =
    @convention(c) (
      UnsafeMutableRawPointer?, UnsafePointer<repl_batch>?, UnsafePointer<UnsafePointer<Float>?>?,
      UnsafePointer<Float>?, UnsafeMutablePointer<Float>?, UnsafeMutablePointer<CChar>?, Int
    ) -> Int32
  typealias Backward =
    @convention(c) (
      UnsafeMutableRawPointer?, UnsafePointer<repl_batch>?, UnsafePointer<UnsafePointer<Float>?>?,
      UnsafePointer<Float>?, UnsafePointer<Float>?, UnsafePointer<Float>?, UnsafeMutablePointer<Float>?,
      UnsafePointer<UnsafeMutablePointer<Float>?>?, UnsafeMutablePointer<CChar>?, Int
    ) -> Int32
  typealias Destroy = @convention(c) (UnsafeMutableRawPointer?) -> Void

  let create: Create
  let initParams: InitParams?
  let forward: Forward
  let backward: Backward
  let destroy: Destroy

  /// Copies the function pointers of `type`; the required ones missing is an error naming them.
  init(_ type: repl_layer_type) throws(PluginError) {
    guard let create = type.create, let forward = type.forward, let backward = type.backward,
      let destroy = type.destroy
    else {
      let missing = [
        ("create", type.create == nil), ("forward", type.forward == nil), ("backward", type.backward == nil),
        ("destroy", type.destroy == nil),
      ].filter(\.1).map(\.0)
      throw PluginError("its table has no \(missing.joined(separator: ", ")) function")
    }
    self.create = create
    self.initParams = type.init_params
    self.forward = forward
    self.backward = backward
    self.destroy = destroy
  }
}
