import CommandLanguage
import Schema
import TextData
import Training

extension Workspace {
  /// The object called `name`, or an error naming it with the nearest existing name.
  public func object(_ name: String) throws -> SessionObject {
    if let object = objects[name] { return object }
    throw ReplError("no object named '\(name)'\(hint(name, objects.keys.sorted()))")
  }

  /// The dataset called `name`, or an error that says what `name` is instead.
  public func dataset(_ name: String) throws -> Dataset {
    guard case .dataset(let d) = try object(name) else { throw ReplError("'\(name)' is not a dataset") }
    return d
  }

  /// The model called `name`, or an error.
  public func model(_ name: String) throws -> TextModel {
    guard case .model(let m) = try object(name) else { throw ReplError("'\(name)' is not a model") }
    return m
  }

  /// The vocabulary called `name`, or an error.
  public func vocabulary(_ name: String) throws -> Vocabulary {
    guard case .vocabulary(let v) = try object(name) else { throw ReplError("'\(name)' is not a vocabulary") }
    return v
  }
}

extension Session {
  /// The object called `name`, or an error naming it with the nearest existing name.
  public func object(_ name: String) throws -> SessionObject { try workspace.object(name) }

  /// The dataset called `name`, or an error that says what `name` is instead.
  public func dataset(_ name: String) throws -> Dataset { try workspace.dataset(name) }

  /// The model called `name`, or an error.
  public func model(_ name: String) throws -> TextModel { try workspace.model(name) }

  /// The vocabulary called `name`, or an error.
  public func vocabulary(_ name: String) throws -> Vocabulary { try workspace.vocabulary(name) }

  /// Stores `object` under `name`, replacing any previous object of that name. Call only once a
  /// command has succeeded, so a failed command leaves the session unchanged.
  public func define(_ name: String, _ object: SessionObject) {
    objects[name] = object
  }

  /// Removes an object.
  public func remove(_ name: String) {
    objects[name] = nil
    slowlyMade[name] = nil
  }

  /// `path` resolved against the working directory, with `~` expanded.
  public func resolvePath(_ path: String) -> String {
    if path.hasPrefix("/") { return path }
    if path.hasPrefix("~/"), let home = environment("HOME") { return home + path.dropFirst(1) }
    return workingDirectory + "/" + path
  }
}

/// ` (did you mean 'x'?)` when a candidate is close to `word`, else empty.
func hint(_ word: String, _ candidates: [String]) -> String {
  guard let s = suggestion(for: word, among: candidates) else { return "" }
  return " (did you mean '\(s)'?)"
}

#if canImport(Glibc)
  import Glibc
#endif

/// An environment variable's value.
func environment(_ name: String) -> String? {
  guard let p = getenv(name) else { return nil }
  return String(cString: p)
}
