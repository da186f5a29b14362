import IaCBasics
import IaCCheck
import IaCManifest

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Swift manifests (`*.iac.swift`) in the input: evaluated, and their declarations added to the
/// program beside the .iac files (each sees the other's names).
enum Manifests {
  static func load(_ paths: [String], into program: inout Program) -> [Diagnostic] {
    guard !paths.isEmpty else { return [] }
    var diagnostics: [Diagnostic] = []
    var runner = ManifestRunner.locate(
      executable: FileSystem.realPath("/proc/self/exe") ?? "", cacheDirectory: cacheDirectory())
    // `IACC_MANIFEST_TIMEOUT` (seconds) changes the 30 s limit on a manifest's run.
    if let text = getenv("IACC_MANIFEST_TIMEOUT"), let seconds = Double(String(cString: text)) {
      runner?.timeout = seconds
    }
    for path in paths {
      guard case .success(let bytes) = FileSystem.readFile(path) else {
        diagnostics.append(Diagnostic(CheckDiagnostics.importNotFound, "cannot read \(path)", at: nil))
        continue
      }
      // An absolute path: the compiler reports it, and the DSL records it (#filePath) for every declaration.
      let file = SourceFile(path: FileSystem.realPath(path) ?? path, bytes: bytes)
      guard let runner else {
        diagnostics.append(
          Diagnostic(
            ManifestDiagnostics.unavailable,
            "cannot evaluate \(path): no swiftc on the PATH, or no IaC library beside iacc",
            at: SourceRange(file: file, start: file.contentStart, end: file.contentStart)))
        continue
      }
      let (wire, problems) = runner.evaluate(file)
      diagnostics += problems
      guard let wire else { continue }
      let (syntax, loadProblems) = WireLoader.syntax(wire, source: file)
      diagnostics += loadProblems
      program.addShared(syntax)
    }
    return diagnostics
  }

  /// `$IACC_CACHE_DIR`, else `$XDG_CACHE_HOME/iacc/manifests`, else `~/.cache/iacc/manifests`.
  static func cacheDirectory() -> String {
    if let explicit = getenv("IACC_CACHE_DIR") { return String(cString: explicit) }
    if let xdg = getenv("XDG_CACHE_HOME") { return String(cString: xdg) + "/iacc/manifests" }
    let home = getenv("HOME").map { String(cString: $0) } ?? "/tmp"
    return home + "/.cache/iacc/manifests"
  }
}
