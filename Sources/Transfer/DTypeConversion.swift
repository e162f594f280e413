/// Little-endian safetensors element types converted to `Float`: F32, F64, F16 (IEEE half),
/// BF16 (the top 16 bits of an F32) and I64 (integer buffers such as BERT's `position_ids`).
enum DTypeConversion {
  /// Bytes per element of `dtype`, or nil for a type we do not read.
  static func size(of dtype: String) -> Int? {
    switch dtype {
    case "F32": return 4
    case "F64", "I64": return 8
    case "F16", "BF16": return 2
    default: return nil
    }
  }

  /// The `byteCount / size` values of type `dtype` starting at `start`.
  static func floats(_ bytes: [UInt8], from start: Int, byteCount: Int, dtype: String) -> [Float] {
    let size = size(of: dtype) ?? 4
    let count = byteCount / size
    var values = [Float](repeating: 0, count: count)
    for i in 0..<count {
      let p = start + size * i
      var bits: UInt64 = 0
      for k in 0..<size { bits |= UInt64(bytes[p + k]) << (8 * UInt64(k)) }
      values[i] = float(bits: bits, dtype: dtype)
    }
    return values
  }

  private static func float(bits: UInt64, dtype: String) -> Float {
    switch dtype {
    case "F64": return Float(Double(bitPattern: bits))
    case "I64": return Float(Int64(bitPattern: bits))
    case "BF16": return Float(bitPattern: UInt32(truncatingIfNeeded: bits) << 16)
    case "F16": return half(UInt16(truncatingIfNeeded: bits))
    default: return Float(bitPattern: UInt32(truncatingIfNeeded: bits))
    }
  }

  /// IEEE 754 binary16 → binary32 (subnormals, infinities and NaN included).
  static func half(_ h: UInt16) -> Float {
    let sign: Float = h & 0x8000 != 0 ? -1 : 1
    let exponent = Int((h >> 10) & 0x1f)
    let mantissa = Float(h & 0x3ff)
    switch exponent {
    case 0: return sign * mantissa * 0x1p-24
    case 31: return mantissa == 0 ? sign * .infinity : .nan
    default: return sign * (1 + mantissa / 1024) * Float(sign: .plus, exponent: exponent - 15, significand: 1)
    }
  }
}
