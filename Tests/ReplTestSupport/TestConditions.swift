import Foundation

/// What the environment offers, for `@Test(.enabled(if: TestConditions.hasData, "…"))` and
/// `@Suite(.enabled(if: …))`: a test whose data or Python is missing is reported as skipped, with
/// the reason, instead of passing without having run. Each probe runs once per test process.
public enum TestConditions {
  /// The environment of the test process.
  static let environment = ProcessInfo.processInfo.environment

  /// Whether the data directory (`TestPaths.data`: REPL_DATA, else ../shared/data) exists.
  public static let hasData: Bool = {
    var isFolder: ObjCBool = false
    return FileManager.default.fileExists(atPath: TestPaths.data, isDirectory: &isFolder) && isFolder.boolValue
  }()

  /// The Python interpreter for the PyTorch checks (`TORCH_PYTHON`, default `python3`).
  public static let torchPython = environment["TORCH_PYTHON"] ?? "python3"

  /// The Python interpreter for the NumPy checkpoint cross-check (`CHECKPOINT_PYTHON`, default `python3`).
  public static let checkpointPython = environment["CHECKPOINT_PYTHON"] ?? "python3"

  /// Whether `python3` runs (the loopback HTTP server, the pseudo-terminal tests, the fixture scripts).
  public static let hasPython = TestProcess.succeeds("python3", ["-c", "pass"])

  /// Whether `torchPython` can `import torch, safetensors`.
  public static let hasTorch = TestProcess.succeeds(torchPython, ["-c", "import torch, safetensors"])

  /// Whether `torchPython` can `import transformers, torch` (Hugging Face round trips).
  public static let hasTransformers = TestProcess.succeeds(torchPython, ["-c", "import transformers, torch"])

  /// Whether `checkpointPython` can `import numpy, safetensors.numpy` (scripts/check_checkpoint.py).
  public static let hasNumpy = TestProcess.succeeds(checkpointPython, ["-c", "import numpy, safetensors.numpy"])

  /// Whether the tests run under CI (`CI=true`), where a missing PyTorch is a failure, not a skip.
  public static let isCI = environment["CI"] == "true"
}
