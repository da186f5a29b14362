@_exported import IaC
import IaCCommandLine
import IaCDriver

extension Infrastructure {
  /// Runs the iacc command line on this program, for a Swift package's own executable:
  ///
  ///     // Sources/infra/main.swift
  ///     import IaCInfra
  ///     Infrastructure { … }.main()
  ///
  /// then `swift run infra check`, `swift run infra plan --env production`, `swift run infra build`.
  /// Paths given on the command line add `.iac` files and manifests beside the Swift declarations;
  /// with none, the program is the Swift declarations alone.
  public func main(_ arguments: [String]? = nil) -> Never {
    EmbeddedDeclarations.program = wire
    CommandLineTool.main(arguments)
  }
}
