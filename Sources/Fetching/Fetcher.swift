import Foundation
import TextData

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// Downloads a catalogue entry into the data directory, unpacks it and verifies it.
///
/// With a mirror (`REPL_CATALOGUE_MIRROR`, e.g. a loopback server over ../shared/data) each file is
/// fetched from `MIRROR/FOLDER/PATH`; otherwise the canonical archive is downloaded and unpacked with
/// the system `tar` or `unzip`. Everything lands in a temporary folder first and is moved into
/// place only after every checksum and count matched, so a failed fetch leaves nothing behind.
public struct Fetcher: Sendable {
  public let directory: DataDirectory
  /// The mirror's base URL, or nil for the canonical URLs.
  public let mirror: String?

  public init(directory: DataDirectory, mirror: String?) {
    self.directory = directory
    self.mirror = mirror.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
  }

  /// Fetches `entry`; `progress` gets (bytes so far, expected total or nil, file name).
  public func fetch(
    _ entry: CatalogueEntry, cancellation: CancellationCheck = { false },
    progress: (Int, Int?, String) -> Void = { _, _, _ in }
  ) throws(DataError) -> String {
    let fm = FileManager.default
    do { try fm.createDirectory(atPath: directory.path, withIntermediateDirectories: true) } catch {
      throw DataError("cannot create the data directory", path: directory.path)
    }
    let staging = directory.path + "/.fetch-\(entry.name)-\(getpid())"
    try? fm.removeItem(atPath: staging)
    defer { try? fm.removeItem(atPath: staging) }
    let root = staging + "/" + entry.folder
    if let mirror {
      for file in entry.files {
        let target = root + "/" + file.path
        let encoded = file.path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? file.path
        let url = mirror + "/" + entry.folder + "/" + encoded
        try download(url, to: target, label: file.path, cancellation: cancellation, progress: progress)
      }
      if entry.files.isEmpty {
        throw DataError(
          "'\(entry.name)' cannot be fetched file by file from a mirror; copy \(entry.folder) into \(directory.path)")
      }
    } else {
      let archive = staging + "/" + (entry.url.split(separator: "/").last.map(String.init) ?? "archive")
      try download(entry.url, to: archive, label: entry.name, cancellation: cancellation, progress: progress)
      try unpack(archive, into: staging + "/unpacked")
      let unpacked = staging + "/unpacked" + (entry.archiveRoot == "." ? "" : "/" + entry.archiveRoot)
      do { try fm.moveItem(atPath: unpacked, toPath: root) } catch {
        throw DataError("the archive has no folder '\(entry.archiveRoot)'", path: entry.url)
      }
    }
    if mirror != nil || entry.checksums == .original { try verifyChecksums(entry, root: root) }
    if mirror != nil || entry.checksums != .mirror { try verifyCounts(entry, root: root) }
    let final = directory.folder(entry)
    try? fm.removeItem(atPath: final)
    do { try fm.moveItem(atPath: root, toPath: final) } catch {
      throw DataError("cannot move the download into place", path: final)
    }
    return final
  }

  /// Every recorded file's SHA-256 must match.
  func verifyChecksums(_ entry: CatalogueEntry, root: String) throws(DataError) {
    for file in entry.files {
      let digest = SHA256.hex(try TextBytes.readBytes(root + "/" + file.path))
      guard digest == file.sha256 else {
        throw DataError(
          "\(entry.name): SHA-256 mismatch for \(file.path): expected \(file.sha256.prefix(12))…, got \(digest.prefix(12))…; nothing was installed"
        )
      }
    }
  }

  /// Loading the staged copy must give the catalogue's counts.
  func verifyCounts(_ entry: CatalogueEntry, root: String) throws(DataError) {
    let loader = DataLoader(baseDirectory: root)
    var found: [String: Int] = [:]
    for (suffix, path) in entry.loads {
      switch try loader.load(path) {
      case .datasets(let list):
        for d in list {
          found[[suffix, d.suffix].compactMap { $0 }.joined(separator: "."), default: 0] += d.dataset.count
        }
      case .vectors(let v): found[suffix ?? "", default: 0] += v.words.count
      case .checkpoint, .bert: break
      }
    }
    for (name, expected) in entry.counts where found[name] != expected {
      throw DataError(
        "\(entry.name): expected \(expected) examples in '\(name.isEmpty ? entry.name : name)', found \(found[name] ?? 0); nothing was installed"
      )
    }
  }

  /// Downloads `url` to `path`, reporting progress and polling for cancellation.
  func download(
    _ url: String, to path: String, label: String, cancellation: CancellationCheck,
    progress: (Int, Int?, String) -> Void
  ) throws(DataError) {
    guard let target = URL(string: url) else { throw DataError("not a valid URL", path: url) }
    let transfer = Transfer()
    let session = URLSession(configuration: .ephemeral, delegate: transfer, delegateQueue: nil)
    defer { session.invalidateAndCancel() }
    let task = session.dataTask(with: target)
    task.resume()
    while transfer.done.wait(timeout: .now() + 0.1) == .timedOut {
      if cancellation() {
        task.cancel()
        throw DataError.interrupted
      }
      let (received, expected) = transfer.progress
      progress(received, expected, label)
    }
    let (data, status, failure) = transfer.result
    if let failure { throw DataError("download failed: \(failure)", path: url) }
    guard status == 200 else { throw DataError("download failed: HTTP status \(status)", path: url) }
    progress(data.count, data.count, label)
    let parent = (path as NSString).deletingLastPathComponent
    try? FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
    guard FileManager.default.createFile(atPath: path, contents: data) else {
      throw DataError("cannot write the download", path: path)
    }
  }

  /// Unpacks a .zip, .tar.gz/.tgz or .tar archive with the system tools.
  func unpack(_ archive: String, into folder: String) throws(DataError) {
    try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let (tool, arguments): (String, [String]) =
      archive.hasSuffix(".zip")
      ? ("/usr/bin/unzip", ["-q", archive, "-d", folder]) : ("/usr/bin/tar", ["-xf", archive, "-C", folder])
    let process = Process()
    process.executableURL = URL(fileURLWithPath: tool)
    process.arguments = arguments
    do { try process.run() } catch { throw DataError("cannot run \(tool) to unpack", path: archive) }
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      throw DataError("\(tool) failed with status \(process.terminationStatus)", path: archive)
    }
  }
}

/// Returns true when the user asked to stop.
public typealias CancellationCheck = () -> Bool

/// Collects one HTTP response on URLSession's delegate queue; the caller polls it.
private final class Transfer: NSObject, URLSessionDataDelegate, @unchecked Sendable {
  let done = DispatchSemaphore(value: 0)
  private let lock = NSLock()
  private var data = Data()
  private var expected: Int?
  private var status = 0
  private var failure: String?

  var progress: (Int, Int?) { lock.withLock { (data.count, expected) } }
  var result: (Data, Int, String?) { lock.withLock { (data, status, failure) } }

  func urlSession(
    _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
    completionHandler: @escaping @Sendable (URLSession.ResponseDisposition) -> Void
  ) {
    lock.withLock {
      status = (response as? HTTPURLResponse)?.statusCode ?? 0
      expected = response.expectedContentLength > 0 ? Int(response.expectedContentLength) : nil
    }
    completionHandler(.allow)
  }

  func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
    lock.withLock { self.data.append(data) }
  }

  func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
    lock.withLock { failure = error.map { $0.localizedDescription } }
    done.signal()
  }
}
