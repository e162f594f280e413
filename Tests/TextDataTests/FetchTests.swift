import Fetching
import Foundation
import ReplTestSupport
import Testing

@testable import TextData

/// `fetch` against a loopback HTTP server over ../shared/data (never the internet).
@Suite(.serialized) struct FetchTests {
  @Test(
    .enabled(if: TestConditions.hasPython, "needs python3 (the loopback HTTP server)"),
    .enabled(if: TestConditions.hasData, "needs the data directory (REPL_DATA)"))
  func fetchesVerifiesAndInstallsFromTheMirror() throws {
    let server = try LoopbackServer(serving: TestPaths.data)
    defer { server.stop() }
    let data = DataDirectory(path: TestPaths.temporaryFolder() + "/data")
    let entry = try #require(Catalogue.entry("uci-sentiment"))
    var reports = 0
    let folder = try Fetcher(directory: data, mirror: server.baseURL).fetch(
      entry, progress: { _, _, _ in reports += 1 })
    #expect(reports > 0)
    #expect(folder == data.path + "/uci-sentiment-sentences")
    #expect(data.contains(entry))
    let loaded = try data.load(entry, options: LoadOptions())
    #expect(loaded.map(\.0) == ["imdb", "amazon", "yelp"])
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: data.path).filter { $0.hasPrefix(".fetch") }
    #expect(leftovers.isEmpty)
  }

  @Test(
    .enabled(if: TestConditions.hasPython, "needs python3 (the loopback HTTP server)"),
    .enabled(if: TestConditions.hasData, "needs the data directory (REPL_DATA)"))
  func checksumMismatchInstallsNothing() throws {
    let mirror = TestPaths.temporaryFolder()
    let entry = try #require(Catalogue.entry("uci-sentiment"))
    for file in entry.files {
      var bytes = try TextBytes.readBytes(TestPaths.data + "/" + entry.folder + "/" + file.path)
      if file.path == "yelp_labelled.txt" { bytes[100] = bytes[100] == 0x61 ? 0x62 : 0x61 }
      TestPaths.write(bytes, mirror, entry.folder + "/" + file.path)
    }
    let server = try LoopbackServer(serving: mirror)
    defer { server.stop() }
    let data = DataDirectory(path: TestPaths.temporaryFolder() + "/data")
    do {
      _ = try Fetcher(directory: data, mirror: server.baseURL).fetch(entry)
      Issue.record("fetch succeeded")
    } catch {
      #expect(error.message.hasPrefix("uci-sentiment: SHA-256 mismatch for yelp_labelled.txt: expected c76468b7b5c6…"))
      #expect(error.message.hasSuffix("nothing was installed"))
    }
    #expect(!data.contains(entry))
    #expect((try? FileManager.default.contentsOfDirectory(atPath: data.path))?.isEmpty ?? true)
  }

  @Test(.enabled(if: TestConditions.hasPython, "needs python3 (the loopback HTTP server)"))
  func missingFileOnTheMirrorIsAnHTTPError() throws {
    let server = try LoopbackServer(serving: TestPaths.temporaryFolder())
    defer { server.stop() }
    let data = DataDirectory(path: TestPaths.temporaryFolder())
    let entry = try #require(Catalogue.entry("blitzer"))
    do {
      _ = try Fetcher(directory: data, mirror: server.baseURL).fetch(entry)
      Issue.record("fetch succeeded")
    } catch {
      #expect(error.message.contains("HTTP status 404"))
    }
  }

  @Test(
    .enabled(if: TestConditions.hasPython, "needs python3 (the loopback HTTP server)"),
    .enabled(if: TestConditions.hasData, "needs the data directory (REPL_DATA)"))
  func canonicalArchiveIsUnpackedAndVerified() throws {
    let uci = try #require(Catalogue.entry("uci-sentiment"))
    let staging = TestPaths.temporaryFolder()
    for file in uci.files {
      let bytes = try TextBytes.readBytes(TestPaths.data + "/" + uci.folder + "/" + file.path)
      TestPaths.write(bytes, staging, uci.archiveRoot + "/" + file.path)
    }
    let served = TestPaths.temporaryFolder()
    let tar = Process()
    tar.executableURL = URL(fileURLWithPath: "/usr/bin/tar")
    tar.arguments = ["-czf", served + "/uci.tar.gz", "-C", staging, uci.archiveRoot]
    try tar.run()
    tar.waitUntilExit()
    let server = try LoopbackServer(serving: served)
    defer { server.stop() }
    let entry = CatalogueEntry(
      name: uci.name, title: uci.title, url: server.baseURL + "/uci.tar.gz", archiveRoot: uci.archiveRoot,
      citation: uci.citation, licence: uci.licence, folder: uci.folder, files: uci.files, checksums: .original,
      loads: uci.loads, counts: uci.counts, originalCounts: "")
    let data = DataDirectory(path: TestPaths.temporaryFolder())
    _ = try Fetcher(directory: data, mirror: nil).fetch(entry)
    #expect(data.contains(entry))
    #expect(try data.load(entry, options: LoadOptions()).count == 3)
  }

  @Test func dataDirectoryFollowsTheEnvironment() {
    #expect(DataDirectory(environment: ["REPL_DATA": "/d", "XDG_DATA_HOME": "/x"]).path == "/d")
    #expect(DataDirectory(environment: ["XDG_DATA_HOME": "/x", "HOME": "/h"]).path == "/x/repl")
    #expect(DataDirectory(environment: ["HOME": "/h"]).path == "/h/.local/share/repl")
  }

  @Test(.enabled(if: TestConditions.hasData, "needs the data directory (REPL_DATA)"))
  func catalogueChecksumsMatchTheSharedCopies() throws {
    for entry in Catalogue.entries {
      for file in entry.files {
        let bytes = try TextBytes.readBytes(TestPaths.data + "/" + entry.folder + "/" + file.path)
        #expect(SHA256.hex(bytes) == file.sha256, "\(entry.name)/\(file.path)")
      }
    }
  }
}
