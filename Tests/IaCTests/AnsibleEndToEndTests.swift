import Foundation
import IaCDriver
import Testing

/// Runs a generated playbook for real against localhost (`ansible_connection: local`, every path
/// under a temporary folder): the first run changes files, the second changes nothing, a check run
/// with `--diff` passes, and a user string with Jinja delimiters arrives on disk literally.
@Suite(.serialized) struct AnsibleEndToEndTests {
  static let literal = "Hello {{ not_templated }} {% raw %}x{% endraw %} {# kept #}\n"

  func program(root: String) -> String {
    """
    host localhost {
      address = "127.0.0.1"
      vars    = { ansible_connection: "local" }
      files   = {
        "\(root)/etc/motd": { content: "\(Self.literal.replacingOccurrences(of: "\n", with: "\\n"))", mode: 0o644 },
        "\(root)/etc/lab/lab.conf": {
          content: \"\"\"
            # managed by iacc
            listen = 0.0.0.0:8080
            \"\"\",
          mode: 0o640,
        },
      }
    }
    """
  }

  func runPlaybook(_ folder: URL, _ extra: [String] = []) throws -> Validators.Output {
    try Validators.run(
      "ansible-playbook",
      [
        "-i", "inventory.yml", "site.yml", "-e",
        "ansible_python_interpreter=\(Validators.venv.appendingPathComponent("python3").path)", "-e",
        "ansible_become=false",
      ]
        + extra, in: folder)
  }

  /// `ok=2 changed=1 …` from the PLAY RECAP line.
  func recap(_ output: String, _ key: String) -> Int? {
    guard let line = output.split(separator: "\n").last(where: { $0.contains("ok=") && $0.contains("changed=") }) else {
      return nil
    }
    guard let field = line.split(separator: " ").first(where: { $0.hasPrefix(key + "=") }) else { return nil }
    return Int(field.dropFirst(key.count + 1))
  }

  @Test func playbookRunsTwiceIdempotentlyAndKeepsUserStringsLiteral() throws {
    guard Validators.available else {
      if !Validators.skipRequested { Issue.record("validators missing: run `make test`") }
      return
    }
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("iacc-e2e-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: root) }
    try FileManager.default.createDirectory(at: root.appendingPathComponent("src"), withIntermediateDirectories: true)
    try FileManager.default.createDirectory(
      at: root.appendingPathComponent("etc/lab"), withIntermediateDirectories: true)
    try program(root: root.path).write(
      to: root.appendingPathComponent("src/main.iac"), atomically: true, encoding: .utf8)
    let out = root.appendingPathComponent("out")
    let build = try Iacc.run(["build", root.appendingPathComponent("src").path, "--out", out.path])
    #expect(build.status == 0, "\(build.stderr)")
    let folder = out.appendingPathComponent("default/ansible")

    let check = try runPlaybook(folder, ["--check", "--diff"])
    #expect(check.status == 0, "\(check.output)")

    let first = try runPlaybook(folder)
    #expect(first.status == 0, "\(first.output)")
    #expect(recap(first.output, "changed") == 2, "\(first.output)")
    #expect(recap(first.output, "failed") == 0)

    let second = try runPlaybook(folder)
    #expect(second.status == 0, "\(second.output)")
    #expect(recap(second.output, "changed") == 0, "second run must change nothing:\n\(second.output)")

    let after = try runPlaybook(folder, ["--check", "--diff"])
    #expect(after.status == 0 && recap(after.output, "changed") == 0, "\(after.output)")

    let motd = try String(contentsOf: root.appendingPathComponent("etc/motd"), encoding: .utf8)
    #expect(motd == Self.literal, "Ansible templated a user string")
    let attributes = try FileManager.default.attributesOfItem(
      atPath: root.appendingPathComponent("etc/lab/lab.conf").path)
    #expect((attributes[.posixPermissions] as? Int) == 0o640)
    let conf = try String(contentsOf: root.appendingPathComponent("etc/lab/lab.conf"), encoding: .utf8)
    #expect(conf == "# managed by iacc\nlisten = 0.0.0.0:8080\n")
  }
}
