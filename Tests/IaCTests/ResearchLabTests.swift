import Foundation
import IaCDriver
import Testing

/// The research-lab example: its production tree is pinned by a golden copy under the example,
/// every environment builds, and its baseline playbook runs for real against localhost.
@Suite(.serialized) struct ResearchLabTests {
  static let example = "examples/research-lab"
  static let expected = TestSupport.packageRoot.appendingPathComponent("examples/research-lab/expected")

  @Test func productionTreeMatchesTheCommittedCopy() throws {
    let out = FileManager.default.temporaryDirectory.appendingPathComponent("iacc-lab-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: out) }
    let build = try Iacc.run(["build", Self.example, "--env", "production", "--out", out.path])
    #expect(build.status == 0, "\(build.stderr)")
    let produced = ValidatorTests.files(under: out) { $0 != ".iacc-manifest.json" }
    if TestSupport.updateGoldens {
      try? FileManager.default.removeItem(at: Self.expected)
      for path in produced {
        let target = Self.expected.appendingPathComponent(path)
        try FileManager.default.createDirectory(
          at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: out.appendingPathComponent(path), to: target)
      }
      return
    }
    #expect(produced == ValidatorTests.files(under: Self.expected) { _ in true }, "the set of production files changed")
    for path in produced {
      TestSupport.assertGolden(
        try String(contentsOf: out.appendingPathComponent(path), encoding: .utf8),
        Self.expected.appendingPathComponent(path))
    }
  }

  @Test(arguments: ["dev", "staging", "production"])
  func everyEnvironmentChecksPlansBuildsAndIsThenUpToDate(_ environment: String) throws {
    let out = FileManager.default.temporaryDirectory.appendingPathComponent("iacc-lab-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: out) }
    #expect(try Iacc.run(["check", Self.example]).status == 0)
    let plan = try Iacc.run(["plan", Self.example, "--env", environment, "--out", out.path])
    #expect(plan.status == 0 && plan.stdout.contains("to create"), "\(plan.stderr)")
    #expect(try Iacc.run(["build", Self.example, "--env", environment, "--out", out.path]).status == 0)
    let check = try Iacc.run(["build", "--check", Self.example, "--env", environment, "--out", out.path])
    #expect(check.status == 0, "\(check.stdout)")
  }

  @Test func noSecretHasAValueInTheRepository() throws {
    // Every secret reads its value from the deploying environment.
    let sources = try ["hosts.iac", "devtools.iac", "cache.iac", "monitoring.iac", "science.iac", "environments.iac"]
      .map {
        try String(contentsOf: TestSupport.packageRoot.appendingPathComponent("\(Self.example)/\($0)"), encoding: .utf8)
      }.joined()
    let secrets = sources.components(separatedBy: "\nsecret ").dropFirst()
    #expect(secrets.count >= 9)
    #expect(secrets.allSatisfy { $0.contains("from = env(\"") })
  }

  /// The baseline every Linux host gets, run for real on this machine: the real modules
  /// (copy, blockinfile), every path under a temporary root (`--param root=…`). Packages, users,
  /// system services and compose deployments are skipped by tag: they would change this machine.
  @Test func baselinePlaybookRunsTwiceIdempotently() throws {
    guard Validators.available else {
      if !Validators.skipRequested { Issue.record("validators missing: run `make test`") }
      return
    }
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("iacc-baseline-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: root) }
    // The folders a fresh Ubuntu host has.
    for folder in ["etc/chrony", "etc/apt/apt.conf.d", "etc/ssh/sshd_config.d"] {
      try FileManager.default.createDirectory(
        at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
    }
    try "127.0.0.1 localhost\n".write(to: root.appendingPathComponent("etc/hosts"), atomically: true, encoding: .utf8)
    let out = root.appendingPathComponent("out")
    let build = try Iacc.run([
      "build", Self.example, "--env", "production", "--out", out.path, "--param", "root=\"\(root.path)\"",
    ])
    #expect(build.status == 0, "\(build.stderr)")
    let folder = out.appendingPathComponent("production/ansible")
    func run(_ extra: [String] = []) throws -> Validators.Output {
      try Validators.run(
        "ansible-playbook",
        [
          "-i", "inventory.yml", "site.yml", "--limit", "proj-pg01", "-e", "ansible_connection=local",
          "-e", "ansible_python_interpreter=\(Validators.venv.appendingPathComponent("python3").path)",
          "-e", "ansible_become=false", "-e", "iacc_restart_services=false",
          "--skip-tags", "iacc-packages,iacc-users,iacc-services,iacc-compose",
        ] + extra, in: folder)
    }
    func recap(_ output: String) -> String {
      output.split(separator: "\n").last { $0.contains("changed=") }.map(String.init) ?? output
    }
    #expect(try run(["--check", "--diff"]).status == 0)
    let first = try run()
    #expect(first.status == 0, "\(first.output)")
    #expect(recap(first.output).contains("changed=4"), "\(recap(first.output))")
    let second = try run()
    #expect(second.status == 0 && recap(second.output).contains("changed=0"), "\(second.output)")
    let hosts = try String(contentsOf: root.appendingPathComponent("etc/hosts"), encoding: .utf8)
    #expect(
      hosts.hasPrefix(
        "127.0.0.1 localhost\n# BEGIN lab hosts (managed by iacc)\n10.25.10.9   mgmt-docker01.radioastronomy.io"))
    let sshd = root.appendingPathComponent("etc/ssh/sshd_config.d/10-iacc-hardening.conf")
    #expect(try String(contentsOf: sshd, encoding: .utf8).contains("PermitRootLogin no\n"))
    #expect((try FileManager.default.attributesOfItem(atPath: sshd.path)[.posixPermissions] as? Int) == 0o600)
  }
}
