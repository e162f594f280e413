extension CancellationToken {
  /// The token of the running command: the session binds it around each command so that loops
  /// deep inside libraries (layer constructors, generators) can poll it without a parameter.
  @TaskLocal public static var current: CancellationToken?

  /// Throws `CancelledError` when the running command's token was raised.
  public static func checkCurrent() throws(CancelledError) {
    if current?.isCancelled == true { throw CancelledError() }
  }
}
