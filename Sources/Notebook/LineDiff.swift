import Transcripts

/// A line diff of expected against actual output (longest common subsequence; outputs are short).
struct LineDiff {
  /// One line of the diff.
  enum Op: Equatable {
    /// In both (the expected spelling, which may hold wildcards, and the actual line).
    case same(String, String)
    case removed(String)
    case added(String)
  }

  let ops: [Op]

  /// Aligns `expected` with `actual`, lines being equal when `equal(expected, actual)`.
  init(_ expected: [String], _ actual: [String], equal: (String, String) -> Bool) {
    let n = expected.count
    let m = actual.count
    var table = [[Int]](repeating: [Int](repeating: 0, count: m + 1), count: n + 1)
    for i in stride(from: n - 1, through: 0, by: -1) {
      for j in stride(from: m - 1, through: 0, by: -1) {
        table[i][j] = equal(expected[i], actual[j]) ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
      }
    }
    var ops: [Op] = []
    var i = 0
    var j = 0
    while i < n || j < m {
      if i < n, j < m, equal(expected[i], actual[j]) {
        ops.append(.same(expected[i], actual[j]))
        i += 1
        j += 1
      } else if i < n, j == m || table[i + 1][j] >= table[i][j + 1] {
        ops.append(.removed(expected[i]))
        i += 1
      } else {
        ops.append(.added(actual[j]))
        j += 1
      }
    }
    self.ops = ops
  }

  /// A unified diff hunk: `--- FILE:LINE expected`, `+++ actual`, `@@ … @@`, then the lines.
  func unified(file: String, line: Int, command: String) -> String {
    let removed = ops.filter { if case .added = $0 { return false } else { return true } }.count
    let added = ops.filter { if case .removed = $0 { return false } else { return true } }.count
    var text = "--- \(file):\(line) expected\n+++ \(file):\(line) actual\n"
    text += "@@ -\(line),\(removed) +\(line),\(added) @@ \(TranscriptPrompt.command.text)\(command)\n"
    for op in ops {
      switch op {
      case .same(let e, _): text += " \(e)\n"
      case .removed(let e): text += "-\(e)\n"
      case .added(let a): text += "+\(a)\n"
      }
    }
    return text
  }

  /// The new expected output: matching lines keep their expected spelling (wildcards survive),
  /// the rest take the actual lines.
  var merged: [String] {
    ops.compactMap { op in
      switch op {
      case .same(let e, _): return e
      case .removed: return nil
      case .added(let a): return a
      }
    }
  }
}
