import IaCBasics

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The few process facts the command line needs, without Foundation.
public enum Terminal {
  public static func isInteractive(fileDescriptor: Int32) -> Bool { isatty(fileDescriptor) == 1 }

  public static func environment(_ name: String) -> String? { getenv(name).map { String(cString: $0) } }

  public static func writeOutput(_ text: String) { write(text, to: 1) }
  public static func writeError(_ text: String) { write(text, to: 2) }
  /// Bytes as they are (a piece of a large document may end inside a character).
  public static func writeOutput(bytes: [UInt8]) { bytes.withUnsafeBufferPointer { write($0, to: 1) } }

  /// Unbuffered writes straight to the descriptor, retried until complete: output is written
  /// once, in large pieces, so buffering would gain nothing.
  static func write(_ text: String, to descriptor: Int32) {
    var copy = text
    copy.withUTF8 { write($0, to: descriptor) }
  }

  static func write(_ bytes: UnsafeBufferPointer<UInt8>, to descriptor: Int32) {
    // A closed or full output is not an error worth reporting: there is nowhere to report it.
    _ = FileSystem.writeFully(descriptor, UnsafeRawBufferPointer(bytes))
  }

  public static func exit(_ code: Int32) -> Never {
    Glibc.exit(code)
  }
}

public enum IaccVersion {
  public static let current = "0.1.0"
}
