import ArgumentParser
import IaCDriver

// Exit codes are part of the interface (spec/cli.md): 0 success, 1 the input has errors,
// 2 bad invocation. ArgumentParser's own usage errors would exit 64; map them to 2.
do {
  var command = try Iacc.parseAsRoot()
  try command.run()
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
