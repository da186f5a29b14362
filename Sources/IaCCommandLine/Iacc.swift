import ArgumentParser
import IaCDriver

/// The command line. It parses flags, calls the driver and renders; it owns no logic.
struct Iacc: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "iacc",
    abstract: "An infrastructure-as-code compiler: one typed model, emitted as Ansible, Compose and Kubernetes files.",
    version: IaccVersion.current,
    subcommands: [
      CheckCommand.self, PlanCommand.self, BuildCommand.self, DiffCommand.self, GraphCommand.self, FormatCommand.self,
      LanguageServerCommand.self,
      ExplainCommand.self,
      SchemaCommand.self, DumpCommand.self,
    ])
}

enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
  case auto, always, never
}

/// Options every command that prints diagnostics shares.
struct OutputOptions: ParsableArguments {
  @Option(help: "Colour in text output: auto (only on a terminal, unless NO_COLOR is set), always, never.")
  var color: ColorChoice = .auto

  var useColor: Bool {
    switch color {
    case .always: return true
    case .never: return false
    case .auto: return Terminal.isInteractive(fileDescriptor: 2) && Terminal.environment("NO_COLOR") == nil
    }
  }

  /// The same choice for what goes to standard output (plans).
  var useColorOnOutput: Bool {
    switch color {
    case .always: return true
    case .never: return false
    case .auto: return Terminal.isInteractive(fileDescriptor: 1) && Terminal.environment("NO_COLOR") == nil
    }
  }
}

/// Runs one step of a command: an error it throws is printed as `error: …` and becomes the exit
/// status `code` (2: the invocation is wrong; 1: the step failed on a valid invocation).
func exitingOnError<T>(_ code: Int32, _ body: () throws -> T) throws -> T {
  do {
    return try body()
  } catch {
    Terminal.writeError("error: \(error)\n")
    throw ExitCode(code)
  }
}
