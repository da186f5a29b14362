import ArgumentParser
import IaCBasics
import IaCDriver

/// The whole command line as a library call, shared by the `iacc` executable and by a user's own
/// Swift package (`swift run infra build`, through IaCInfra).
public enum CommandLineTool {
  /// Parses `arguments` (default: the process's own), runs the command and exits with its status.
  /// Exit codes are part of the interface (spec/cli.md): 0 success, 1 the input has errors,
  /// 2 bad invocation. ArgumentParser's own usage errors would exit 64; they are mapped to 2.
  public static func main(_ arguments: [String]? = nil) -> Never {
    MemoryPolicy.keepLargeAllocationsOutOfTheHeap()
    do {
      var command = try Iacc.parseAsRoot(arguments)
      try command.run()
      Terminal.exit(0)
    } catch let exit as ExitCode {
      Terminal.exit(exit.rawValue)
    } catch {
      let code = Iacc.exitCode(for: error)
      if code == .success {
        print(Iacc.fullMessage(for: error))
        Terminal.exit(0)
      }
      Terminal.writeError(Iacc.fullMessage(for: error) + "\n")
      Terminal.exit(2)
    }
  }
}
