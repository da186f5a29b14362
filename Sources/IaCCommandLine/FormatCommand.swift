import ArgumentParser
import IaCDriver

struct FormatCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "fmt",
    abstract: "Rewrite .iac files in the canonical layout (spec/language.md, Formatting).",
    discussion: """
      Prints each file it rewrites. A file with a syntax error is reported and left alone.
      Exit status: 0 done (or, with --check, everything formatted), 1 with --check a file is not \
      formatted, or a file has a syntax error, 2 bad invocation.
      """)

  @Argument(help: "Files or folders (folders: every .iac file below). Default: the current folder.")
  var paths: [String] = []

  @Flag(help: "Change nothing: list the files that are not formatted and exit 1 if there is any (for CI).")
  var check = false

  @OptionGroup var output: OutputOptions

  func run() throws {
    let outcome = try exitingOnError(2) { try Formatting.run(paths, check: check) }
    for path in outcome.unformatted {
      Terminal.writeOutput(check ? "\(path): not formatted\n" : "\(path)\n")
    }
    if !outcome.diagnostics.isEmpty {
      Terminal.writeError(TextDiagnosticRenderer(useColor: output.useColor).render(outcome.diagnostics))
    }
    let failed = !outcome.diagnostics.isEmpty || (check && !outcome.unformatted.isEmpty)
    throw ExitCode(failed ? 1 : 0)
  }
}
