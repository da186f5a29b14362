import IaCBasics
import IaCSyntax

/// Where source text comes from: the file system for the CLI, open editor buffers for the
/// language server. The checker itself does no I/O.
public protocol SourceProvider {
  func read(_ path: String) -> SourceReadResult
  /// A key that is equal for every spelling of the same file (`a/../b.iac`, `/abs/b.iac`), so
  /// that a file imported along two routes is loaded once.
  func identity(of path: String) -> String
}

extension SourceProvider {
  public func identity(of path: String) -> String { PathUtilities.normalize(path) }
}

public enum SourceReadResult {
  case contents([UInt8])
  case notFound
  case isDirectory
  case unreadable(String)
}

/// All parsed files of a program and the import edges between them.
public struct Program: Sendable {
  public var files: [SourceFileSyntax]
  /// For each file, the indices of the files it imports directly, in written order.
  public var imports: [[Int]]
  /// Files whose names every file sees and that see every name: Swift manifests, which have no
  /// `import` of their own, mixed with .iac files.
  public var sharedFiles: Set<Int> = []

  public init(files: [SourceFileSyntax] = [], imports: [[Int]] = []) {
    self.files = files
    self.imports = imports
  }

  /// Adds a manifest's declarations (see `WireLoader`), visible from every file and seeing all.
  public mutating func addShared(_ syntax: SourceFileSyntax) {
    sharedFiles.insert(files.count)
    files.append(syntax)
    imports.append([])
  }
}

/// Parses the root files and, transitively, everything they import. Each file is read and parsed
/// once however often it is imported. Import cycles and bad import paths are reported here.
public struct ProgramLoader {
  let provider: SourceProvider
  var files: [SourceFileSyntax] = []
  var imports: [[Int]] = []
  /// Files by `SourceProvider.identity(of:)`.
  var indexByIdentity: [String: Int] = [:]
  var diagnostics: [Diagnostic] = []

  public init(provider: SourceProvider) { self.provider = provider }

  /// Loads `paths`. A root that cannot be read is reported without a source range.
  public static func load(_ paths: [String], provider: SourceProvider) -> (Program, [Diagnostic]) {
    var loader = ProgramLoader(provider: provider)
    for path in paths { _ = loader.loadRoot(PathUtilities.normalize(path)) }
    loader.reportImportCycles()
    return (Program(files: loader.files, imports: loader.imports), loader.diagnostics)
  }

  mutating func loadRoot(_ path: String) -> Int? {
    if let index = indexByIdentity[provider.identity(of: path)] { return index }
    switch provider.read(path) {
    case .contents(let bytes) where bytes.count > SourceFile.maximumByteCount:
      diagnostics.append(Diagnostic(CheckDiagnostics.importNotFound, Self.tooLarge(path, bytes), at: nil))
    case .contents(let bytes): return add(SourceFile(path: path, bytes: bytes))
    case .notFound:
      diagnostics.append(Diagnostic(CheckDiagnostics.importNotFound, "no such file: \(path)", at: nil))
    case .isDirectory:
      diagnostics.append(Diagnostic(CheckDiagnostics.importNotFile, "\(path) is a directory", at: nil))
    case .unreadable(let reason):
      diagnostics.append(Diagnostic(CheckDiagnostics.importNotFound, "cannot read \(path): \(reason)", at: nil))
    }
    return nil
  }

  static func tooLarge(_ path: String, _ bytes: [UInt8]) -> String {
    "cannot read \(path): \(SourceFile.tooLarge(byteCount: bytes.count))"
  }

  mutating func add(_ file: SourceFile) -> Int {
    let (syntax, parseDiagnostics) = Parser.parse(file)
    let index = files.count
    files.append(syntax)
    imports.append([])
    indexByIdentity[provider.identity(of: file.path)] = index
    diagnostics.append(contentsOf: parseDiagnostics)
    if syntax.declarations.isEmpty && !parseDiagnostics.contains(where: { $0.severity == .error }) {
      let start = SourceRange(file: file, start: file.contentStart, end: file.contentStart)
      diagnostics.append(Diagnostic(CheckDiagnostics.emptyFile, "\(file.path) declares nothing", at: start))
    }
    for declaration in syntax.declarations {
      guard case .importDecl(let decl) = declaration, let relative = decl.path else { continue }
      if let target = loadImport(relative, from: file, at: decl.pathRange) { imports[index].append(target) }
    }
    return index
  }

