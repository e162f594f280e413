import TensorCore
import TensorKernels

/// The normalisation of language-model inference (PyTorch's peer runs `log_softmax` too).
enum LogSoftmax {
  /// Writes the log-softmax of each row of `logits` into `out`, reusing its storage.
  static func apply(_ logits: Tensor, into out: inout Tensor) {
    let classes = logits.shape.last ?? 1
    let rows = logits.count / max(classes, 1)
    if out.count != logits.count { out = Tensor(shape: logits.shape) }
    logits.withPointer { x in
      out.withMutablePointer { y in
        for row in 0..<rows { tk_log_softmax_row(x + row * classes, classes, y + row * classes) }
      }
    }
  }
}
