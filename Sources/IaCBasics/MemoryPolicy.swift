#if canImport(Glibc)
  import Glibc
#endif

/// How the process asks the C allocator for memory, set once when it starts.
public enum MemoryPolicy {
  /// The size from which an allocation gets a mapping of its own, returned to the system when it
  /// is freed.
  public static let mappedAllocationThreshold = 128 * 1024

  /// glibc starts with the threshold above, but raises it to the size of any mapped block that is
  /// freed (up to 32 MiB). Once a large array is freed (a table grown by doubling, the parser's
  /// scratch, a rendered file), every later array below its size comes from the heap, and the heap
  /// cannot give back the holes they leave between long-lived small allocations. Fixing the
  /// threshold keeps large arrays out of the heap: a build of 10,000 services peaked 6–8 MiB lower,
  /// for about 1.5% of its time, as fresh pages are mapped for each large array (Benchmarks/README.md).
  ///
  /// Returns whether the allocator took the setting (false on a C library without `mallopt`).
  @discardableResult
  public static func keepLargeAllocationsOutOfTheHeap() -> Bool {
    #if canImport(Glibc)
      // Swift's Glibc module leaves out <malloc.h>: `mallopt` is looked up by name, and
      // `M_MMAP_THRESHOLD` is its value there (-3, part of glibc's ABI). Another C library
      // (musl) has no `mallopt`, and nothing is set.
      typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
      let mmapThreshold: Int32 = -3
      guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return false }
      return unsafeBitCast(symbol, to: Mallopt.self)(mmapThreshold, Int32(mappedAllocationThreshold)) == 1
    #else
      return false
    #endif
  }
}
