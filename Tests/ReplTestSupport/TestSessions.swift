import ReplEngine

/// A new empty temporary folder for one test (`repl-engine-tests-UUID`).
public func temporaryFolder() -> String {
  TestPaths.temporaryFolder("repl-engine-tests")
}

/// A session in `folder` (a fresh temporary one by default) after `lines`, each of which must succeed.
public func session(running lines: [String], in folder: String = temporaryFolder()) -> Session {
  let session = Session(workingDirectory: folder)
  for line in lines {
    let result = session.execute(line)
    precondition(result.succeeded, "\(line): \(result.output)")
  }
  return session
}

extension Session {
  /// The object names, sorted, for before/after comparisons.
  public var objectNames: [String] { objects.keys.sorted() }
}
