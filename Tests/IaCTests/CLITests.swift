import Foundation
import IaCJSON
import Testing

/// The command line as a user meets it: exit codes, formats, explain, schema.
@Suite struct CLITests {
  @Test func cleanExampleExitsZero() throws {
    let output = try Iacc.run(["check", "examples/lab"])
    #expect(output.status == 0)
    #expect(output.stderr.isEmpty)
  }

  @Test func brokenExampleExitsOneAndMatchesTheREADME() throws {
    let output = try Iacc.run(["check", "examples/broken"])
    #expect(output.status == 1)
    TestSupport.assertGolden(
      output.stderr, TestSupport.packageRoot.appendingPathComponent("examples/broken/expected-diagnostics.txt"))
    // The README shows this output verbatim.
    let readme = try String(contentsOf: TestSupport.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
    #expect(readme.contains(output.stderr), "README.md's broken-example output is stale")
  }

  @Test func jsonFormatIsValidJSONWithLocations() throws {
    let output = try Iacc.run(["check", "--format", "json", "examples/broken"])
    #expect(output.status == 1)
    guard case .success(let document) = JSONValue.parse(output.stdout) else {
      Issue.record("not JSON: \(output.stdout)")
      return
    }
    #expect(document["version"]?.intValue == 1)
    let first = document["diagnostics"]?[0]
    #expect(first?["file"]?.stringValue == "examples/broken/lab.iac")
    #expect(first?["range"]?["start"]?["line"]?.intValue != nil)
    #expect(document["summary"]?["errors"]?.intValue == document["diagnostics"]?.arrayValue?.count)
  }

  @Test func badInvocationExitsTwo() throws {
    #expect(try Iacc.run(["check", "no/such/path.iac"]).status == 2)
    #expect(try Iacc.run(["check", "--format", "yaml", "examples/lab"]).status == 2)
    #expect(try Iacc.run(["frobnicate"]).status == 2)
    #expect(try Iacc.run(["check", "--param", "novalue", "examples/lab"]).status == 2)
  }

  @Test func singleFileAndSeveralPaths() throws {
    #expect(try Iacc.run(["check", "examples/lab/hosts.iac"]).status == 0)
    #expect(try Iacc.run(["check", "examples/lab/hosts.iac", "examples/broken/lab.iac"]).status == 1)
  }

  @Test func explainPrintsTheCatalogEntry() throws {
    let output = try Iacc.run(["explain", "E0406"])
    #expect(output.status == 0)
    #expect(output.stdout.hasPrefix("E0406: secret used as plain text"))
    #expect(output.stdout.contains("```iac"))
    #expect(try Iacc.run(["explain", "e0401"]).status == 0)
    #expect(try Iacc.run(["explain", "E9999"]).status == 2)
    let list = try Iacc.run(["explain"])
    #expect(list.stdout.split(separator: "\n").count > 30)
  }

  @Test func colourOnlyWhenAsked() throws {
    let plain = try Iacc.run(["check", "examples/broken"])
    #expect(!plain.stderr.contains("\u{1B}["))
    let forced = try Iacc.run(["check", "--color", "always", "examples/broken"])
    #expect(forced.stderr.contains("\u{1B}["))
  }

  @Test func paramFromTheCommandLine() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("iacc-param-\(getpid())")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    try "param replicas: Int\nservice a { image = \"a:1\"  replicas = replicas }\n"
      .write(to: directory.appendingPathComponent("main.iac"), atomically: true, encoding: .utf8)
    #expect(try Iacc.run(["check", "main.iac"], in: directory).status == 1)
    #expect(try Iacc.run(["check", "--param", "replicas=3", "main.iac"], in: directory).status == 0)
    let wrong = try Iacc.run(["check", "--param", "replicas=\"x\"", "main.iac"], in: directory)
    #expect(wrong.status == 1)
    #expect(wrong.stderr.contains("<--param replicas>:1:1"))
  }

  @Test func outputIsDeterministic() throws {
    let first = try Iacc.run(["check", "--format", "json", "examples/broken"])
    let second = try Iacc.run(["check", "--format", "json", "examples/broken"])
    #expect(first.stdout == second.stdout)
    let model1 = try Iacc.run(["dump", "--stage", "model", "examples/lab"])
    let model2 = try Iacc.run(["dump", "--stage", "model", "examples/lab"])
    #expect(model1.stdout == model2.stdout)
    #expect(model1.status == 0)
  }
}
