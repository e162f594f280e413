import FoundationEssentials

/// The safetensors container (Hugging Face's format, read by `safetensors.torch.load_file`):
/// an 8-byte little-endian header length, a JSON header mapping each tensor name to its dtype,
/// shape and `[begin, end)` byte offsets into the data that follows, and a `__metadata__` map of
/// strings. Only F32 tensors are written or accepted. Decoding only parses; it never executes.
public struct SafetensorsFile: Sendable, Equatable {
  /// One named tensor.
  public struct Entry: Sendable, Equatable {
    public var name: String
    public var shape: [Int]
    public var values: [Float]
    /// A tensor named `name`; `values.count` must be the product of `shape`.
    public init(name: String, shape: [Int], values: [Float]) {
      self.name = name
      self.shape = shape
      self.values = values
    }
  }

  /// The tensors in file order (by offset).
  public var tensors: [Entry]
  /// The `__metadata__` string map.
  public var metadata: [String: String]

  /// The largest header this reader accepts (a guard against hostile files).
  public static let maxHeaderBytes = 100 * 1024 * 1024

  /// A file holding `tensors` and `metadata`.
  public init(tensors: [Entry], metadata: [String: String]) {
    self.tensors = tensors
    self.metadata = metadata
  }

  /// The file bytes: header length, JSON header (keys sorted, padded with blanks to 8 bytes), data.
  public func encoded() -> [UInt8] {
    var offset = 0
    var fields: [String] = []
    if !metadata.isEmpty {
      let pairs = metadata.keys.sorted().map { "\(jsonString($0)):\(jsonString(metadata[$0] ?? ""))" }
      fields.append("\"__metadata__\":{" + pairs.joined(separator: ",") + "}")
    }
    for entry in tensors {
      let end = offset + entry.values.count * 4
      let shape = entry.shape.map(String.init).joined(separator: ",")
      fields.append(
        "\(jsonString(entry.name)):{\"dtype\":\"F32\",\"shape\":[\(shape)],\"data_offsets\":[\(offset),\(end)]}")
      offset = end
    }
    var header = Array(("{" + fields.joined(separator: ",") + "}").utf8)
    while header.count % 8 != 0 { header.append(0x20) }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(8 + header.count + offset)
    var length = UInt64(header.count).littleEndian
    withUnsafeBytes(of: &length) { bytes.append(contentsOf: $0) }
    bytes.append(contentsOf: header)
    for entry in tensors {
      for v in entry.values {
        var bits = v.bitPattern.littleEndian
        withUnsafeBytes(of: &bits) { bytes.append(contentsOf: $0) }
      }
    }
    return bytes
  }

  /// The element types a foreign file (`transfer FILE.safetensors -> MODEL`) may hold, converted to F32.
  public static let readableDTypes = ["F32", "F64", "F16", "BF16"]

  /// Parses and validates `bytes`: every structural problem is a one-line `TransferError`.
  /// `dtypes` are the element types accepted (our checkpoints: F32 only; see `readableDTypes`).
  public static func decode(_ bytes: [UInt8], maxHeader: Int = maxHeaderBytes, dtypes: [String] = ["F32"])
    throws(TransferError) -> SafetensorsFile
  {
    if bytes.count < 8 {
      throw TransferError("not a safetensors file: \(bytes.count) bytes is shorter than the 8-byte header length")
    }
    var length: UInt64 = 0
    for i in 0..<8 { length |= UInt64(bytes[i]) << (8 * UInt64(i)) }
    if length > UInt64(maxHeader) {
      throw TransferError("not a safetensors file: header length \(length) exceeds the \(maxHeader)-byte limit")
    }
    let headerEnd = 8 + Int(length)
    if headerEnd > bytes.count {
      throw TransferError("truncated safetensors file: header needs \(length) bytes, the file has \(bytes.count - 8)")
    }
    let raw = try parseHeader(Array(bytes[8..<headerEnd]))
    let data = bytes.count - headerEnd
    let infos = raw.tensors.sorted { $0.1.offsets.first ?? 0 < $1.1.offsets.first ?? 0 }
    var tensors: [Entry] = []
    var previousEnd = 0
    for (name, info) in infos {
      let (begin, end) = try checkedRange(name, info, data: data, previousEnd: previousEnd, dtypes: dtypes)
      previousEnd = end
      let values = DTypeConversion.floats(bytes, from: headerEnd + begin, byteCount: end - begin, dtype: info.dtype)
      tensors.append(Entry(name: name, shape: info.shape, values: values))
    }
    return SafetensorsFile(tensors: tensors, metadata: raw.metadata)
  }

