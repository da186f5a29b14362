import Foundation
import IaCBasics
import IaCCheck
import IaCDriver
import Testing

/// Paths and helpers shared by the tests. Fixtures live beside the tests as plain files;
/// goldens are rewritten with `IACC_UPDATE_GOLDENS=1 swift test` and reviewed in the diff.
enum TestSupport {
  static let packageRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  static let fixtures = packageRoot.appendingPathComponent("Tests/IaCTests/Fixtures")
  static var updateGoldens: Bool { ProcessInfo.processInfo.environment["IACC_UPDATE_GOLDENS"] == "1" }

  static func files(in folder: String, withExtension ext: String) -> [URL] {
    let directory = fixtures.appendingPathComponent(folder)
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
    return names.filter { $0.hasSuffix("." + ext) }.sorted().map { directory.appendingPathComponent($0) }
  }

  /// Compares `actual` with the golden file, or rewrites it when asked to.
  static func assertGolden(_ actual: String, _ golden: URL, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    if updateGoldens {
      try? actual.write(to: golden, atomically: true, encoding: .utf8)
      return
    }
    guard let expected = try? String(contentsOf: golden, encoding: .utf8) else {
      Issue.record(
        "missing golden \(golden.lastPathComponent); run with IACC_UPDATE_GOLDENS=1", sourceLocation: sourceLocation)
      return
    }
    if actual != expected {
      Issue.record(
        "\(golden.lastPathComponent) differs:\n--- expected\n\(expected)\n--- actual\n\(actual)",
        sourceLocation: sourceLocation)
    }
  }

  /// Paths shown relative to the package root, so goldens do not depend on where the clone lives.
  static func relativePath(_ url: URL) -> String {
    String(url.path.dropFirst(packageRoot.path.count + 1))
  }
}

/// An in-memory file system: what the language server will use for unsaved buffers.
struct MemorySources: SourceProvider {
  var files: [String: [UInt8]]
  var directories: Set<String> = []

  init(_ files: [String: String], directories: Set<String> = []) {
    self.files = files.mapValues { Array($0.utf8) }
    self.directories = directories
  }

  init(bytes: [String: [UInt8]]) { self.files = bytes }

  func read(_ path: String) -> SourceReadResult {
    if directories.contains(path) { return .isDirectory }
    return files[path].map { .contents($0) } ?? .notFound
  }
}

/// Checks in-memory sources; the first file named is the root unless `roots` says otherwise.
func checkSources(
  _ files: [String: String], roots: [String]? = nil, directories: Set<String> = [], params: [String: String] = [:]
) -> CheckResult {
  let provider = MemorySources(files, directories: directories)
  let rootPaths = roots ?? files.keys.sorted()
  let (parsedParams, paramDiagnostics) = try! Frontend.parseParams(params.map { "\($0.key)=\($0.value)" })
  let (program, diagnostics) = ProgramLoader.load(rootPaths, provider: provider)
  return Checker.check(program, loadDiagnostics: diagnostics + paramDiagnostics, params: parsedParams)
}

/// Source text with position markers (1️⃣, 2️⃣ …) removed, and where each marker stood, as in
/// swift-syntax's tests: expected positions are written in the source, not counted by hand.
struct MarkedSource {
  let text: String
  let markers: [String: (line: Int, column: Int)]

  static let markerSymbols = ["1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣", "6️⃣", "7️⃣", "8️⃣", "9️⃣"]

  init(_ marked: String) {
    var text = ""
    var markers: [String: (line: Int, column: Int)] = [:]
    var line = 1
    var column = 1
    var rest = Substring(marked)
    while let character = rest.first {
      if let marker = Self.markerSymbols.first(where: { rest.hasPrefix($0) }) {
        markers[marker] = (line, column)
        rest = rest.dropFirst(marker.count)
        continue
      }
      text.append(character)
      if character == "\n" {
        line += 1
        column = 1
      } else {
        column += character.unicodeScalars.count
      }
      rest = rest.dropFirst()
    }
    self.text = text
    self.markers = markers
  }
}

extension Diagnostic {
  var position: (line: Int, column: Int)? {
    range.map { ($0.startLocation.line, $0.startLocation.column) }
  }
}

/// Expects exactly one diagnostic with this code, at this marker.
func expectDiagnostic(
  _ result: CheckResult, _ code: String, at marker: String, in source: MarkedSource, messageContains: String? = nil,
  sourceLocation: Testing.SourceLocation = #_sourceLocation
) {
  let matching = result.diagnostics.filter { $0.code.id == code }
  guard let expected = source.markers[marker] else {
    Issue.record("no marker \(marker) in source", sourceLocation: sourceLocation)
    return
  }
  let found = matching.contains { diagnostic in
    diagnostic.position.map { $0.line == expected.line && $0.column == expected.column } ?? false
      && (messageContains.map { diagnostic.message.contains($0) } ?? true)
  }
  if !found {
    let all = result.diagnostics.map { diagnostic -> String in
      let position = diagnostic.position.map { "\($0.line):\($0.column)" } ?? "-"
      return "\(diagnostic.code) \(position) \(diagnostic.message)"
    }
    let listing = all.joined(separator: "\n")
    Issue.record(
      "expected \(code) at \(expected.line):\(expected.column); got:\n\(listing)", sourceLocation: sourceLocation)
  }
}
