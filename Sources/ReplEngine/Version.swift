/// The tool's version: what `repl --version` prints and what a zoo build records.
public let replVersion = "0.1.0"
