import Schema

/// `replace=yes` on the commands that define objects: replace an object that holds trained weights
/// or took long to make without asking (in scripts, without failing).
let replaceOption = OptionSpec(
  "replace", .bool, default: "no", help: "replace an existing object that holds trained weights or took long to make")
