@testable import ReplEngine

/// A session in `folder` (a fresh temporary one by default) after `lines`, each of which must succeed.
func session(running lines: [String], in folder: String = temporaryFolder()) -> Session {
  let session = Session(workingDirectory: folder)
  for line in lines {
    let result = session.execute(line)
    precondition(result.succeeded, "\(line): \(result.output)")
  }
  return session
}
