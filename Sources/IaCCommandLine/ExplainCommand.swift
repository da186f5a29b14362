import ArgumentParser
import IaCDriver

struct ExplainCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "explain", abstract: "Explain a diagnostic code, with an example; without a code, list them all.")

  @Argument(help: "A diagnostic code, such as E0401.")
  var code: String?

  func run() throws {
    let catalog = Frontend.catalog
    guard let code else {
      for descriptor in catalog {
        Terminal.writeOutput("\(descriptor.code)  \(descriptor.severity.rawValue)  \(descriptor.title)\n")
      }
      return
    }
    guard let descriptor = catalog.first(where: { $0.code.id == code.uppercased() }) else {
      Terminal.writeError("error: no diagnostic `\(code)`; `iacc explain` lists them all\n")
      throw ExitCode(2)
    }
    Terminal.writeOutput(
      "\(descriptor.code): \(descriptor.title) (\(descriptor.severity.rawValue))\n\n\(descriptor.explanation)\n")
  }
}
