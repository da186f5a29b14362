import IaCJSON

/// The machine-readable form of diagnostics, documented in spec/diagnostics.md. Editors and CI
/// depend on it: add fields, never rename or remove them, and bump `version` if you must.
public enum JSONDiagnosticRenderer {
  public static let formatVersion = 1

  public static func document(_ diagnostics: [Diagnostic]) -> JSONValue {
    let errors = diagnostics.count { $0.severity == .error }
    let warnings = diagnostics.count { $0.severity == .warning }
    return .object([
      "version": .int(formatVersion),
      "diagnostics": .array(diagnostics.map(encode)),
      "summary": .object(["errors": .int(errors), "warnings": .int(warnings)]),
    ])
  }

  public static func render(_ diagnostics: [Diagnostic]) -> String {
    document(diagnostics).serialized(.pretty) + "\n"
  }

  public static func encode(_ diagnostic: Diagnostic) -> JSONValue {
    var object: JSONObject = [
      "severity": .string(diagnostic.severity.rawValue),
      "code": .string(diagnostic.code.id),
      "message": .string(diagnostic.message),
    ]
    object["file"] = diagnostic.range.map { .string($0.file.path) } ?? .null
    object["range"] = diagnostic.range.map(encode) ?? .null
    if let label = diagnostic.label { object["label"] = .string(label) }
    object["path"] = diagnostic.dataPath.map { .string($0.description) } ?? .null
    object["notes"] = .array(
      diagnostic.notes.map { note in
        var entry: JSONObject = ["message": .string(note.message)]
        entry["file"] = note.range.map { .string($0.file.path) } ?? .null
        entry["range"] = note.range.map(encode) ?? .null
        return .object(entry)
      })
    object["help"] = diagnostic.help.map { .string($0) } ?? .null
    object["fixits"] = .array(
      diagnostic.fixIts.map { fix in
        .object([
          "message": .string(fix.message),
          "file": .string(fix.range.file.path),
          "range": encode(fix.range),
          "replacement": .string(fix.replacement),
        ])
      })
    return .object(object)
  }

  public static func encode(_ range: SourceRange) -> JSONValue {
    func position(_ location: SourceLocation) -> JSONValue {
      .object([
        "line": .int(location.line), "column": .int(location.column), "offset": .int(location.offset),
      ])
    }
    return .object(["start": position(range.startLocation), "end": position(range.endLocation)])
  }
}
