#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Monotonic clock in nanoseconds.
func nowNanoseconds() -> UInt64 {
  var ts = timespec()
  clock_gettime(CLOCK_MONOTONIC, &ts)
  return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}

/// Runs `body` and returns its wall time in milliseconds.
@inline(never)
func timeMilliseconds(_ body: () -> Void) -> Double {
  let start = nowNanoseconds()
  body()
  return Double(nowNanoseconds() - start) / 1_000_000
}

/// The process's peak resident set size so far, in KiB (Linux reports ru_maxrss in KiB).
func peakRSSKiB() -> Int {
  var usage = rusage()
  getrusage(RUSAGE_SELF.rawValue, &usage)
  return Int(usage.ru_maxrss)
}

/// The current resident set size in KiB, from /proc/self/statm (0 where it cannot be read).
func currentRSSKiB() -> Int {
  guard let file = fopen("/proc/self/statm", "r") else { return 0 }
  defer { fclose(file) }
  var buffer = [UInt8](repeating: 0, count: 256)
  let count = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count - 1, file) }
  let fields = String(decoding: buffer[..<count], as: UTF8.self).split(separator: " ")
  guard fields.count >= 2, let pages = Int(fields[1]) else { return 0 }
  return pages * Int(sysconf(Int32(_SC_PAGESIZE))) / 1024
}

/// Median, minimum and maximum of a sample.
struct Summary {
  var median: Double
  var min: Double
  var max: Double
  var count: Int

  init(_ samples: [Double]) {
    precondition(!samples.isEmpty)
    let sorted = samples.sorted()
    count = sorted.count
    min = sorted.first!
    max = sorted.last!
    let middle = sorted.count / 2
    median = sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
  }
}

/// `12.345` with a fixed number of decimals, without Foundation.
func format(_ value: Double, decimals: Int = 2) -> String {
  var scale = 1.0
  for _ in 0..<decimals { scale *= 10 }
  let rounded = (value * scale).rounded() / scale
  var text = String(Int(rounded))
  if rounded < 0 && Int(rounded) == 0 { text = "-0" }
  guard decimals > 0 else { return text }
  let fraction = Int((abs(rounded) - Double(Int(abs(rounded)))) * scale + 0.5)
  var digits = String(fraction)
  while digits.count < decimals { digits = "0" + digits }
  return text + "." + digits
}

func pad(_ text: String, _ width: Int, right: Bool = true) -> String {
  let gap = max(0, width - text.count)
  let spaces = String(repeating: " ", count: gap)
  return right ? spaces + text : text + spaces
}

func writeStdout(_ text: String) { writeAll(1, text) }

func writeStderr(_ text: String) { writeAll(2, text) }

/// write(2) until done (unbuffered, so the order of stdout and stderr is kept).
private func writeAll(_ descriptor: Int32, _ text: String) {
  var text = text
  text.withUTF8 { buffer in
    var offset = 0
    while offset < buffer.count {
      let count = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
      if count < 0 && errno == EINTR { continue }
      guard count > 0 else { return }
      offset += count
    }
  }
}
