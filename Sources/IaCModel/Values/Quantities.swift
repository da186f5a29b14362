import IaCBasics

/// A size in bytes. Written `512Mi` (binary) or `500M` (decimal), as in Kubernetes.
public struct ByteSize: Sendable, Hashable, Comparable, CustomStringConvertible {
  public var bytes: Int64
  public init(bytes: Int64) { self.bytes = bytes }
  public static func mebibytes(_ n: Int64) -> ByteSize { ByteSize(bytes: n << 20) }
  public static func < (lhs: ByteSize, rhs: ByteSize) -> Bool { lhs.bytes < rhs.bytes }

  /// iacc's own spelling, as written in .iac: the unit that divides exactly with the fewest digits
  /// (`512Mi`, `20G`), else bytes (`1500B`).
  public var description: String { render(decimalSuffixes: ["P", "T", "G", "M", "K"]) }

  /// The Kubernetes quantity: the same, with Kubernetes' lowercase `k` for kilo.
  public var kubernetesQuantity: String { render(decimalSuffixes: ["P", "T", "G", "M", "k"]) }

  private func render(decimalSuffixes: [String]) -> String {
    guard bytes != 0 else { return decimalSuffixes.last == "K" ? "0B" : "0" }
    var candidates: [(Int64, String)] = []
    for (suffix, shift) in [("Pi", 50), ("Ti", 40), ("Gi", 30), ("Mi", 20), ("Ki", 10)] as [(String, Int64)]
    where bytes % (1 << shift) == 0 {
      candidates.append((bytes >> shift, suffix))
    }
    let scales: [Int64] = [1_000_000_000_000_000, 1_000_000_000_000, 1_000_000_000, 1_000_000, 1_000]
    for (suffix, scale) in zip(decimalSuffixes, scales) where bytes % scale == 0 {
      candidates.append((bytes / scale, suffix))
    }
    guard let best = candidates.min(by: { String($0.0).count < String($1.0).count }) else {
      return decimalSuffixes.last == "K" ? "\(bytes)B" : "\(bytes)"
    }
    return "\(best.0)\(best.1)"
  }
}

/// An amount of CPU in thousandths of a core. Written `0.5`, `2` or `500m`; `m` is milli-CPU.
public struct CPU: Sendable, Hashable, Comparable, CustomStringConvertible {
  public var millicores: Int64
  public init(millicores: Int64) { self.millicores = millicores }
  public static func < (lhs: CPU, rhs: CPU) -> Bool { lhs.millicores < rhs.millicores }

  /// The Kubernetes quantity: whole cores as a number, otherwise millicores (`500m`).
  public var description: String { millicores % 1000 == 0 ? "\(millicores / 1000)" : "\(millicores)m" }

  /// Cores as a decimal (`0.5`), the form compose's `cpus` takes.
  public var decimalCores: String {
    let whole = millicores / 1000
    var fraction = String(millicores % 1000)
    if fraction == "0" { return "\(whole)" }
    fraction = String(repeating: "0", count: 3 - fraction.count) + fraction
    while fraction.hasSuffix("0") { fraction.removeLast() }
    return "\(whole).\(fraction)"
  }
}

/// A length of time in milliseconds. Written `500ms`, `30s`, `5min`, `2h`, `1d`.
public struct Duration: Sendable, Hashable, Comparable, CustomStringConvertible {
  public var milliseconds: Int64
  public init(milliseconds: Int64) { self.milliseconds = milliseconds }
  public static func seconds(_ n: Int64) -> Duration { Duration(milliseconds: n * 1000) }
  public static func < (lhs: Duration, rhs: Duration) -> Bool { lhs.milliseconds < rhs.milliseconds }

  /// The largest unit that divides exactly, in iacc's own spelling.
  public var description: String {
    for (suffix, scale) in [("d", 86_400_000), ("h", 3_600_000), ("min", 60_000), ("s", 1000)] as [(String, Int64)]
    where milliseconds != 0 && milliseconds % scale == 0 {
      return "\(milliseconds / scale)\(suffix)"
    }
    return milliseconds == 0 ? "0s" : "\(milliseconds)ms"
  }

