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

  /// SARIF says what the JSON format says: one result per diagnostic, at the same place, and every
  /// result's rule is the one its `ruleIndex` points at. (ValidatorTests loads it with a SARIF model.)
  @Test func sarifFormatAgreesWithTheJSONFormat() throws {
    let sarif = try Iacc.run(["check", "--format", "sarif", "examples/broken"])
    let json = try Iacc.run(["check", "--format", "json", "examples/broken"])
    #expect(sarif.status == 1)
    guard case .success(let log) = JSONValue.parse(sarif.stdout),
      case .success(let document) = JSONValue.parse(json.stdout),
      let results = log["runs"]?[0]?["results"]?.arrayValue, let diagnostics = document["diagnostics"]?.arrayValue,
      let rules = log["runs"]?[0]?["tool"]?["driver"]?["rules"]?.arrayValue
    else {
      Issue.record("not SARIF: \(sarif.stdout)")
      return
    }
    #expect(log["version"]?.stringValue == "2.1.0")
    #expect(results.count == diagnostics.count && !results.isEmpty)
    for (result, diagnostic) in zip(results, diagnostics) {
      #expect(result["ruleId"]?.stringValue == diagnostic["code"]?.stringValue)
      #expect(result["level"]?.stringValue == diagnostic["severity"]?.stringValue)
      let ruleIndex = result["ruleIndex"]?.intValue ?? -1
      #expect(rules[ruleIndex]["id"]?.stringValue == diagnostic["code"]?.stringValue)
      let location = result["locations"]?[0]?["physicalLocation"]
      #expect(location?["artifactLocation"]?["uri"]?.stringValue == diagnostic["file"]?.stringValue)
      #expect(location?["region"]?["startLine"]?.intValue == diagnostic["range"]?["start"]?["line"]?.intValue)
      #expect(location?["region"]?["startColumn"]?.intValue == diagnostic["range"]?["start"]?["column"]?.intValue)
      #expect(location?["region"]?["endColumn"]?.intValue == diagnostic["range"]?["end"]?["column"]?.intValue)
    }
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

@Suite struct BuildCommandTests {
  func temporaryFolder() -> URL {
    FileManager.default.temporaryDirectory.appendingPathComponent("iacc-build-\(UUID().uuidString)")
  }

  @Test func buildWritesTheLayoutOfTheDesign() throws {
    let out = temporaryFolder()
    defer { try? FileManager.default.removeItem(at: out) }
    let result = try Iacc.run(["build", "examples/lab", "--out", out.path])
    #expect(result.status == 0, "\(result.stderr)")
    for path in [
      "dev/compose/devtools.compose.yaml", "production/kubernetes/science/kustomization.yaml",
      "production/kubernetes/science/deployment-analysis-api.yaml", "production/ansible/inventory.yml",
      "production/ansible/site.yml",
    ] {
      #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(path).path), "\(path)")
    }
  }

  @Test func envSelectsEnvironments() throws {
    let out = temporaryFolder()
    defer { try? FileManager.default.removeItem(at: out) }
    #expect(try Iacc.run(["build", "examples/lab", "--env", "dev", "--out", out.path]).status == 0)
    #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("dev").path))
    #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("production").path))
    let unknown = try Iacc.run(["build", "examples/lab", "--env", "prod", "--out", out.path])
    #expect(unknown.status == 2)
    #expect(unknown.stderr.contains("did you mean `production`?"))
  }

  @Test func brokenProgramWritesNothing() throws {
    let out = temporaryFolder()
    defer { try? FileManager.default.removeItem(at: out) }
    #expect(try Iacc.run(["build", "examples/broken", "--out", out.path]).status == 1)
    #expect(!FileManager.default.fileExists(atPath: out.path))
  }

  @Test func dumpPrintsEachStage() throws {
    let graph = try Iacc.run(["dump", "--stage", "graph", "examples/lab"])
    #expect(graph.status == 0)
    #expect(graph.stdout.contains("kubernetes namespace science: analysis-api"))
    let compose = try Iacc.run(["dump", "--stage", "compose", "--env", "dev", "examples/lab"])
    #expect(compose.stdout.hasPrefix("# ==> dev/compose/devtools.compose.yaml <=="))
    #expect(!compose.stdout.contains("production/"))
    let kubernetes = try Iacc.run(["dump", "--stage", "kubernetes", "examples/lab"])
    #expect(kubernetes.stdout.contains("kind: Deployment"))
    let ansible = try Iacc.run(["dump", "--stage", "ansible", "examples/lab"])
    #expect(ansible.stdout.contains("ansible.builtin.copy"))
  }
}
