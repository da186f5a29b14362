import IaCBasics
import IaCCheck
import IaCManifest
import IaCWire

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A program compiled into the running executable: a user's Swift package that runs the command
/// line itself (`swift run infra build`, IaCInfra) sets it before parsing its arguments.
public enum EmbeddedDeclarations {
  nonisolated(unsafe) public static var program: WireProgram?
}

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
      // Named as given (relative) in what is generated from it.
      let named = SourceFile(path: FileSystem.relativeToCurrentDirectory(file.path), bytes: bytes)
      let (syntax, loadProblems) = WireLoader.syntax(wire, source: named)
      diagnostics += loadProblems
      program.addShared(syntax)
    }
    return diagnostics
  }

  /// Adds declarations that were evaluated in this process (EmbeddedDeclarations), one syntax file
  /// per Swift source file that declared them, so that diagnostics point at the right file and line.
  static func add(_ wire: WireProgram, into program: inout Program) -> [Diagnostic] {
    var diagnostics: [Diagnostic] = []
    var order: [String] = []
    var byFile: [String: [WireDeclaration]] = [:]
    for declaration in wire.declarations {
      if byFile[declaration.file] == nil { order.append(declaration.file) }
      byFile[declaration.file, default: []].append(declaration)
    }
    for path in order {
      // The sources may not be beside a copied executable; then the ranges fall back to line 1.
      let bytes: [UInt8]
      if case .success(let read) = FileSystem.readFile(path) { bytes = read } else { bytes = [] }
      let (syntax, problems) = WireLoader.syntax(
        WireProgram(declarations: byFile[path] ?? []),
        source: SourceFile(path: FileSystem.relativeToCurrentDirectory(path), bytes: bytes))
      diagnostics += problems
      program.addShared(syntax)
    }
    return diagnostics
  }

  /// `$IACC_CACHE_DIR`, else `$XDG_CACHE_HOME/iacc/manifests`, else `~/.cache/iacc/manifests`.
  /// Made absolute: the compiler runs in another folder.
  static func cacheDirectory() -> String {
    if let explicit = getenv("IACC_CACHE_DIR") {
      let path = String(cString: explicit)
      return path.hasPrefix("/") ? path : (FileSystem.realPath(".") ?? ".") + "/" + path
    }
    if let xdg = getenv("XDG_CACHE_HOME") { return String(cString: xdg) + "/iacc/manifests" }
    let home = getenv("HOME").map { String(cString: $0) } ?? "/tmp"
    return home + "/.cache/iacc/manifests"
  }
}
