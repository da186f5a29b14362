import ArgumentParser
import IaCDriver

enum CheckOutputFormat: String, ExpressibleByArgument, CaseIterable {
  case text, github
}

/// Options `plan` and `build` share: what to build and where.
struct BuildOptions: ParsableArguments {
  @Argument(help: "Files or folders to build (folders: every .iac file below). Default: the current folder.")
  var paths: [String] = []

  @Option(name: .customLong("env"), help: "Only this environment (repeatable). Default: every environment.")
  var environments: [String] = []

  @Option(help: "The output folder.")
  var out: String = "out"

  @Option(name: .customLong("param"), help: "Set a `param`: NAME=VALUE, the value in .iac syntax (strings quoted).")
  var params: [String] = []

  /// Checks and lowers, prints diagnostics, and plans; exits 1 on errors, 2 on a bad invocation.
  /// The build result comes back too, so that the caller can exit without tearing it down.
  func plan(output: OutputOptions, staging: Bool = false) throws -> (Plan, BuildResult) {
    var result = try exitingOnError(2) {
      try Pipeline.build(paths, params: params, environments: environments, keepingEdges: false)
    }
    let renderer = TextDiagnosticRenderer(useColor: output.useColor)
    Terminal.writeError(renderer.render(result.diagnostics))
    if result.hasErrors {
      let errors = result.diagnostics.count { $0.severity == .error }
      let warnings = result.diagnostics.count { $0.severity == .warning }
      Terminal.writeError(renderer.summary(errors: errors, warnings: warnings))
      throw ExitCode(1)
    }
    // The diagnostics are written: the program's text (5.5 MB at 10,000 services) goes before
    // the files arrive. The plan takes the files and the graphs, and lets each file go once it
    // is planned.
    result.releaseSourceText()
    let plan = try exitingOnError(1) {
      try BuildPlanning.plan(taking: &result, out: out, environments: environments, staging: staging)
    }
    return (plan, result)
  }
}

struct PlanCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "plan", abstract: "Show what `iacc build` would create, update and delete, with structural diffs.",
    discussion: "Writes nothing. Exit status: 0 planned, 1 errors in the input, 2 bad invocation.")

  @OptionGroup var build: BuildOptions

  @Flag(help: "Print the plan as JSON (spec/plan.md).")
  var json = false

  @OptionGroup var output: OutputOptions

  func run() throws {
    let (plan, result) = try build.plan(output: output)
    if json {
      PlanRenderer.writeJSON(plan, into: Terminal.writeOutput(bytes:))
    } else {
      PlanRenderer.text(plan, useColor: output.useColorOnOutput, into: Terminal.writeOutput)
    }
    withExtendedLifetime((plan, result)) { Terminal.exit(0) }
  }
}

struct BuildCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "build",
    abstract: "Plan, then write the generated Compose, Kubernetes and Ansible files.",
    discussion: """
      Exit status: 0 done (or up to date), 1 errors in the input or (with --check) output not up to date,
      2 bad invocation, 3 a generated file was edited by hand (nothing written; --force overwrites).
      """)

  @OptionGroup var build: BuildOptions

  @Flag(help: "Stop after printing the plan.")
  var dryRun = false

  @Flag(help: "Write nothing; exit 1 when anything would change or a file was edited by hand (for CI).")
  var check = false

  @Flag(help: "Overwrite or delete generated files even if they were edited by hand.")
  var force = false

  @Option(help: "With --check: text, or github to add ::error annotations on the .iac sources.")
  var format: CheckOutputFormat = .text

  @OptionGroup var output: OutputOptions

  func run() throws {
    // A build that will write stages its new files while planning; one that only looks does not.
    let (plan, result) = try build.plan(output: output, staging: !check && !dryRun)
    PlanRenderer.text(plan, useColor: output.useColorOnOutput, into: Terminal.writeOutput)
    if check {
      if format == .github { Terminal.writeOutput(BuildPlanning.githubAnnotations(plan)) }
      if plan.hasChanges {
        Terminal.writeError("error: \(build.out)/ is not up to date with the sources; run `iacc build`\n")
        throw ExitCode(1)
      }
      withExtendedLifetime((plan, result)) { Terminal.exit(0) }
    }
    if dryRun { withExtendedLifetime((plan, result)) { Terminal.exit(0) } }
    if plan.hasConflicts && !force {
      PlanApplier.discard(plan)
      Terminal.writeError(
        "error: generated files were edited by hand; nothing was written. Move the edits into the .iac sources, or run with --force to overwrite them\n"
      )
      throw ExitCode(3)
    }
    let outcome = try exitingOnError(1) { try PlanApplier.apply(plan, force: force) }
    if plan.hasChanges {
      Terminal.writeOutput("Applied: \(outcome.written) written, \(outcome.deleted) deleted in \(build.out)/.\n")
    }
    // Done: exit without tearing down the model and the plan (see CheckCommand).
    withExtendedLifetime((plan, result)) { Terminal.exit(0) }
  }
}
