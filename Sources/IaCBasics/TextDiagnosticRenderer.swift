/// Renders diagnostics for a terminal, in the style of swiftc and rustc:
///
///     lab.iac:12:12: error[E0402]: expected ByteSize, found String "512"
///        |
///     12 |   memory = "512"
///        |            ^~~~~ expected ByteSize
///        = help: did you mean `512Mi`?
///
/// The first line is `file:line:col:` so editors and terminals can jump to it.
public struct TextDiagnosticRenderer: Sendable {
  public var useColor: Bool

  public init(useColor: Bool) { self.useColor = useColor }

  public func render(_ diagnostics: [Diagnostic]) -> String {
    var out = ""
    for diagnostic in diagnostics { render(diagnostic, into: &out) }
    return out
  }

  public func summary(errors: Int, warnings: Int) -> String {
    func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
    return "\(plural(errors, "error")), \(plural(warnings, "warning"))\n"
  }

  func render(_ diagnostic: Diagnostic, into out: inout String) {
    let severityText = "\(diagnostic.severity.rawValue)[\(diagnostic.code)]"
    out += header(diagnostic.range) + paint(severityText, severityColor(diagnostic.severity))
    out += paint(": \(diagnostic.message)", bold) + "\n"
    if let range = diagnostic.range { snippet(range, label: diagnostic.label, into: &out) }
    // What belongs to the primary range first; notes with their own snippets after.
    if let path = diagnostic.dataPath, !path.isEmpty { out += "   = at: \(path)\n" }
    if let help = diagnostic.help { out += "   = " + paint("help", helpColor) + ": \(help)\n" }
    for fixIt in diagnostic.fixIts {
      out += "   = " + paint("fix", helpColor) + ": \(fixIt.message)\n"
    }
    for note in diagnostic.notes where note.range == nil {
      out += "   = " + paint("note", noteColor) + ": \(note.message)\n"
    }
    for note in diagnostic.notes {
      guard let range = note.range else { continue }
      out += header(range) + paint("note", noteColor) + ": \(note.message)\n"
      snippet(range, label: nil, into: &out)
    }
  }

  private func header(_ range: SourceRange?) -> String {
    guard let range else { return "" }
    let location = range.startLocation
    return "\(range.file.path):\(location.line):\(location.column): "
  }

  /// The source line with the range underlined. A range over several lines is underlined to the
  /// end of its first line; a tab counts as one column so the underline stays aligned.
  private func snippet(_ range: SourceRange, label: String?, into out: inout String) {
    let start = range.startLocation
    let end = range.endLocation
    let line = range.file.lineText(start.line).replacingTabs()
    let gutter = String(start.line)
    let pad = String(repeating: " ", count: gutter.count)
    let lineLength = line.unicodeScalars.count
    let firstColumn = min(start.column, lineLength + 1)
    let lastColumn = end.line == start.line ? max(end.column, firstColumn + 1) : lineLength + 1
    let width = max(1, min(lastColumn, lineLength + 1) - firstColumn)
    let underline = "^" + String(repeating: "~", count: width - 1)
    out += "\(pad) |\n"
    out += "\(paint(gutter, gutterColor)) | \(line)\n"
    out += "\(pad) | " + String(repeating: " ", count: firstColumn - 1)
    out += paint(underline, caretColor) + (label.map { " " + $0 } ?? "") + "\n"
  }

  private let bold = "\u{1B}[1m"
  private let noteColor = "\u{1B}[1;36m"
  private let helpColor = "\u{1B}[1;32m"
  private let gutterColor = "\u{1B}[34m"
  private let caretColor = "\u{1B}[1;32m"

  private func severityColor(_ severity: Severity) -> String {
    switch severity {
    case .error: return "\u{1B}[1;31m"
    case .warning: return "\u{1B}[1;33m"
    case .note: return noteColor
    }
  }

  private func paint(_ text: String, _ color: String) -> String {
    useColor ? color + text + "\u{1B}[0m" : text
  }
}

extension String {
  /// Tabs shown as single spaces keep the caret line aligned without guessing a tab width.
  fileprivate func replacingTabs() -> String {
    String(unicodeScalars.map { $0 == "\t" ? " " : Character($0) })
  }
}
