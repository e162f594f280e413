// swift-tools-version:6.0
// libFuzzer targets for the parsers and loaders of the main package (issue 16). Each target is one
// `LLVMFuzzerTestOneInput`; build and run them with scripts/fuzz.sh, which passes
// `--sanitize=fuzzer --sanitize=address -Xswiftc -parse-as-library` so libFuzzer supplies `main`.
import PackageDescription

/// The fuzz targets, one executable each (scripts/fuzz.sh names them without the `Fuzz` prefix).
let fuzzTargets = [
  "FuzzCommandLine", "FuzzTranscript", "FuzzDatasets", "FuzzAclImdb", "FuzzWordVectors", "FuzzSafetensors", "FuzzZoo",
  "FuzzBert",
]

let package = Package(
  name: "ReplFuzz",
  dependencies: [.package(name: "repl", path: "..")],
  targets: [
    .target(name: "FuzzSupport", dependencies: [.product(name: "ReplLibraries", package: "repl")])
  ]
    + fuzzTargets.map { name in
      .executableTarget(name: name, dependencies: ["FuzzSupport", .product(name: "ReplLibraries", package: "repl")])
    },
  swiftLanguageModes: [.v6]
)
