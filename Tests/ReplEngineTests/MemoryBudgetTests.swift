import ReplTestSupport
import TensorCore
import Testing

@testable import ReplEngine

/// Sizes typed by the user are checked against the memory budget before anything is allocated.
@Suite struct MemoryBudgetTests {
  @Test func sizesParseWithUnitsAndShares() {
    #expect(MemoryBudget.parse("2G") == 2 << 30)
    #expect(MemoryBudget.parse("512m") == 512 << 20)
    #expect(MemoryBudget.parse(" 1.5T ") == 3 << 39)
    #expect(MemoryBudget.parse("64KiB") == 64 << 10)
    #expect(MemoryBudget.parse("2GB") == 2 << 30)
    #expect(MemoryBudget.parse("100000") == 100_000)
    #expect(MemoryBudget.parse("50%") == MemoryBudget.physicalMemory / 2)
    for bad in ["foo", "", "G", "-1", "0", "0%", "150%", "1X", "nan", "2 G B"] {
      #expect(MemoryBudget.parse(bad) == nil, "\(bad)")
    }
  }

  @Test func productsAndSumsSaturateInsteadOfTrapping() {
    #expect(MemoryBudget.product(1 << 32, 1 << 32) == Int.max)
    #expect(MemoryBudget.product(3, 4, 5) == 60)
    #expect(MemoryBudget.sum(Int.max, 1) == Int.max)
    #expect(MemoryBudget.format(512) == "512 bytes")
    #expect(MemoryBudget.format(3 << 29) == "1.5 GiB")
  }

  @Test func theDefaultIsHalfThePhysicalMemory() throws {
    let budget = try MemoryBudget.from(setting: nil)
    #expect(budget.bytes == MemoryBudget.physicalMemory / 2)
    #expect(throws: MemoryBudgetError.self) { try MemoryBudget.from(setting: "lots") }
  }

  /// The cases of issue 16, each a one-line error naming the size and the budget, nothing defined.
  @Test(arguments: [
    ("synth q n=4294967296", "synth q n=4294967296 would need 448.0 GiB"),
    ("pretrain skipgram s on d dim=4294967296", "pretrain skipgram s: 87 words × dim=4294967296 would need 4.1 TiB"),
    (
      "model big = embedding dim=100000 | pool mean | dense out=2 vocab_size=8000",
      "layer 1 (embedding): a model of 800000000 parameters (16 bytes each with gradient and Adam's moments) would need 11.9 GiB"
    ),
    (
      "model big = embedding dim=100000 | pool mean | dense out=2 vocab=v",
      "layer 1 (embedding): a model of 13000000 parameters"
    ),
    ("sample d n=200 as s2", "sample d n=200 would need"),
    ("generate lm \"the\" n=4294967296", "generate lm n=4294967296 would need 208.0 GiB"),
    ("train lm on d task=lm batch=100000 bptt=100000", "train lm batch=100000 bptt=100000 would need"),
    ("train clf on d batch=100000 maxlen=100000", "train clf batch=100000 maxlen=100000 would need"),
    ("model c = copy lm", "a copy of 1,330 parameters would need"),
  ])
  func absurdSizesFailBeforeAllocating(command: String, expected: String) throws {
    let session = Session(workingDirectory: temporaryFolder())
    for setup in [
      "synth d n=200", "vocab v from d", "model lm = embedding dim=4 | lstm hidden=4 | dense out=vocab vocab=v",
      "model clf = embedding dim=4 | pool mean | dense out=2 vocab=v",
    ] {
      #expect(session.execute(setup).succeeded, "\(setup)")
    }
    let limit = command.hasPrefix("synth") || command.hasPrefix("pretrain") || command.contains("8000") ? "8G" : "4K"
    try session.setVariable("REPL_MEMORY_LIMIT", limit)
    let before = session.objectNames
    let result = session.execute(command)
    #expect(result.status == .failed)
    #expect(result.output.split(separator: "\n").count == 1, "\(result.output)")
    #expect(result.output.hasPrefix("error: " + expected) || result.output.contains(expected), "\(result.output)")
    #expect(result.output.contains("more than the memory budget of"))
    #expect(session.objectNames == before)
  }

  @Test func aBadLimitIsRefusedBySetAndTheBudgetReadsTheVariable() throws {
    let session = Session(workingDirectory: temporaryFolder())
    let bad = session.execute("set REPL_MEMORY_LIMIT plenty")
    #expect(bad.status == .failed)
    #expect(bad.output.hasPrefix("error: REPL_MEMORY_LIMIT=plenty is not a memory size"))
    #expect(session.variables["REPL_MEMORY_LIMIT"] == nil)
    #expect(session.execute("set REPL_MEMORY_LIMIT 1M").succeeded)
    #expect(session.memoryBudget.bytes == 1 << 20)
    #expect(session.execute("synth a n=100").succeeded)
    let big = session.execute("synth b n=100000")
    #expect(big.output.contains("more than the memory budget of 1.0 MiB (REPL_MEMORY_LIMIT=1M)"))
  }
}
