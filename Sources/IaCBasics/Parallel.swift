import Dispatch

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Runs independent per-item work on every core. A build renders, hashes, compares and writes
/// thousands of files that do not depend on one another; everything else stays sequential, but for
/// freeing what a finished step leaves behind (`release`).
public enum Parallel {
  /// `body(index)` for each index in `0..<count`, in contiguous chunks (a few per core, so that a
  /// slow chunk does not leave a core idle), results in index order.
  public static func map<T>(_ count: Int, _ body: (Int) -> T) -> [T] {
    let chunks = min(count, 4 * max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))))
    guard chunks > 1 else { return (0..<count).map(body) }
    return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
      let slots = Slots(base: buffer.baseAddress!)
      withoutActuallyEscaping(body) { body in
        let work = Unchecked(body)
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
          for index in (count * chunk / chunks)..<(count * (chunk + 1) / chunks) {
            (slots.base + index).initialize(to: work.value(index))
          }
        }
      }
      initialized = count
    }
  }

  /// Lets go of `value` on another thread, so that the caller goes on while a large structure that
  /// nothing else references (a check's memo tables) is freed. Only for a value no other thread
  /// mutates: what it shares with the caller is immutable and reference-counted atomically.
  public static func release<T>(_ value: consuming T) {
    let box = Unchecked(value)
    DispatchQueue.global(qos: .utility).async { withExtendedLifetime(box) {} }
  }

  /// Each index is written by exactly one chunk, so sharing the buffer across threads is safe.
  private struct Slots<T>: @unchecked Sendable { let base: UnsafeMutablePointer<T> }
  /// The body reads shared state and writes only its own result.
  private struct Unchecked<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
  }
}
