import TensorCore

extension DataError {
  /// Throws `DataError.interrupted` when the running command was cancelled (Ctrl-C, SIGTERM); file
  /// parsers call it with their line or record count and look every `every` counts.
  static func checkCancelled(_ count: Int, every: Int = 4096) throws(DataError) {
    if count % every == 0, CancellationToken.current?.isCancelled == true { throw .interrupted }
  }
}
