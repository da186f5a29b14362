import IaCJSON

/// Diagnostics as a SARIF 2.1.0 log (OASIS Static Analysis Results Interchange Format), the form CI
/// systems (GitHub code scanning, GitLab, Gitea via actions) import to show findings on the code.
/// One run; the rules are the catalog entries of the codes that occur, sorted by code; columns
/// count Unicode scalars, as everywhere in iacc (`columnKind: unicodeCodePoints`). spec/diagnostics.md.
public enum SARIFDiagnosticRenderer {
  public static let schema = "https://json.schemastore.org/sarif-2.1.0.json"

  public static func render(_ diagnostics: [Diagnostic], catalog: [DiagnosticDescriptor], toolVersion: String)
    -> String
  {
    document(diagnostics, catalog: catalog, toolVersion: toolVersion).serialized(.pretty) + "\n"
  }

  public static func document(_ diagnostics: [Diagnostic], catalog: [DiagnosticDescriptor], toolVersion: String)
    -> JSONValue
  {
    let used = Set(diagnostics.map(\.code.id))
    let rules = catalog.filter { used.contains($0.code.id) }.sorted { $0.code.id < $1.code.id }
    var ruleIndex: [String: Int] = [:]
    for (index, rule) in rules.enumerated() { ruleIndex[rule.code.id] = index }
    let driver: JSONObject = [
      "name": .string("iacc"),
      "version": .string(toolVersion),
      "rules": .array(
        rules.map { rule in
          .object([
            "id": .string(rule.code.id),
            "shortDescription": .object(["text": .string(rule.title)]),
            "fullDescription": .object(["text": .string(rule.explanation)]),
            "defaultConfiguration": .object(["level": .string(level(rule.severity))]),
            // `iacc explain CODE` prints the full explanation.
            "help": .object(["text": .string("iacc explain \(rule.code.id)")]),
          ])
        }),
    ]
    let run: JSONObject = [
      "tool": .object(["driver": .object(driver)]),
      "columnKind": .string("unicodeCodePoints"),
      "results": .array(diagnostics.map { result($0, ruleIndex: ruleIndex[$0.code.id]) }),
    ]
    return .object([
      "$schema": .string(schema),
      "version": .string("2.1.0"),
      "runs": .array([.object(run)]),
    ])
  }

  static func result(_ diagnostic: Diagnostic, ruleIndex: Int?) -> JSONValue {
    var text = diagnostic.message
    if let help = diagnostic.help { text += "\nhelp: \(help)" }
    var object: JSONObject = [
      "ruleId": .string(diagnostic.code.id),
      "level": .string(level(diagnostic.severity)),
    ]
    // Notes with a place become related locations; notes without one join the message.
    var related: [JSONValue] = []
    for note in diagnostic.notes {
      if let range = note.range {
        related.append(
          .object([
            "id": .int(related.count + 1),
            "physicalLocation": physical(range),
            "message": .object(["text": .string(note.message)]),
          ]))
      } else {
        text += "\nnote: \(note.message)"
      }
    }
    object["message"] = .object(["text": .string(text)])
    if let ruleIndex { object["ruleIndex"] = .int(ruleIndex) }
    if let range = diagnostic.range { object["locations"] = .array([.object(["physicalLocation": physical(range)])]) }
    if !related.isEmpty { object["relatedLocations"] = .array(related) }
    // Where in the data the value sits (`services.web.replicas`), as in the JSON format.
    if let path = diagnostic.dataPath { object["properties"] = .object(["path": .string(path.description)]) }
    if !diagnostic.fixIts.isEmpty {
      object["fixes"] = .array(
        diagnostic.fixIts.map { fix in
          .object([
            "description": .object(["text": .string(fix.message)]),
            "artifactChanges": .array([
              .object([
                "artifactLocation": artifact(fix.range.file.path),
                "replacements": .array([
                  .object([
                    "deletedRegion": region(fix.range),
                    "insertedContent": .object(["text": .string(fix.replacement)]),
                  ])
                ]),
              ])
            ]),
          ])
        })
    }
    return .object(object)
  }

  static func level(_ severity: Severity) -> String {
    switch severity {
    case .error: return "error"
    case .warning: return "warning"
    case .note: return "note"
    }
  }

  static func physical(_ range: SourceRange) -> JSONValue {
    .object(["artifactLocation": artifact(range.file.path), "region": region(range)])
  }

  static func region(_ range: SourceRange) -> JSONValue {
    let start = range.startLocation
    let end = range.endLocation
    return .object([
      "startLine": .int(start.line), "startColumn": .int(start.column),
      "endLine": .int(end.line), "endColumn": .int(end.column),
    ])
  }

  /// A relative path stays a relative reference (CI resolves it against the checkout); an absolute
  /// one becomes a `file://` URI.
  static func artifact(_ path: String) -> JSONValue {
    .object(["uri": .string(FileURI.reference(path))])
  }
}
