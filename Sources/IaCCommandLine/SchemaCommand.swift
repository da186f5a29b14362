import ArgumentParser
import IaCDriver

struct SchemaCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "schema", abstract: "Print the resource schemas (the source of spec/resources.md).")

  @Flag(help: "Markdown, as committed in spec/resources.md.")
  var markdown = false

  func run() throws {
    Terminal.writeOutput(Frontend.schemaMarkdown())
  }
}
