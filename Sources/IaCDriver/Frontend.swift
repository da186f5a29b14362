import IaCBasics
import IaCCheck
import IaCModel
import IaCSyntax

// The command line sees the driver only; these are the types it renders.
@_exported import struct IaCBasics.Diagnostic
@_exported import struct IaCBasics.DiagnosticDescriptor
@_exported import enum IaCBasics.FileSystem
@_exported import enum IaCBasics.JSONDiagnosticRenderer
@_exported import enum IaCBasics.SARIFDiagnosticRenderer
@_exported import enum IaCBasics.Severity
@_exported import struct IaCBasics.TextDiagnosticRenderer
@_exported import struct IaCTargets.GeneratedFile

public typealias CheckResult = Checker.Result

/// Reads sources from disk for the checker.
public struct FileSystemSourceProvider: SourceProvider {
  public init() {}
  public func read(_ path: String) -> SourceReadResult {
    // Refused before reading: a stray multi-gigabyte file must not be loaded into memory first.
    if let size = FileSystem.fileSize(path), size > SourceFile.maximumByteCount {
      return .unreadable(SourceFile.tooLarge(byteCount: size))
    }
    switch FileSystem.readFile(path) {
    case .success(let bytes): return .contents(bytes)
    case .failure(.notFound): return .notFound
    case .failure(.isDirectory): return .isDirectory
    case .failure(.unreadable(let reason)): return .unreadable(reason)
    }
  }

  /// The resolved absolute path (symbolic links followed), when the file exists.
  public func identity(of path: String) -> String { FileSystem.realPath(path) ?? PathUtilities.normalize(path) }
}

/// A problem with the command line itself (exit code 2), not with the program being checked.
public struct InvocationError: Error, CustomStringConvertible {
  public var description: String
  public init(_ description: String) { self.description = description }
}

/// The front half of the pipeline: paths → parsed program → checked model.
public enum Frontend {
  /// Expands the paths a user gave: files as they are, directories to every `.iac` file below.
  /// With no paths, the current folder, unless the program is compiled into the executable
  /// (`swift run infra`), which then needs no files at all.
  public static func sourcePaths(_ paths: [String]) throws(InvocationError) -> [String] {
    var result: [String] = []
    for path in paths.isEmpty && EmbeddedDeclarations.program == nil ? ["."] : paths {
      if FileSystem.isDirectory(path) {
        let found = FileSystem.findSources(under: path)
        if found.isEmpty { throw InvocationError("no .iac files under \(path)") }
        result.append(contentsOf: found)
      } else if FileSystem.exists(path) {
        result.append(path)
      } else {
        throw InvocationError("no such file or directory: \(path)")
      }
    }
    return result
  }

  /// `--param name=value`: the value is .iac syntax, parsed from a pseudo-file named `<command line>`.
  public static func parseParams(_ assignments: [String]) throws(InvocationError) -> ([String: Expr], [Diagnostic]) {
    var params: [String: Expr] = [:]
    var diagnostics: [Diagnostic] = []
    for assignment in assignments {
      guard let equals = assignment.firstIndex(of: "="), equals != assignment.startIndex else {
        throw InvocationError("--param expects NAME=VALUE, got `\(assignment)`")
      }
      let name = String(assignment[..<equals])
      let text = String(assignment[assignment.index(after: equals)...])
      let (expr, exprDiagnostics) = Parser.parseExpression(SourceFile(path: "<--param \(name)>", text: text))
      params[name] = expr
      diagnostics.append(contentsOf: exprDiagnostics)
    }
    return (params, diagnostics)
  }

  /// Loads and checks everything under `paths`. `releasingSyntax`: the caller needs only the model
  /// and the diagnostics, not the syntax trees; `keeping`: the environments whose model it needs;
  /// `freeingInBackground`: it allocates little once the check is done (see Checker.check).
  public static func check(
    _ paths: [String], params: [String] = [], provider: SourceProvider = FileSystemSourceProvider(),
    releasingSyntax: Bool = false, keeping: KeptModels = .all, freeingInBackground: Bool = false
  )
    throws(InvocationError) -> CheckResult
  {
    let files = try sourcePaths(paths)
    let (parsedParams, paramDiagnostics) = try parseParams(params)
    let manifests = files.filter { $0.hasSuffix(".iac.swift") }
    var (program, loadDiagnostics) = ProgramLoader.load(
      files.filter { !$0.hasSuffix(".iac.swift") }, provider: provider)
    loadDiagnostics += Manifests.load(manifests, into: &program)
    if let embedded = EmbeddedDeclarations.program {
      loadDiagnostics += Manifests.add(embedded, into: &program)
    }
    return Checker.check(
      program, loadDiagnostics: loadDiagnostics + paramDiagnostics, params: parsedParams,
      releasingSyntax: releasingSyntax, keeping: keeping, freeingInBackground: freeingInBackground)
  }

  /// `iacc dump --stage ast`: every parsed file's syntax tree.
  public static func dumpSyntax(_ result: CheckResult) -> String {
    result.program.files.map(SyntaxDumper.dump).joined()
  }

  /// spec/resources.md, generated from the schemas.
  public static func schemaMarkdown() -> String { SchemaMarkdown.render() }

  /// Every diagnostic iacc can emit, by code, for `iacc explain`.
  public static var catalog: [DiagnosticDescriptor] { Pipeline.catalog }
}
