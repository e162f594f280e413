import TextFormatting

#if canImport(Glibc)
  import Glibc
#endif

/// How many bytes one command may allocate from numbers the user typed (`synth n=`, `dim=`,
/// `generate n=`, `train batch=` …), checked before allocating so that an absurd size is a one-line
/// error instead of a crash of the whole process.
///
/// The default is half the physical memory (or of the control group's limit when that is lower).
/// `REPL_MEMORY_LIMIT` (an environment variable, or a session variable set with `set`) replaces it:
/// a size such as `2G`, `512M`, `1.5T`, `100000` (bytes) or a share such as `75%` of physical memory.
public struct MemoryBudget: Sendable, Equatable {
  /// The environment and session variable that sets the budget.
  public static let variable = "REPL_MEMORY_LIMIT"
  /// The budget in bytes.
  public let bytes: Int
  /// Where the figure comes from, for messages: `50% of physical memory`, `REPL_MEMORY_LIMIT=2G`.
  public let origin: String

  /// A budget of `bytes`, described by `origin`.
  public init(bytes: Int, origin: String) {
    self.bytes = bytes
    self.origin = origin
  }

  /// Half the physical memory.
  public static let standard = MemoryBudget(
    bytes: Int(Double(physicalMemory) * 0.5), origin: "50% of \(format(physicalMemory)) physical memory")

  /// The budget of the running command (the session binds it around each command; code that
  /// allocates from a user's number, layer constructors included, reads it here).
  @TaskLocal public static var current: MemoryBudget = .standard

  /// The budget a `REPL_MEMORY_LIMIT` value asks for (nil or empty: the standard budget).
  public static func from(setting: String?) throws(MemoryBudgetError) -> MemoryBudget {
    guard let setting, !setting.isEmpty else { return .standard }
    guard let bytes = parse(setting) else {
      throw MemoryBudgetError(
        "\(variable)=\(setting) is not a memory size; use bytes with an optional K, M, G or T (e.g. 2G, 512M) or a share of physical memory such as 75%"
      )
    }
    return MemoryBudget(bytes: bytes, origin: "\(variable)=\(setting)")
  }

  /// Bytes for `2G`, `512M`, `1.5t`, `64k`, `2GB`, `2GiB`, `100000` (powers of 1024) or `75%` (of
  /// physical memory); nil when the text is not such a size or is not positive.
  public static func parse(_ text: String) -> Int? {
    var s = Substring(text.trimmed.lowercased())
    if s.hasSuffix("%") {
      guard let share = Double(s.dropLast()), share > 0, share <= 100 else { return nil }
      return Int(Double(physicalMemory) * share / 100)
    }
    for suffix in ["ib", "b"] where s.hasSuffix(suffix) && s.count > suffix.count {
      s = s.dropLast(suffix.count)
      break
    }
    let units: [Character: Double] = ["k": 1024, "m": 1_048_576, "g": 1_073_741_824, "t": 1_099_511_627_776]
    var scale = 1.0
    if let last = s.last, let unit = units[last] {
      scale = unit
      s = s.dropLast()
    }
    guard let number = Double(s), number.isFinite, number > 0 else { return nil }
    let bytes = number * scale
    return bytes >= 9.0e18 ? Int.max : max(1, Int(bytes))
  }

  /// Throws a one-line error when `bytes` is over the budget: what needs it (`synth n=4294967296`),
  /// how much, the budget, and `advice` (`use a smaller n=`).
  public func require(_ bytes: Int, for what: String, advice: String) throws(MemoryBudgetError) {
    guard bytes > self.bytes else { return }
    throw MemoryBudgetError(
      "\(what) would need \(MemoryBudget.format(bytes)), more than the memory budget of \(MemoryBudget.format(self.bytes)) (\(origin)); \(advice), or raise \(MemoryBudget.variable)"
    )
  }

  /// The product of `factors` (negative factors count as 0), saturating at `Int.max` instead of
  /// overflowing.
  public static func product(_ factors: Int...) -> Int { product(factors) }

  /// The product of `factors` (negative factors count as 0), saturating at `Int.max`.
  public static func product(_ factors: [Int]) -> Int {
    var total = 1
    for factor in factors {
      let (p, overflow) = total.multipliedReportingOverflow(by: max(factor, 0))
      if overflow { return Int.max }
      total = p
    }
    return total
  }

  /// The sum of `terms`, saturating at `Int.max`.
  public static func sum(_ terms: Int...) -> Int {
    var total = 0
    for term in terms {
      let (s, overflow) = total.addingReportingOverflow(max(term, 0))
      if overflow { return Int.max }
      total = s
    }
    return total
  }

  /// `512 bytes`, `3.2 KiB`, `11.8 GiB`, `16.0 EiB`.
  public static func format(_ bytes: Int) -> String {
    let units = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
    var value = Double(bytes)
    var unit = 0
    while value >= 1024 && unit < units.count - 1 {
      value /= 1024
      unit += 1
    }
    if unit == 0 { return "\(bytes) bytes" }
    let tenths = Int((value * 10).rounded())
    return "\(tenths / 10).\(tenths % 10) \(units[unit])"
  }

  /// Physical memory in bytes, or the control group's memory limit when that is lower.
  public static let physicalMemory: Int = {
    let pages = sysconf(Int32(_SC_PHYS_PAGES))
    let size = sysconf(Int32(_SC_PAGESIZE))
    let physical = pages > 0 && size > 0 ? pages * size : 1 << 32
    guard let limit = controlGroupLimit(), limit > 0 else { return physical }
    return min(physical, limit)
  }()

  /// `memory.max` of the process's cgroup v2 (nil when there is none or it says `max`).
  static func controlGroupLimit() -> Int? {
    guard let file = fopen("/sys/fs/cgroup/memory.max", "r") else { return nil }
    defer { fclose(file) }
    var buffer = [CChar](repeating: 0, count: 64)
    guard fgets(&buffer, Int32(buffer.count), file) != nil else { return nil }
    let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    return Int(text.trimmed)
  }
}

/// A size over the memory budget, or a `REPL_MEMORY_LIMIT` that is not a size; one line.
public struct MemoryBudgetError: Error, Sendable, CustomStringConvertible {
  /// The one-line message.
  public let message: String
  /// An error with this message.
  public init(_ message: String) { self.message = message }
  /// The message.
  public var description: String { message }
}
