import IaCPlan
import IaCTargets

/// Renders generated files and writes them under the output folder through the atomic writer.
public enum OutputWriter {
  /// Renders every file first, so a rendering failure writes nothing; returns how many were written.
  public static func write(_ files: [GeneratedFile], into root: String) throws -> Int {
    let rendered = try files.map { ($0.path, try $0.render()) }
    for (path, bytes) in rendered { try AtomicFileWriter.write(bytes, to: "\(root)/\(path)") }
    return rendered.count
  }
}
