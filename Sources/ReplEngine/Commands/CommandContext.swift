import LayerKit
import TensorCore
import TextData
import Training

/// What a command's `run` receives: the workspace it may change (rolled back if it fails) and the
/// few things of the session a command needs besides: the directory paths resolve against, Ctrl-C,
/// whether a person is at the prompt to confirm, the memory budget, and the engine services that
/// `source`, `save transcript`, `timing` and `format` need. The session's sinks, its log and
/// `execute` are out of a handler's reach.
struct CommandContext {
  private let session: Session

  /// The context of a command run by `session`.
  init(_ session: Session) { self.session = session }

  /// The objects, variables, layer types and plugins this command may change.
  var workspace: Workspace {
    get { session.workspace }
    nonmutating _modify { yield &session.workspace }
  }

  /// Named objects by name (the workspace's).
  var objects: [String: SessionObject] {
    get { session.workspace.objects }
    nonmutating _modify { yield &session.workspace.objects }
  }

  /// Variables set with `set` or `--set` (the workspace's).
  var variables: [String: String] { session.workspace.variables }

  /// Layer types: built-ins plus loaded plugins (the workspace's).
  var registry: LayerRegistry { session.workspace.registry }

  /// Raised by Ctrl-C; long-running commands poll it at safe points.
  var cancellation: CancellationToken { session.cancellation }

  /// Whether a terminal is attached (progress bars).
  var interactive: Bool { session.interactive }

  /// The directory relative paths are resolved against.
  var workingDirectory: String { session.workingDirectory }

  /// The memory budget of this command.
  var memoryBudget: MemoryBudget { session.memoryBudget }

  /// `path` resolved against the working directory, with `~` expanded.
  func resolvePath(_ path: String) -> String { session.resolvePath(path) }

  /// The object called `name`, or an error naming the nearest existing name.
  func object(_ name: String) throws -> SessionObject { try session.workspace.object(name) }

  /// The dataset called `name`, or an error that says what `name` is instead.
  func dataset(_ name: String) throws -> Dataset { try session.workspace.dataset(name) }

  /// The model called `name`, or an error.
  func model(_ name: String) throws -> TextModel { try session.workspace.model(name) }

  /// The vocabulary called `name`, or an error.
  func vocabulary(_ name: String) throws -> Vocabulary { try session.workspace.vocabulary(name) }

  /// Stores `object` under `name` (call once the command has succeeded).
  func define(_ name: String, _ object: SessionObject) { session.workspace.objects[name] = object }

  /// Removes the object called `name`.
  func remove(_ name: String) { session.remove(name) }

  /// Keeps `model`'s in-place changes even if this command fails (training stopped by Ctrl-C or a
  /// diverging loss keeps the weights it describes).
  func keepOnFailure(_ model: TextModel) { session.keptOnFailure.insert(ObjectIdentifier(model)) }

  /// Fails with a one-line error when `bytes` is over the memory budget (before allocating).
  func requireMemory(_ bytes: Int, for what: String, advice: String) throws {
    try memoryBudget.require(bytes, for: what, advice: advice)
  }

  /// `source FILE`: runs a script's commands through the engine.
  func runScript(_ file: String, _ out: CommandOutput) throws { try session.source(file, out) }

  /// The session so far as a transcript, and how many commands it holds (`save transcript`).
  func transcript(clean: Bool) -> (text: String, commands: Int) {
    let count = clean ? session.log.filter(\.succeeded).count : session.log.count
    return (session.transcript(clean: clean), count)
  }

  /// The driver's output settings; `timing` and `format` change them.
  var output: OutputSettings {
    get { session.output }
    nonmutating set { session.output = newValue }
  }
}