  mutating func loadImport(_ relative: String, from file: SourceFile, at range: SourceRange) -> Int? {
    guard !relative.isEmpty else {
      diagnostics.append(Diagnostic(CheckDiagnostics.importNotFound, "import path is empty", at: range))
      return nil
    }
    let path = PathUtilities.resolve(relative, relativeTo: file.path)
    if let index = indexByIdentity[provider.identity(of: path)] { return index }
    switch provider.read(path) {
    case .contents(let bytes) where bytes.count > SourceFile.maximumByteCount:
      diagnostics.append(Diagnostic(CheckDiagnostics.importNotFound, Self.tooLarge(relative, bytes), at: range))
    case .contents(let bytes):
      return add(SourceFile(path: path, bytes: bytes))
    case .notFound:
      diagnostics.append(
        Diagnostic(
          CheckDiagnostics.importNotFound, "cannot find imported file `\(relative)`", at: range,
          notes: [DiagnosticNote("looked for \(path)")], help: "import paths are relative to the importing file"))
    case .isDirectory:
      diagnostics.append(
        Diagnostic(
          CheckDiagnostics.importNotFile, "`\(relative)` is a directory, not an .iac file", at: range,
          help: "import each file of the directory by name"))
    case .unreadable(let reason):
      diagnostics.append(Diagnostic(CheckDiagnostics.importNotFound, "cannot read `\(relative)`: \(reason)", at: range))
    }
    return nil
  }

  /// Depth-first search over the import graph; each cycle is reported once, at the import that
  /// closes it, with the whole chain in the notes.
  mutating func reportImportCycles() {
    enum Mark { case unvisited, active, done }
    var marks = [Mark](repeating: .unvisited, count: files.count)
    var stack: [Int] = []
    var reported = Set<[Int]>()
    func visit(_ node: Int) {
      marks[node] = .active
      stack.append(node)
      for (position, target) in imports[node].enumerated() {
        switch marks[target] {
        case .unvisited: visit(target)
        case .active:
          let cycle = Array(stack[stack.lastIndex(of: target)!...])
          let key = cycle.sorted()
          guard !reported.contains(key) else { continue }
          reported.insert(key)
          let range = importRange(in: node, position: position)
          let chain = (cycle + [target]).map { files[$0].file.path }.joined(separator: " → ")
          diagnostics.append(
            Diagnostic(
              CheckDiagnostics.importCycle, "import cycle: \(chain)", at: range,
              notes: cycle.dropLast().enumerated().compactMap { offset, file in
                let next = cycle[offset + 1]
                guard let position = imports[file].firstIndex(of: next) else { return nil }
                return DiagnosticNote(
                  "\(files[file].file.path) imports \(files[next].file.path) here",
                  at: importRange(in: file, position: position))
              }))
        case .done: break
        }
      }
      stack.removeLast()
      marks[node] = .done
    }
    for node in files.indices where marks[node] == .unvisited { visit(node) }
  }

  /// The range of the n-th successful import of a file.
  func importRange(in file: Int, position: Int) -> SourceRange? {
    var seen = 0
    for declaration in files[file].declarations {
      guard case .importDecl(let decl) = declaration, let relative = decl.path else { continue }
      let path = PathUtilities.resolve(relative, relativeTo: files[file].file.path)
      guard indexByIdentity[provider.identity(of: path)] != nil else { continue }
      if seen == position { return decl.pathRange }
      seen += 1
    }
    return nil
  }
}

/// Lexical path arithmetic (no file system access), so that one file imported along two routes
/// is recognised as one.
public enum PathUtilities {
  public static func resolve(_ relative: String, relativeTo importer: String) -> String {
    if relative.hasPrefix("/") { return normalize(relative) }
    guard let slash = importer.lastIndex(of: "/") else { return normalize(relative) }
    // `/a.iac` imports from `/`; `lib/a.iac` from `lib`.
    let directory = slash == importer.startIndex ? "" : String(importer[..<slash])
    return normalize(directory + "/" + relative)
  }

  public static func normalize(_ path: String) -> String {
    let absolute = path.hasPrefix("/")
    var parts: [Substring] = []
    for part in path.split(separator: "/") {
      if part == "." { continue }
      if part == "..", let last = parts.last, last != ".." {
        parts.removeLast()
      } else if part == ".." && absolute {
        continue
      } else {
        parts.append(part)
      }
    }
    let joined = parts.joined(separator: "/")
    if absolute { return "/" + joined }
    return joined.isEmpty ? "." : joined
  }
}