  /// Whole seconds, rounded up (Kubernetes probes count in seconds).
  public var wholeSeconds: Int64 { (milliseconds + 999) / 1000 }
}

/// A TCP or UDP port, 1–65535.
public struct Port: Sendable, Hashable, Comparable, CustomStringConvertible {
  public var number: Int
  public init?(_ number: Int) {
    guard (1...65_535).contains(number) else { return nil }
    self.number = number
  }
  public static func < (lhs: Port, rhs: Port) -> Bool { lhs.number < rhs.number }
  public var description: String { String(number) }
}

/// Unix permission bits, written `0o644`.
public struct FileMode: Sendable, Hashable, CustomStringConvertible {
  public var bits: Int
  public init(bits: Int) { self.bits = bits }
  /// Four octal digits with a leading zero (`0644`), the form Ansible's `mode` expects as a string.
  public var description: String {
    let octal = String(bits, radix: 8)
    return String(repeating: "0", count: max(0, 4 - octal.count)) + octal
  }
  /// True when anyone other than the owner may write.
  public var isGroupOrWorldWritable: Bool { bits & 0o022 != 0 }
}

/// A published port and the container port it forwards to: `2222 -> 22`.
public struct PortMapping: Sendable, Hashable, CustomStringConvertible {
  public enum TransportProtocol: String, Sendable, CaseIterable { case tcp, udp }
  /// The port on the host; nil when the port is only exposed inside the network.
  public var published: Port?
  public var target: Port
  public var transport: TransportProtocol
  public var hostIP: String?

  public init(published: Port?, target: Port, transport: TransportProtocol = .tcp, hostIP: String? = nil) {
    self.published = published
    self.target = target
    self.transport = transport
    self.hostIP = hostIP
  }

  public var description: String {
    var text = published.map { "\($0) -> \(target)" } ?? "\(target)"
    if transport != .tcp { text += "/\(transport.rawValue)" }
    return text
  }
}

/// Parses the magnitude of a unit literal (`512`, `1.5`, `-2`) into base units (bytes,
/// milliseconds, millicores), exactly: a fraction that does not come out whole is an error.
public enum QuantityArithmetic {
  public enum Failure: Error, Equatable {
    case overflow, notWhole, malformed
  }

  public static func scaled(_ magnitude: String, by scale: Int64) -> Result<Int64, Failure> {
    // Most magnitudes are a few digits: read from the bytes, not split into strings.
    if let whole = ASCIIDigits.value(of: magnitude.utf8) {
      let (result, overflow) = Int64(whole).multipliedReportingOverflow(by: scale)
      return overflow ? .failure(.overflow) : .success(result)
    }
    var text = Substring(magnitude)
    let negative = text.hasPrefix("-")
    if negative { text = text.dropFirst() }
    let parts = text.split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count <= 2, let wholeText = parts.first, !wholeText.isEmpty, let whole = Int64(wholeText) else {
      return .failure(
        parts.first.map { Int64($0) == nil && $0.allSatisfy(\.isNumber) } == true ? .overflow : .malformed)
    }
    var (result, overflow) = whole.multipliedReportingOverflow(by: scale)
    guard !overflow else { return .failure(.overflow) }
    if parts.count == 2 {
      let fractionDigits = parts[1]
      guard !fractionDigits.isEmpty, fractionDigits.count <= 18, let fraction = Int64(fractionDigits) else {
        return .failure(.malformed)
      }
      var denominator: Int64 = 1
      for _ in 0..<fractionDigits.count { denominator *= 10 }
      let (product, productOverflow) = fraction.multipliedReportingOverflow(by: scale)
      guard !productOverflow else { return .failure(.overflow) }
      guard product % denominator == 0 else { return .failure(.notWhole) }
      (result, overflow) = result.addingReportingOverflow(product / denominator)
      guard !overflow else { return .failure(.overflow) }
    }
    return .success(negative ? -result : result)
  }
}
