import Foundation
import IaCDriver
import Testing

/// Every generated file of every example goes through the real tools: yamllint, the compose-spec
/// schema, kubernetes-validate (strict), kustomize, ansible-inventory, the inventory schema,
/// ansible-playbook --syntax-check and ansible-lint (production profile). Zero findings.
@Suite(.serialized) struct ValidatorTests {
  static let programs = ["examples/research-lab", "examples/lab", "Tests/IaCTests/Fixtures/programs/coverage"]

  /// Builds a program into a fresh temporary folder with the real binary.
  static func build(_ program: String) throws -> URL {
    let out = FileManager.default.temporaryDirectory.appendingPathComponent("iacc-validate-\(UUID().uuidString)")
    let result = try Iacc.run(["build", program, "--out", out.path])
    #expect(result.status == 0, "\(result.stderr)")
    return out
  }

  static func files(under root: URL, _ predicate: (String) -> Bool) -> [String] {
    let enumerator = FileManager.default.enumerator(atPath: root.path)
    var found: [String] = []
    while let path = enumerator?.nextObject() as? String {
      let isFile = (enumerator?.fileAttributes?[.type] as? FileAttributeType) == .typeRegular
      if isFile && predicate(path) { found.append(path) }
    }
    return found.sorted()
  }

  func requireValidators() throws -> Bool {
    if Validators.available { return true }
    if Validators.skipRequested { return false }
    Issue.record(
      "validators missing: run `make test` (it runs scripts/setup-validators.sh), or set IACC_SKIP_VALIDATORS=1")
    return false
  }

  @Test(arguments: programs)
  func yamllintAcceptsEveryFile(_ program: String) throws {
    guard try requireValidators() else { return }
    let out = try Self.build(program)
    defer { try? FileManager.default.removeItem(at: out) }
    let files = Self.files(under: out) { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
    #expect(!files.isEmpty)
    let result = try Validators.run(
      "yamllint", ["-s", "-f", "parsable", "-d", Validators.yamllintConfig] + files, in: out)
    #expect(result.status == 0, "\(result.output)")
  }

  @Test(arguments: programs)
  func composeFilesMatchTheComposeSpec(_ program: String) throws {
    guard try requireValidators() else { return }
    let out = try Self.build(program)
    defer { try? FileManager.default.removeItem(at: out) }
    let files = Self.files(under: out) { $0.contains("/compose/") }
    #expect(!files.isEmpty)
    let result = try Validators.run("check-jsonschema", ["--builtin-schema", "vendor.compose-spec"] + files, in: out)
    #expect(result.status == 0, "\(result.output)")
  }

  @Test(arguments: programs)
  func kubernetesObjectsValidateStrictly(_ program: String) throws {
    guard try requireValidators() else { return }
    let out = try Self.build(program)
    defer { try? FileManager.default.removeItem(at: out) }
    let objects = Self.files(under: out) { $0.contains("/kubernetes/") && !$0.hasSuffix("kustomization.yaml") }
    #expect(!objects.isEmpty)
    let result = try Validators.run("kubernetes-validate", ["--strict", "--quiet", "-k", "1.32.0"] + objects, in: out)
    #expect(result.status == 0, "\(result.output)")
    // An unknown kind or API only warns, with exit status 0: treat any warning as a failure.
    #expect(!result.output.contains("Couldn't find schema") && !result.output.contains("WARN"), "\(result.output)")
  }

  @Test(arguments: programs)
  func kustomizationsBuild(_ program: String) throws {
    guard try requireValidators(), FileManager.default.isExecutableFile(atPath: "/usr/bin/kubectl") else { return }
    let out = try Self.build(program)
    defer { try? FileManager.default.removeItem(at: out) }
    for kustomization in Self.files(under: out, { $0.hasSuffix("kustomization.yaml") }) {
      let folder = out.appendingPathComponent(kustomization).deletingLastPathComponent()
      let built = try Command.run("/usr/bin/kubectl", ["kustomize", folder.path], in: out)
      #expect(built.status == 0, "\(built.output)")
      let listed = Self.files(under: folder) { $0.hasSuffix(".yaml") && $0 != "kustomization.yaml" }.count
      #expect(
        built.output.components(separatedBy: "\n---\n").count == listed, "every object file is in the kustomization")
    }
  }

