import IaCBasics
import IaCPlan
import IaCSyntax

/// `iacc fmt`: formats .iac files in place, or (`check`) only reports which are not formatted.
public enum Formatting {
  public struct Outcome {
    /// Files whose layout differs from the canonical one (rewritten unless checking).
    public var unformatted: [String] = []
    /// Syntax errors of files that were left alone because they do not parse.
    public var diagnostics: [Diagnostic] = []
  }

  public static func run(_ paths: [String], check: Bool) throws(InvocationError) -> Outcome {
    var outcome = Outcome()
    // Only .iac files: a Swift manifest is formatted by swift-format.
    for path in try Frontend.sourcePaths(paths) where path.hasSuffix(".iac") {
      guard case .success(let bytes) = FileSystem.readFile(path) else {
        throw InvocationError("cannot read \(path)")
      }
      let file = SourceFile(path: path, bytes: bytes)
      let (formatted, diagnostics) = Formatter.format(file)
      guard let formatted else {
        outcome.diagnostics += diagnostics
        continue
      }
      guard formatted != bytes else { continue }
      outcome.unformatted.append(path)
      if !check {
        do {
          // Atomically: a reader (or a crash) never sees half a file.
          try AtomicFileWriter.write(formatted, to: path)
        } catch {
          throw InvocationError("cannot write \(path): \(error)")
        }
      }
    }
    return outcome
  }
}
