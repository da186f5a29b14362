import IaCBasics

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads files and lists directories with POSIX calls: Foundation's start-up cost matters when
/// `iacc check` runs on every save.
public enum FileSystem {
  public enum ReadError: Error, Equatable {
    case notFound, isDirectory, unreadable(String)
  }

  public static func isDirectory(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
  }

  public static func exists(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0
  }

  public static func readFile(_ path: String) -> Result<[UInt8], ReadError> {
    if isDirectory(path) { return .failure(.isDirectory) }
    guard let handle = fopen(path, "rb") else {
      return .failure(errno == ENOENT ? .notFound : .unreadable(String(cString: strerror(errno))))
    }
    defer { fclose(handle) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65_536)
    while true {
      let count = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, handle) }
      if count > 0 { bytes.append(contentsOf: chunk[0..<count]) }
      if count < chunk.count {
        if ferror(handle) != 0 { return .failure(.unreadable(String(cString: strerror(errno)))) }
        break
      }
    }
    return .success(bytes)
  }

  public static func realPath(_ path: String) -> String? {
    guard let resolved = realpath(path, nil) else { return nil }
    defer { free(resolved) }
    return String(cString: resolved)
  }

  /// An absolute `path` relative to the current folder when it lies below it, so that generated
  /// headers name a Swift source the same way on every checkout; other paths are kept as they are.
  public static func relativeToCurrentDirectory(_ path: String) -> String {
    guard path.hasPrefix("/"), let current = realPath(".") else { return path }
    let prefix = current.hasSuffix("/") ? current : current + "/"
    return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
  }

  /// Entries of a directory, sorted by name so that every walk is deterministic.
  public static func listDirectory(_ path: String) -> [String] {
    guard let directory = opendir(path) else { return [] }
    defer { closedir(directory) }
    var names: [String] = []
    while let entry = readdir(directory) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
      }
      if name != "." && name != ".." { names.append(name) }
    }
    return names.sorted()
  }

  /// Every `*.iac` file (and `*.iac.swift` manifest) under `root`, depth first, sorted; hidden folders and `out/` build output are skipped.
  public static func findSources(under root: String) -> [String] {
    var found: [String] = []
    var stack = [root]
    while let directory = stack.popLast() {
      var subdirectories: [String] = []
      for name in listDirectory(directory) where !name.hasPrefix(".") {
        let path = directory == "." ? name : directory.hasSuffix("/") ? directory + name : directory + "/" + name
        if isDirectory(path) {
          subdirectories.append(path)
        } else if name.hasSuffix(".iac") || name.hasSuffix(".iac.swift") {
          found.append(path)
        }
      }
      stack.append(contentsOf: subdirectories.reversed())
    }
    return found.sorted()
  }
}