  @Test(arguments: programs)
  func inventoriesParseWithoutWarnings(_ program: String) throws {
    guard try requireValidators() else { return }
    let out = try Self.build(program)
    defer { try? FileManager.default.removeItem(at: out) }
    let inventories = Self.files(under: out) { $0.hasSuffix("inventory.yml") }
    #expect(!inventories.isEmpty)
    let schema = Validators.venv.deletingLastPathComponent()
      .appendingPathComponent("lib/python3.11/site-packages/ansiblelint/schemas/inventory.json")
    for inventory in inventories {
      let listed = try Validators.run(
        "ansible-inventory", ["-i", inventory, "--list"], in: out,
        environment: ["ANSIBLE_INVENTORY_UNPARSED_FAILED": "true", "ANSIBLE_INVENTORY_ANY_UNPARSED_IS_FAILED": "true"])
      #expect(listed.status == 0, "\(listed.output)")
      #expect(!listed.output.contains("[WARNING]"), "\(listed.output)")
      // The schema check reads plain YAML: convert first (`!unsafe` is an Ansible tag).
      let json = out.appendingPathComponent(inventory + ".json")
      let convert = try Validators.run(
        "python3",
        [
          "-c",
          "import json,sys,yaml\nyaml.SafeLoader.add_constructor('!unsafe', lambda l, n: l.construct_scalar(n))\njson.dump(yaml.safe_load(open(sys.argv[1])), open(sys.argv[2], 'w'))",
          inventory, json.path,
        ], in: out)
      #expect(convert.status == 0, "\(convert.output)")
      if FileManager.default.fileExists(atPath: schema.path) {
        let checked = try Validators.run("check-jsonschema", ["--schemafile", schema.path, json.path], in: out)
        #expect(checked.status == 0, "\(checked.output)")
      }
    }
  }

  @Test(arguments: programs)
  func playbooksPassSyntaxCheckAndAnsibleLint(_ program: String) throws {
    guard try requireValidators() else { return }
    let out = try Self.build(program)
    defer { try? FileManager.default.removeItem(at: out) }
    let playbooks = Self.files(under: out) { $0.hasSuffix("site.yml") }
    #expect(!playbooks.isEmpty)
    for playbook in playbooks {
      let folder = out.appendingPathComponent(playbook).deletingLastPathComponent()
      let syntax = try Validators.run(
        "ansible-playbook", ["--syntax-check", "-i", "inventory.yml", "site.yml"], in: folder,
        environment: ["ANSIBLE_INVENTORY_UNPARSED_FAILED": "true"])
      #expect(syntax.status == 0, "\(syntax.output)")
      let lint = try Validators.run(
        "ansible-lint",
        [
          "--offline", "--profile", "production", "--strict", "--enable-list", "args", "-f", "pep8", "--nocolor",
          "--project-dir", ".", "site.yml",
        ],
        in: folder)
      #expect(lint.status == 0, "\(lint.output)")
    }
  }

  /// `iacc check --format sarif` loads into sarif-pydantic's SARIF 2.1.0 model (an independent reading
  /// of the standard), for a program with errors, notes and fix-its and for a clean one.
  @Test(arguments: ["examples/broken", "Tests/IaCTests/Fixtures/diagnostics/names.iac", "examples/lab"])
  func sarifLoadsAsSARIF(_ program: String) throws {
    guard try requireValidators() else { return }
    let output = try Iacc.run(["check", "--format", "sarif", program])
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("iacc-\(UUID().uuidString).sarif")
    defer { try? FileManager.default.removeItem(at: file) }
    try output.stdout.write(to: file, atomically: true, encoding: .utf8)
    let script = """
      import sys
      from sarif_pydantic import Sarif
      log = Sarif.model_validate_json(open(sys.argv[1]).read())
      run = log.runs[0]
      first = run.results[0].locations[0].physical_location.region.start_line if run.results else 0
      print(len(run.results or []), len(run.tool.driver.rules or []), first)
      """
    let loaded = try Validators.run("python", ["-c", script, file.path], in: TestSupport.packageRoot)
    #expect(loaded.status == 0, "\(loaded.stderr)")
    let counts = loaded.stdout.split(separator: " ")
    #expect(counts.count == 3 && (program == "examples/lab") == (counts.first == "0"), "\(loaded.stdout)")
  }
}
