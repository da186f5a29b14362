import IaCBasics

/// Diagnostics of Swift manifests (`*.iac.swift`), E06xx.
public enum ManifestDiagnostics {
  public static let compileError = DiagnosticDescriptor(
    "E0601", .error, "Swift manifest does not compile",
    explanation: """
      An `*.iac.swift` manifest is compiled against iacc's `IaC` library before it runs. The Swift
      compiler's error is shown at the manifest's line; fix it there.
      """)
  public static let runFailure = DiagnosticDescriptor(
    "E0602", .error, "Swift manifest failed",
    explanation: """
      The manifest compiled but did not finish: it exited with a non-zero status, crashed, or ran past
      the time limit (it must only declare infrastructure, not wait for anything). Nothing is written.
      """)
  public static let badOutput = DiagnosticDescriptor(
    "E0603", .error, "Swift manifest produced no readable model",
    explanation: """
      A manifest writes its declarations to a descriptor iacc gives it, in a versioned format. The
      output was missing, was not that format, or came from an `IaC` library of another version:
      rebuild the manifest with the iacc that reads it. (What the manifest prints with `print` never
      matters.) A manifest declares its program with `let infrastructure = Infrastructure { … }`.
      """)
  public static let unavailable = DiagnosticDescriptor(
    "E0604", .error, "Swift manifests cannot be evaluated here",
    explanation: """
      Evaluating an `*.iac.swift` manifest needs `swiftc` on the PATH and the `IaC` library that was
      built with this iacc (it is looked up beside the iacc executable, in its SwiftPM build folder).
      """)

  public static let all: [DiagnosticDescriptor] = [compileError, runFailure, badOutput, unavailable]
}
