import CommandLanguage

#if canImport(Glibc)
  import Glibc
#endif

/// Live session state for Tab completion: object names, a model's layers, layer types and their
/// option keys from the registry, and file names from the file system.
extension Session: CompletionContext {
  /// The commands of the language.
  public var commands: CommandTable { Commands.table }

  /// Object names of a kind. `.layer` gives `model.layer` names; `.any` gives every object and
  /// also every `model.layer` (so `show clf.<Tab>` offers the layers).
  public func names(of kind: ObjectKind) -> [String] {
    let layers = { self.names(of: .model).flatMap { m in self.layerNames(ofModel: m).map { "\(m).\($0)" } } }
    switch kind {
    case .layer: return layers()
    case .pretrained: return CommandContext(self).zooCatalogue.entries.map(\.name)
    case .any: return objects.keys.sorted() + layers()
    default: return objects.filter { $0.value.kind == kind }.keys.sorted()
    }
  }

  /// The layer names of model `model` (empty when there is no such model).
  public func layerNames(ofModel model: String) -> [String] {
    guard case .model(let m)? = objects[model] else { return [] }
    return m.network.layers.map(\.name)
  }

  /// The variables defined with `set` or `--set`.
  public var variableNames: [String] { variables.keys.sorted() }

  /// Every registered layer type.
  public var layerTypes: [String] { registry.types.map(\.name) }

  /// The option keys of layer type `type`.
  public func layerOptionKeys(_ type: String) -> [String] { registry[type]?.options.map(\.key) ?? [] }

  /// Entries whose path starts with `prefix`, relative to the working folder; folders end in `/`.
  public func files(withPrefix prefix: String) -> [String] {
    let slash = prefix.lastIndex(of: "/")
    let folder = slash.map { String(prefix[...$0]) } ?? ""
    let start = slash.map { String(prefix[prefix.index(after: $0)...]) } ?? prefix
    let resolved = folder.isEmpty ? workingDirectory : resolvePath(folder)
    return Session.listFolder(resolved).filter { entry in
      entry.name.hasPrefix(start) && (start.hasPrefix(".") || !entry.name.hasPrefix("."))
    }.map { folder + $0.name + ($0.isFolder ? "/" : "") }.sorted()
  }

  /// The entries of a folder (without `.` and `..`).
  static func listFolder(_ path: String) -> [(name: String, isFolder: Bool)] {
    guard let dir = opendir(path) else { return [] }
    defer { closedir(dir) }
    var entries: [(String, Bool)] = []
    while let entry = readdir(dir) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
      }
      guard name != "." && name != ".." else { continue }
      var info = stat()
      let isFolder = stat(path + "/" + name, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
      entries.append((name, isFolder))
    }
    return entries
  }
}
