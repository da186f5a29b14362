import Foundation
import Testing

/// The real third-party validators, installed by `scripts/setup-validators.sh` (which `make test`
/// runs first) into `.venv-validators`. They need no network; each runs with a private
/// ANSIBLE_HOME so nothing is written outside a temporary folder.
enum Validators {
  static let venv = TestSupport.packageRoot.appendingPathComponent(".venv-validators/bin")

  /// Missing validators fail the test that needs them: a validation that silently did not run
  /// would prove nothing. `IACC_SKIP_VALIDATORS=1` is for a quick local `swift test` only.
  static var available: Bool {
    FileManager.default.isExecutableFile(atPath: venv.appendingPathComponent("ansible-lint").path)
  }
  static var skipRequested: Bool { ProcessInfo.processInfo.environment["IACC_SKIP_VALIDATORS"] == "1" }

  typealias Output = ProcessRunner.Output

  static func run(_ tool: String, _ arguments: [String], in directory: URL, environment: [String: String] = [:]) throws
    -> Output
  {
    let home = FileManager.default.temporaryDirectory.appendingPathComponent("iacc-ansible-home-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: home) }
    var env = ProcessInfo.processInfo.environment
    env["PATH"] = venv.path + ":" + (env["PATH"] ?? "/usr/bin:/bin")
    env["ANSIBLE_HOME"] = home.path
    env["ANSIBLE_LOCAL_TEMP"] = home.appendingPathComponent("tmp").path
    env["ANSIBLE_LINT_SKIP_SCHEMA_UPDATE"] = "1"
    env["ANSIBLE_NOCOLOR"] = "1"
    env["NO_COLOR"] = "1"
    for (key, value) in environment { env[key] = value }
    return try ProcessRunner.run(venv.appendingPathComponent(tool), arguments, in: directory, environment: env)
  }

  /// The yamllint configuration for generated files (from the validators' notes): the default
  /// rules, minus document-start and line-length noise, with YAML 1.1 traps as errors.
  static let yamllintConfig = """
    extends: default
    rules:
      line-length: disable
      comments-indentation: disable
      empty-values: disable
      comments: {min-spaces-from-content: 1}
      indentation: {spaces: consistent, indent-sequences: true}
      truthy: {allowed-values: ["true", "false"], check-keys: false, level: error}
      octal-values: {forbid-implicit-octal: true, forbid-explicit-octal: true}
      float-values: {forbid-nan: true, forbid-inf: true}
      anchors: {forbid-undeclared-aliases: true, forbid-duplicated-anchors: true}
      key-duplicates: enable
    """
}

/// Runs a process that is not one of the validators (kubectl, dot).
enum Command {
  static func run(_ executable: String, _ arguments: [String], in directory: URL) throws -> Validators.Output {
    try ProcessRunner.run(URL(fileURLWithPath: executable), arguments, in: directory)
  }
}