  private static func checkedRange(_ name: String, _ info: TensorInfo, data: Int, previousEnd: Int, dtypes: [String])
    throws(TransferError) -> (Int, Int)
  {
    guard dtypes.contains(info.dtype), let size = DTypeConversion.size(of: info.dtype) else {
      let read = dtypes == ["F32"] ? "only F32 is supported" : "we read \(dtypes.joined(separator: ", "))"
      throw TransferError("tensor '\(name)' has dtype '\(info.dtype)'; \(read)")
    }
    if info.offsets.count != 2 || info.shape.contains(where: { $0 < 0 }) {
      throw TransferError("corrupted safetensors header: tensor '\(name)' has a malformed shape or data_offsets")
    }
    let begin = info.offsets[0]
    let end = info.offsets[1]
    let (bytes, overflow) = (info.shape + [size]).reduce((1, false)) { acc, d in
      let r = acc.0.multipliedReportingOverflow(by: d)
      return (r.partialValue, acc.1 || r.overflow)
    }
    if overflow || begin < 0 || end < begin || end - begin != bytes {
      throw TransferError(
        "corrupted safetensors header: tensor '\(name)' has shape \(shapeText(info.shape)) but data_offsets [\(begin), \(end)]"
      )
    }
    if end > data {
      throw TransferError(
        "truncated safetensors file: tensor '\(name)' ends at byte \(end) of a \(data)-byte data section")
    }
    if begin < previousEnd {
      throw TransferError("corrupted safetensors header: tensor '\(name)' overlaps the tensor before it")
    }
    return (begin, end)
  }

}

/// One tensor's header entry.
struct TensorInfo: Decodable {
  var dtype: String
  var shape: [Int]
  var offsets: [Int]
  enum CodingKeys: String, CodingKey {
    case dtype, shape
    case offsets = "data_offsets"
  }
}

/// A header value: a tensor entry or the metadata map.
private enum HeaderValue: Decodable {
  case tensor(TensorInfo)
  case metadata([String: String])
  init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    if let info = try? container.decode(TensorInfo.self) {
      self = .tensor(info)
    } else {
      self = .metadata(try container.decode([String: String].self))
    }
  }
}

extension SafetensorsFile {
  fileprivate static func parseHeader(_ header: [UInt8]) throws(TransferError) -> (
    tensors: [(String, TensorInfo)], metadata: [String: String]
  ) {
    let values: [String: HeaderValue]
    do {
      values = try JSONDecoder().decode([String: HeaderValue].self, from: Data(header))
    } catch {
      throw TransferError("corrupted safetensors header: it is not a JSON object of tensor entries")
    }
    var tensors: [(String, TensorInfo)] = []
    var metadata: [String: String] = [:]
    for (key, value) in values {
      switch value {
      case .tensor(let info): tensors.append((key, info))
      case .metadata(let map) where key == "__metadata__": metadata = map
      case .metadata: throw TransferError("corrupted safetensors header: entry '\(key)' is not a tensor")
      }
    }
    return (tensors, metadata)
  }
}

/// `"text"` as a JSON string literal.
func jsonString(_ s: String) -> String {
  let encoder = JSONEncoder()
  encoder.outputFormatting = [.withoutEscapingSlashes]
  guard let data = try? encoder.encode(s) else { return "\"\"" }
  return String(decoding: data, as: UTF8.self)
}
