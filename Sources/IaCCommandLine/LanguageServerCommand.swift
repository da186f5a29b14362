import ArgumentParser
import IaCDriver
import IaCLanguageServer

struct LanguageServerCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "lsp",
    abstract: "Run the language server on standard input and output (spec/editors.md).",
    discussion: "Exit status: 0 after shutdown and exit, 1 if the client went away or sent exit without shutdown.")

  func run() throws {
    var server = LanguageServer()
    Terminal.exit(server.run())
  }
}
