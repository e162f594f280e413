// swift-tools-version:6.0
// The package layout follows the data flow:
//   text files → TextData → batches → layers (plugins/) → LayerKit model → Training → Metrics
//                                         ↘ Transfer (plans, checkpoints) ↗
//   command line → CommandLanguage → ReplEngine (Session) ← repl prompt / Notebook replay / tests
//   scripts and transcript files → Transcripts (one parser, writer, masks) → source / piped input / replay
import Foundation
import PackageDescription

/// The folders under plugins/ that are not layer plugins: the registry, the recurrent engine shared
/// by lstm and gru, the C ABI header and the run-time plugin examples.
let pluginSupport: Set<String> = ["BuiltinLayers", "Recurrent", "RecurrentKernels", "include", "examples"]
/// The built-in layer plugins: every other folder under plugins/, one target each, registered in
/// plugins/BuiltinLayers/BuiltinLayers.swift (LayerTests checks that the two agree). Adding a
/// layer is its folder plus its line there.
let layerPlugins = ((try? FileManager.default.contentsOfDirectory(atPath: Context.packageDirectory + "/plugins")) ?? [])
  .filter { !pluginSupport.contains($0) && !$0.hasPrefix(".") }.sorted()
/// Extra dependencies of plugins beyond LayerKit: lstm and gru share the recurrent engine; the
/// adaptive softmax, dense (scoring masked positions) and the transformer blocks use the row kernels
/// (cross-entropy, softmax, layer norm, GELU) directly.
let pluginDependencies: [String: [Target.Dependency]] = [
  "LSTM": ["Recurrent", "RecurrentKernels"], "GRU": ["Recurrent", "RecurrentKernels"],
  "AdaptiveSoftmax": ["TensorKernels"], "Dense": ["TensorKernels"], "Transformer": ["TensorKernels"],
]

let package = Package(
  name: "repl",
  products: [
    .executable(name: "repl", targets: ["repl"]),
    // The parsers and loaders the fuzz targets in Fuzz/ link (a separate package, built sanitized).
    .library(name: "ReplLibraries", targets: ["CommandLanguage", "Transcripts", "Notebook", "TextData", "Transfer", "ReplEngine", "BuiltinLayers"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0")
  ],
  targets: [
    .systemLibrary(name: "COpenBLAS", path: "Sources/COpenBLAS"),
    .systemLibrary(name: "CLibEdit", path: "Sources/CLibEdit"),
    .systemLibrary(name: "CReplPlugin", path: "plugins/include"),
    .target(name: "TensorKernels", path: "Sources/TensorKernels"),
    .target(name: "TensorCore", dependencies: ["TensorKernels", "TextFormatting"]),
    // Tables, numbers, durations, atomic file writes, typo suggestions, trimming: the text
    // formatting every other module shares (Schema re-exports it).
    .target(name: "TextFormatting"),
    .target(name: "Schema", dependencies: ["TextFormatting"]),
    .target(name: "LayerKit", dependencies: ["TensorCore", "TensorKernels", "Schema"]),
  ]
    + layerPlugins.map {
      .target(name: $0, dependencies: ["LayerKit"] + (pluginDependencies[$0] ?? []), path: "plugins/\($0)")
    }
    + [
      .target(name: "Recurrent", dependencies: ["LayerKit", "RecurrentKernels"], path: "plugins/Recurrent"),
      .target(name: "RecurrentKernels", dependencies: ["TensorKernels"], path: "plugins/RecurrentKernels"),
      .target(
        name: "BuiltinLayers", dependencies: ["LayerKit"] + layerPlugins.map { .target(name: $0) },
        path: "plugins/BuiltinLayers"),
      .target(name: "TextData", dependencies: ["TensorCore", "Schema"]),
      // Catalogue downloads (URLSession): only ReplEngine's `fetch` links FoundationNetworking.
      .target(name: "Fetching", dependencies: ["TextData"]),
      .target(name: "Metrics", dependencies: ["TensorCore", "TextFormatting"]),
      .target(name: "Training", dependencies: ["LayerKit", "TextData", "Metrics", "TensorKernels"]),
      .target(name: "Transfer", dependencies: ["Training", "TextFormatting"]),
      .target(name: "PluginHost", dependencies: ["LayerKit", "CReplPlugin"], path: "Sources/PluginHost"),
      .target(name: "CommandLanguage", dependencies: ["Schema", "TextFormatting"]),
      // Scripts and transcripts: the one parser, the writer and the volatile-value masks that
      // `source`, piped input, recording and notebook replay share.
      .target(name: "Transcripts", dependencies: ["CommandLanguage", "TextFormatting"]),
      .target(
        name: "ReplEngine",
        dependencies: [
          "CommandLanguage", "Transcripts", "Training", "Transfer", "Metrics", "TextData", "Fetching",
          "BuiltinLayers", "PluginHost", "TextFormatting",
        ]),
      .target(name: "LineEditing", dependencies: ["CLibEdit"]),
      .target(name: "Notebook", dependencies: ["ReplEngine", "Transcripts", "TextFormatting"]),
      .executableTarget(
        name: "repl",
        dependencies: [
          "ReplEngine", "Notebook", "Transcripts", "LineEditing", "TensorCore",
          .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
      .executableTarget(
        name: "Benchmarks", dependencies: ["BuiltinLayers", "Training", "TextData", "Transfer", "COpenBLAS", "TensorKernels", "TextFormatting"]),
      // What the test targets share: package root, data directory and the conditions tests are
      // enabled on (data, Python, PyTorch), temporary folders and sessions, the toy layers.
      .target(name: "ReplTestSupport", dependencies: ["ReplEngine", "LayerKit", "TensorCore"], path: "Tests/ReplTestSupport"),
      .testTarget(name: "TextFormattingTests", dependencies: ["TextFormatting"]),
      .testTarget(name: "TensorCoreTests", dependencies: ["TensorCore", "TensorKernels", "COpenBLAS"]),
      .testTarget(name: "LayerTests", dependencies: ["ReplTestSupport", "BuiltinLayers", "LayerKit"], exclude: ["Fixtures"]),
      .testTarget(name: "CommandLanguageTests", dependencies: ["CommandLanguage", "ReplEngine", "TextFormatting"]),
      .testTarget(name: "TextDataTests", dependencies: ["ReplTestSupport", "TextData", "Fetching"]),
      .testTarget(name: "TrainingTests", dependencies: ["ReplTestSupport", "Training", "BuiltinLayers", "Metrics", "TensorKernels", "TextFormatting"]),
      .testTarget(name: "TransferTests", dependencies: ["ReplTestSupport", "Transfer", "BuiltinLayers", "ReplEngine"], exclude: ["Fixtures"]),
      .testTarget(name: "ReplEngineTests", dependencies: ["ReplTestSupport", "ReplEngine", "Transcripts", "TextFormatting"]),
      .testTarget(name: "TranscriptsTests", dependencies: ["Transcripts", "TextFormatting", "ReplEngine", "Notebook"]),
      .testTarget(name: "NotebookTests", dependencies: ["ReplTestSupport", "Notebook", "ReplEngine", "LineEditing", "TensorCore"]),
      .testTarget(
        name: "PluginTests", dependencies: ["ReplTestSupport", "PluginHost", "ReplEngine", "LayerKit"], exclude: ["Fixtures"]),
    ],
  swiftLanguageModes: [.v6]
)
