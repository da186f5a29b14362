/// How bad a finding is. Only errors make a command fail.
public enum Severity: String, Sendable, Comparable, CaseIterable {
  case error, warning, note

  private var rank: Int {
    switch self {
    case .error: return 0
    case .warning: return 1
    case .note: return 2
    }
  }

  public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// A stable diagnostic identifier such as `E0402`. Codes never change meaning once published:
/// editors, CI filters and `iacc explain` rely on them.
public struct DiagnosticCode: Sendable, Hashable, Comparable, CustomStringConvertible {
  public let id: String
  public init(_ id: String) { self.id = id }
  public var description: String { id }
  public static func < (lhs: DiagnosticCode, rhs: DiagnosticCode) -> Bool { lhs.id < rhs.id }
}

/// One entry of a diagnostic catalog: what `iacc explain CODE` prints.
public struct DiagnosticDescriptor: Sendable {
  public let code: DiagnosticCode
  public let severity: Severity
  public let title: String
  /// Several paragraphs: why this is a problem, how to fix it, and an example (in ```iac fences).
  public let explanation: String

  public init(_ id: String, _ severity: Severity, _ title: String, explanation: String) {
    self.code = DiagnosticCode(id)
    self.severity = severity
    self.title = title
    self.explanation = explanation
  }
}

/// A secondary message, usually pointing at a second place ("first declared here").
public struct DiagnosticNote: Sendable, Equatable {
  public var message: String
  public var range: SourceRange?

  public init(_ message: String, at range: SourceRange? = nil) {
    self.message = message
    self.range = range
  }
}

/// A suggested edit: replace `range` by `replacement`. Editors can apply it mechanically.
public struct FixIt: Sendable, Equatable {
  public var message: String
  public var range: SourceRange
  public var replacement: String

  public init(_ message: String, range: SourceRange, replacement: String) {
    self.message = message
    self.range = range
    self.replacement = replacement
  }
}

/// The one diagnostic type of every stage: severity, stable code, primary range, notes, fix-its,
/// and where known the data path of the value concerned.
public struct Diagnostic: Sendable, Equatable {
  public var severity: Severity
  public var code: DiagnosticCode
  public var message: String
  /// The primary range. Nil only for problems with no source at all (a path that does not exist).
  public var range: SourceRange?
  /// A short label shown under the primary range.
  public var label: String?
  public var notes: [DiagnosticNote]
  /// Free-standing advice that is not an edit (rendered as `help:`).
  public var help: String?
  public var fixIts: [FixIt]
  public var dataPath: DataPath?

  public init(
    _ descriptor: DiagnosticDescriptor, _ message: String, at range: SourceRange?, label: String? = nil,
    notes: [DiagnosticNote] = [], help: String? = nil, fixIts: [FixIt] = [], dataPath: DataPath? = nil
  ) {
    self.severity = descriptor.severity
    self.code = descriptor.code
    self.message = message
    self.range = range
    self.label = label
    self.notes = notes
    self.help = help
    self.fixIts = fixIts
    self.dataPath = dataPath
  }

  /// Sorting key: file, then position, then code, so every renderer prints the same order.
  static func precedes(_ lhs: Diagnostic, _ rhs: Diagnostic) -> Bool {
    let lhsPath = lhs.range?.file.path ?? ""
    let rhsPath = rhs.range?.file.path ?? ""
    if lhsPath != rhsPath { return lhsPath < rhsPath }
    let lhsStart = lhs.range?.start ?? -1
    let rhsStart = rhs.range?.start ?? -1
    if lhsStart != rhsStart { return lhsStart < rhsStart }
    if lhs.severity != rhs.severity { return lhs.severity < rhs.severity }
    if lhs.code != rhs.code { return lhs.code < rhs.code }
    return lhs.message < rhs.message
  }
}

/// Collects diagnostics from any stage. Stages never stop at the first error; they report and
/// carry on, and the caller decides what to do with the whole list.
public struct DiagnosticBag: Sendable {
  public private(set) var diagnostics: [Diagnostic] = []

  public init() {}

  public mutating func report(_ diagnostic: Diagnostic) { diagnostics.append(diagnostic) }

  public mutating func append(contentsOf other: [Diagnostic]) { diagnostics.append(contentsOf: other) }

  public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
  public var errorCount: Int { diagnostics.count { $0.severity == .error } }
  public var warningCount: Int { diagnostics.count { $0.severity == .warning } }

  /// Sorted, with exact duplicates removed (the same expression checked once per environment
  /// must be reported once).
  public var sorted: [Diagnostic] {
    var result: [Diagnostic] = []
    for diagnostic in diagnostics.sorted(by: Diagnostic.precedes) {
      // Sorting puts findings at one place next to each other: look back only that far.
      let samePlace = result.reversed().prefix { $0.range?.start == diagnostic.range?.start }
      if !samePlace.contains(where: { $0.isSameFinding(as: diagnostic) }) { result.append(diagnostic) }
    }
    return result
  }
}

extension Diagnostic {
  /// Same code, message and place: the same finding, even if notes differ.
  func isSameFinding(as other: Diagnostic) -> Bool {
    code == other.code && message == other.message && range == other.range
  }
}
