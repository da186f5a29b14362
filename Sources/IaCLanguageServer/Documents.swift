import IaCBasics
import IaCCheck
import IaCDriver

/// The open documents, by path, as the editor holds them (unsaved text included). The checker reads
/// through it, so a buffer shadows its file on disk, and files that are not open come from disk.
struct OpenDocuments: SourceProvider {
  var texts: [String: [UInt8]] = [:]
  let disk = FileSystemSourceProvider()

  func read(_ path: String) -> SourceReadResult {
    if let text = texts[identity(of: path)] { return .contents(text) }
    return disk.read(path)
  }

  /// A document that exists only in the editor has no real path yet: its spelling is its identity.
  func identity(of path: String) -> String { disk.identity(of: path) }
}
