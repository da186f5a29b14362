import Foundation
import IaCBasics
import IaCDriver
import IaCJSON
import Testing

@testable import IaCPlan

/// `iacc plan` and `iacc build` against an output folder, through the real binary: the plan for
/// each situation, what is written, and what is refused.
@Suite(.serialized) struct PlanTests {
  /// A scratch project: the lab example copied, built into `out/`.
  struct Project {
    let root: URL
    var src: URL { root.appendingPathComponent("src") }
    var out: URL { root.appendingPathComponent("out") }

    init() throws {
      root = FileManager.default.temporaryDirectory.appendingPathComponent("iacc-plan-\(UUID().uuidString)")
      try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
      try FileManager.default.copyItem(at: TestSupport.packageRoot.appendingPathComponent("examples/lab"), to: src)
    }

    func iacc(_ arguments: [String]) throws -> Iacc.Output { try Iacc.run(arguments, in: root) }
    func plan() throws -> Iacc.Output { try iacc(["plan", "src"]) }
    func build(_ extra: [String] = []) throws -> Iacc.Output { try iacc(["build", "src"] + extra) }

    func edit(_ file: String, _ old: String, _ new: String) throws {
      let url = src.appendingPathComponent(file)
      let text = try String(contentsOf: url, encoding: .utf8)
      #expect(text.contains(old), "fixture changed: \(old)")
      try text.replacingOccurrences(of: old, with: new).write(to: url, atomically: true, encoding: .utf8)
    }

    /// What a person does to a generated file: appends a line to it.
    func editByHand(_ path: String) throws {
      try (try read(path) + "# my change\n").write(
        to: out.appendingPathComponent(path), atomically: true, encoding: .utf8)
    }

    func read(_ path: String) throws -> String {
      try String(contentsOf: out.appendingPathComponent(path), encoding: .utf8)
    }
    func exists(_ path: String) -> Bool {
      FileManager.default.fileExists(atPath: out.appendingPathComponent(path).path)
    }

    /// Every file under out/ with its modification time.
    func snapshot() -> [String: Date] {
      var result: [String: Date] = [:]
      for path in ValidatorTests.files(under: out, { _ in true }) + [".iacc-manifest.json"] {
        let attributes = try? FileManager.default.attributesOfItem(atPath: out.appendingPathComponent(path).path)
        result[path] = attributes?[.modificationDate] as? Date
      }
      return result
    }

    func remove() { try? FileManager.default.removeItem(at: root) }
  }

  @Test func emptyOutputFolderPlansEveryFileAsCreate() throws {
    let project = try Project()
    defer { project.remove() }
    let plan = try project.plan()
    #expect(plan.status == 0)
    #expect(plan.stdout.hasSuffix("Plan: 14 to create, 0 to update, 0 to delete, 0 conflicts.\n"))
    #expect(plan.stdout.contains("+ production/kubernetes/science/deployment-analysis-api.yaml"))
    #expect(!project.exists(""), "plan writes nothing")
    let build = try project.build()
    #expect(build.status == 0)
    #expect(build.stdout.contains("Applied: 14 written, 0 deleted"))
    let manifest = try #require(
      FileManager.default.contents(atPath: project.out.appendingPathComponent(".iacc-manifest.json").path))
    guard case .success(let parsed) = BuildManifest.parse([UInt8](manifest)) else {
      Issue.record("manifest does not parse")
      return
    }
    #expect(parsed.entries.count == 14)
    let entry = try #require(parsed.entry("production/kubernetes/science/deployment-analysis-api.yaml"))
    #expect(entry.sha256 == SHA256.hex(Array(try project.read(entry.path).utf8)))
    #expect(
      entry.sources.contains { $0.file == "src/science.iac" && $0.line == 15 && $0.resource == "service analysis-api" })
  }

  @Test func nothingChangedWritesNothing() throws {
    let project = try Project()
    defer { project.remove() }
    _ = try project.build()
    let before = project.snapshot()
    Thread.sleep(forTimeInterval: 0.02)
    let plan = try project.plan()
    #expect(plan.stdout.contains("No changes: 14 generated files are up to date."))
    #expect(plan.stdout.hasSuffix("Plan: 0 to create, 0 to update, 0 to delete, 0 conflicts.\n"))
    let build = try project.build()
    #expect(build.status == 0)
    #expect(project.snapshot() == before, "an up-to-date build must not touch any file")
    #expect(try project.build(["--check"]).status == 0)
  }

  @Test func oneFieldChangedShowsAStructuralDiff() throws {
    let project = try Project()
    defer { project.remove() }
    _ = try project.build()
    try project.edit("science.iac", "analysis-api:2.3.1", "analysis-api:2.3.2")
    let plan = try project.plan()
    #expect(plan.stdout.contains("~ production/kubernetes/science/deployment-analysis-api.yaml"))
    #expect(plan.stdout.contains("~ Deployment science/analysis-api"))
    #expect(
      plan.stdout.contains(
        "spec.template.spec.containers[analysis-api].image: \"registry.radioastronomy.io/science/analysis-api:2.3.1\" → \"registry.radioastronomy.io/science/analysis-api:2.3.2\""
      ))
    #expect(plan.stdout.contains("~ compose service science/analysis-api"))
    #expect(plan.stdout.hasSuffix("Plan: 0 to create, 2 to update, 0 to delete, 0 conflicts.\n"))
    let check = try project.build(["--check", "--format", "github"])
    #expect(check.status == 1)
    #expect(
      check.stdout.contains(
        "::error file=src/science.iac,line=15::production/kubernetes/science/deployment-analysis-api.yaml is stale"))
    #expect(try project.build().status == 0)
    #expect(
      try project.read("production/kubernetes/science/deployment-analysis-api.yaml").contains("analysis-api:2.3.2"))
  }

  @Test func envMatchingIsByNameNotPosition() throws {
    let project = try Project()
    defer { project.remove() }
    _ = try project.build()
    try project.edit(
      "science.iac", "    LOG_LEVEL: analysis-settings.data.LOG_LEVEL,\n",
      "    EXTRA: \"1\",\n    LOG_LEVEL: analysis-settings.data.LOG_LEVEL,\n")
    let plan = try project.plan()
    #expect(plan.stdout.contains("+ spec.template.spec.containers[analysis-api].env[EXTRA]: {name, value}"))
    #expect(!plan.stdout.contains("env[LOG_LEVEL]"), "moving an element is not a change to it")
  }

  @Test func renamedResourceIsDeletedAndCreated() throws {
    let project = try Project()
    defer { project.remove() }
    _ = try project.build()
    try project.edit("science.iac", "service analysis-api {", "service analysis {")
    try project.edit("science.iac", "services = [analysis-api]", "services = [analysis]")
    let plan = try project.plan()
    #expect(plan.stdout.contains("- production/kubernetes/science/deployment-analysis-api.yaml  (no longer generated)"))
    #expect(plan.stdout.contains("+ production/kubernetes/science/deployment-analysis.yaml"))
    #expect(try project.build().status == 0)
    #expect(!project.exists("production/kubernetes/science/deployment-analysis-api.yaml"))
    #expect(project.exists("production/kubernetes/science/deployment-analysis.yaml"))
  }

  @Test func removedResourceDeletesItsFilesAndEmptyFolders() throws {
    let project = try Project()
    defer { project.remove() }
    _ = try project.build()
    try project.edit("environments.iac", "science: compose(proj-dev01) }", "}")
    try project.edit("environments.iac", "    science: kubernetes(namespace: \"science\"),\n", "")
    let plan = try project.plan()
    #expect(plan.stdout.contains("to delete"))
    #expect(try project.build().status == 0)
    #expect(!project.exists("production/kubernetes"), "empty folders go with their files")
    #expect(!project.exists("dev/compose/science.compose.yaml"))
  }

  @Test func handEditedFileIsAConflictAndNothingIsWritten() throws {
    let project = try Project()
    defer { project.remove() }
    _ = try project.build()
    try project.editByHand("production/ansible/site.yml")
    try project.edit(
      "science.iac", "replicas = by_env { production: 3, default: 1 }",
      "replicas = by_env { production: 4, default: 1 }")
    let before = project.snapshot()
    let build = try project.build()
    #expect(build.status == 3)
    #expect(build.stdout.contains("! production/ansible/site.yml  (edited by hand since the last build)"))
    #expect(build.stdout.contains("1 conflict."))
    #expect(project.snapshot() == before, "nothing is written when there is a conflict")
    #expect(try project.read("production/ansible/site.yml").hasSuffix("# my change\n"))
    #expect(try project.build(["--check"]).status == 1)
    let forced = try project.build(["--force"])
    #expect(forced.status == 0)
    #expect(!(try project.read("production/ansible/site.yml").contains("# my change")))
    #expect(try project.read("production/kubernetes/science/deployment-analysis-api.yaml").contains("replicas: 4"))
  }

  @Test func aRefusedBuildLeavesNoStagedFileOrNewFolder() throws {
    // The build writes new files into their temporary files while it plans; a conflict must
    // take them back, and the folder made for a new namespace with them.
    let project = try Project()
    defer { project.remove() }
    _ = try project.build()
    try project.editByHand("production/ansible/site.yml")
    try project.edit("environments.iac", "kubernetes(namespace: \"science\")", "kubernetes(namespace: \"science-two\")")
    let before = project.snapshot()
    let build = try project.build()
    #expect(build.status == 3)
    #expect(build.stdout.contains("+ production/kubernetes/science-two/"))
    #expect(project.snapshot() == before, "no file, temporary or not, is left behind")
    #expect(!project.exists("production/kubernetes/science-two"), "nor the folder made for the new files")
    let forced = try project.build(["--force"])
    #expect(forced.status == 0)
    #expect(project.exists("production/kubernetes/science-two/kustomization.yaml"))
    #expect(!project.exists("production/kubernetes/science"))
    #expect(ValidatorTests.files(under: project.out) { $0.contains(".iacc-tmp-") }.isEmpty)
  }

  @Test func aBuildThatCannotStageItsFilesChangesNothing() throws {
    // A file where a new folder must go: staging fails part-way; what was staged is taken back.
    let project = try Project()
    defer { project.remove() }
    _ = try project.build()
    try project.edit("environments.iac", "kubernetes(namespace: \"science\")", "kubernetes(namespace: \"science-two\")")
    try "mine\n".write(
      to: project.out.appendingPathComponent("production/kubernetes/science-two"), atomically: true, encoding: .utf8)
    try project.edit("science.iac", "replicas = by_env { production: 3, default: 1 }", "replicas = 2")
    let before = project.snapshot()
    let build = try project.build()
    #expect(build.status == 1)
    #expect(build.stderr.contains("production/kubernetes/science-two"), "\(build.stderr)")
    #expect(project.snapshot() == before, "nothing written, nothing staged left behind")
    #expect(try project.read("production/kubernetes/science-two") == "mine\n")
  }

  @Test func generatedFileDeletedByHandIsCreatedAgain() throws {
    let project = try Project()
    defer { project.remove() }
    _ = try project.build()
    try FileManager.default.removeItem(at: project.out.appendingPathComponent("dev/compose/devtools.compose.yaml"))
    let plan = try project.plan()
    #expect(plan.stdout.contains("+ dev/compose/devtools.compose.yaml  (deleted by hand since the last build)"))
    #expect(try project.build().status == 0)
    #expect(project.exists("dev/compose/devtools.compose.yaml"))
  }

  @Test func unrelatedFilesAreLeftAlone() throws {
    let project = try Project()
    defer { project.remove() }
    _ = try project.build()
    try FileManager.default.createDirectory(
      at: project.out.appendingPathComponent("notes"), withIntermediateDirectories: true)
    try "mine\n".write(to: project.out.appendingPathComponent("notes/todo.txt"), atomically: true, encoding: .utf8)
    try "mine\n".write(
      to: project.out.appendingPathComponent("dev/compose/extra.yaml"), atomically: true, encoding: .utf8)
    try project.edit("environments.iac", "    science: kubernetes(namespace: \"science\"),\n", "")
    #expect(try project.build().status == 0)
    #expect(try String(contentsOf: project.out.appendingPathComponent("notes/todo.txt"), encoding: .utf8) == "mine\n")
    #expect(project.exists("dev/compose/extra.yaml"))
    #expect(!(try project.plan().stdout.contains("notes/")))
  }

  @Test func fileInTheWayThatIacсDidNotWriteIsAConflict() throws {
    let project = try Project()
    defer { project.remove() }
    try FileManager.default.createDirectory(
      at: project.out.appendingPathComponent("dev/compose"), withIntermediateDirectories: true)
    try "mine\n".write(
      to: project.out.appendingPathComponent("dev/compose/devtools.compose.yaml"), atomically: true, encoding: .utf8)
    let build = try project.build()
    #expect(build.status == 3)
    #expect(build.stdout.contains("(the file exists but iacc did not generate it)"))
    #expect(try project.read("dev/compose/devtools.compose.yaml") == "mine\n")
  }

  @Test(arguments: [
    "{ not json", "{\"format_version\": 99, \"files\": []}",
    "{\"format_version\": 1, \"files\": [{\"path\": \"../../etc/passwd\", \"sha256\": \"x\"}]}",
  ])
  func corruptOrFutureManifestIsAClearErrorAndNothingIsDeleted(_ manifest: String) throws {
    let project = try Project()
    defer { project.remove() }
    _ = try project.build()
    try project.edit("environments.iac", "    science: kubernetes(namespace: \"science\"),\n", "")
    try manifest.write(to: project.out.appendingPathComponent(".iacc-manifest.json"), atomically: true, encoding: .utf8)
    let before = project.snapshot()
    let build = try project.build()
    #expect(build.status == 1)
    #expect(build.stderr.contains(".iacc-manifest.json"))
    #expect(build.stderr.contains("nothing was changed"))
    #expect(project.snapshot() == before)
    #expect(project.exists("production/kubernetes/science/deployment-analysis-api.yaml"))
  }

  @Test func dryRunAndEnvironmentScope() throws {
    let project = try Project()
    defer { project.remove() }
    #expect(try project.build(["--dry-run"]).status == 0)
    #expect(!project.exists(""))
    _ = try project.build(["--env", "dev"])
    #expect(project.exists("dev/compose/devtools.compose.yaml") && !project.exists("production"))
    // Building only production keeps dev's files.
    _ = try project.build(["--env", "production"])
    #expect(project.exists("dev/compose/devtools.compose.yaml") && project.exists("production/ansible/site.yml"))
  }

  @Test func planAsJSON() throws {
    let project = try Project()
    defer { project.remove() }
    _ = try project.build()
    try project.edit("science.iac", "analysis-api:2.3.1", "analysis-api:2.3.2")
    let output = try project.iacc(["plan", "src", "--json"])
    guard case .success(let json) = IaCJSONParse.parse(output.stdout) else {
      Issue.record("not JSON: \(output.stdout)")
      return
    }
    #expect(json["version"]?.intValue == 1)
    #expect(json["summary"]?["update"]?.intValue == 2)
    let files = json["files"]?.arrayValue ?? []
    let deployment = files.first {
      $0["path"]?.stringValue == "production/kubernetes/science/deployment-analysis-api.yaml"
    }
    #expect(deployment?["action"]?.stringValue == "update")
    #expect(deployment?["resources"]?[0]?["resource"]?.stringValue == "Deployment science/analysis-api")
    #expect(
      deployment?["resources"]?[0]?["fields"]?[0]?["path"]?.stringValue
        == "spec.template.spec.containers[analysis-api].image")
  }

  @Test func diffBetweenEnvironments() throws {
    let output = try Iacc.run(["diff", "--env", "dev", "--env", "production", "examples/lab"])
    #expect(output.status == 0)
    #expect(
      output.stdout.contains(
        "service gitea\n    env.GITEA__server__DOMAIN: (unset) | \"git.radioastronomy.io\"\n    resources.limits.memory: 1Gi | 2Gi\n    replicas: 1 | 2\n"
      ))
    #expect(try Iacc.run(["diff", "--env", "dev", "examples/lab"]).status == 2)
  }

  @Test func graphAsDotRendersWithGraphviz() throws {
    let output = try Iacc.run(["graph", "--env", "production", "examples/lab"])
    #expect(output.status == 0)
    #expect(output.stdout.hasPrefix("digraph iacc {"))
    #expect(output.stdout.contains("\"production/service/gitea\" -> \"production/volume/gitea-data\""))
    if FileManager.default.isExecutableFile(atPath: "/usr/bin/dot") {
      let file = FileManager.default.temporaryDirectory.appendingPathComponent("iacc-\(UUID().uuidString).dot")
      defer { try? FileManager.default.removeItem(at: file) }
      try output.stdout.write(to: file, atomically: true, encoding: .utf8)
      let rendered = try Command.run("/usr/bin/dot", ["-Tsvg", file.path], in: TestSupport.packageRoot)
      #expect(rendered.status == 0 && rendered.output.contains("<svg"), "\(rendered.output.prefix(300))")
    }
    let json = try Iacc.run(["graph", "--format", "json", "examples/lab"])
    #expect(json.stdout.contains("\"kind\": \"depends_on\"") || json.stdout.contains("\"edges\""))
  }
}

enum IaCJSONParse {
  static func parse(_ text: String) -> Result<JSONValue, JSONParseError> { JSONValue.parse(text) }
}

@Suite struct DocumentationArtifactTests {
  /// The README shows docs/lab-graph.png, rendered from docs/lab-graph.dot with Debian's graphviz
  /// (`dot -Tpng -Gdpi=80 docs/lab-graph.dot -o docs/lab-graph.png`); the DOT must be current.
  @Test func committedGraphIsCurrent() throws {
    let output = try Iacc.run(["graph", "--env", "production", "examples/lab"])
    let committed = try String(
      contentsOf: TestSupport.packageRoot.appendingPathComponent("docs/lab-graph.dot"), encoding: .utf8)
    #expect(output.stdout == committed, "regenerate docs/lab-graph.dot and docs/lab-graph.png")
  }

  @Test(arguments: ["examples/lab/.github/workflows/iacc.yaml", "examples/lab/.gitea/workflows/iacc.yaml"])
  func ciWorkflowsAreValid(_ path: String) throws {
    guard Validators.available else {
      if !Validators.skipRequested { Issue.record("validators missing: run `make test`") }
      return
    }
    let result = try Validators.run(
      "check-jsonschema", ["--builtin-schema", "vendor.github-workflows", path], in: TestSupport.packageRoot)
    #expect(result.status == 0, "\(result.output)")
    #expect(
      try String(contentsOf: TestSupport.packageRoot.appendingPathComponent(path), encoding: .utf8).contains(
        "iacc build --check --format github"))
  }
}

/// The write-ahead manifest after a build was killed half-way: a second build killed the same way
/// must still recognise every file it has not replaced yet (found by the crash test).
@Suite struct WriteAheadTests {
  @Test func aResumedBuildRecordsTheHashStillOnDisk() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("iacc-ahead-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: root) }
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    let old = Array("old\n".utf8)
    let new = Array("new\n".utf8)
    try Data(old).write(to: root.appendingPathComponent("a.yaml"))
    // The first build wrote its write-ahead manifest and was killed before replacing a.yaml.
    let killed = BuildManifest(
      iaccVersion: "test",
      entries: [.init(path: "a.yaml", sha256: SHA256.hex(new), previousSHA256: SHA256.hex(old), sources: [])])
    try Data(killed.serialized()).write(to: root.appendingPathComponent(".iacc-manifest.json"))

    let plan = try Planner.plan(
      [DesiredFile(path: "a.yaml", bytes: new, sources: [])], root: root.path, iaccVersion: "test")
    #expect(plan.changes.map(\.action) == [.update], "the half-built file is iacc's own, not a conflict")
    let writes = plan.changes.indices.filter { plan.changes[$0].action == .update }
    let ahead = WriteAheadManifest(plan, final: plan.manifest, writeIndices: writes, deleted: [])
    #expect(ahead.manifest.entry("a.yaml")?.previousSHA256 == SHA256.hex(old))
    #expect(!ahead.isFinal)
  }
}

/// A plan's files are made on every core; when several fail, the plan reports the failure of the
/// lowest-numbered one, whichever thread finds it first.
@Suite struct PlanFailureOrderTests {
  struct Numbered: Error, Equatable { let index: Int }

  @Test(arguments: 0..<20) func theLowestNumberedFailureIsReported(seed: UInt64) {
    var generator = PropertyTests.SeededGenerator(state: seed &+ 77)
    let failing = Set(
      (0..<Int.random(in: 1...50, using: &generator)).map { _ in Int.random(in: 0..<2_000, using: &generator) })
    let failures = FirstFailure()
    _ = Parallel.map(2_000) { index in if failing.contains(index) { failures.record(Numbered(index: index), at: index) }
    }
    #expect(failures.first as? Numbered == Numbered(index: failing.min()!))
  }

  @Test func sortednessIsTestedByKey() {
    #expect(["a", "b", "b", "c"].isSorted(by: { $0 }))
    #expect(![3, 1, 2].isSorted(by: { $0 }))
    #expect([Int]().isSorted(by: { $0 }))
  }
}

/// The write-ahead manifest is made entry by entry as it is written. Against a hand-checked
/// expectation: a build that keeps one file, replaces one, creates one and deletes one lists all
/// four, the replaced one with the hash it has on disk and the deleted one as it was; streamed, it
/// is the same bytes as written whole.
@Suite struct WriteAheadStreamingTests {
  @Test func everyFileIsListedWithTheHashOnDisk() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("iacc-stream-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: root) }
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    func file(_ path: String, _ text: String) -> DesiredFile {
      DesiredFile(path: path, bytes: Array(text.utf8), sources: [])
    }
    let first = try Planner.plan(
      [file("a.yaml", "a\n"), file("b.yaml", "b\n"), file("c.yaml", "c\n")], root: root.path, iaccVersion: "test")
    let firstWrites = Array(first.changes.indices)
    #expect(WriteAheadManifest(first, final: first.manifest, writeIndices: firstWrites, deleted: []).isFinal)
    _ = try PlanApplier.apply(first, force: false)

    let second = try Planner.plan(
      [file("a.yaml", "a\n"), file("b.yaml", "b2\n"), file("d.yaml", "d\n")], root: root.path, iaccVersion: "test")
    #expect(second.changes.map(\.action) == [.unchanged, .update, .delete, .create])
    var final = second.manifest
    final.entries.removeAll { $0.path == "c.yaml" }
    let ahead = WriteAheadManifest(second, final: final, writeIndices: [1, 3], deleted: ["c.yaml"])
    #expect(!ahead.isFinal)
    let hash = { (text: String) in SHA256.hex(Array(text.utf8)) }
    #expect(
      ahead.manifest.entries == [
        .init(path: "a.yaml", sha256: hash("a\n"), sources: []),
        .init(path: "b.yaml", sha256: hash("b2\n"), previousSHA256: hash("b\n"), sources: []),
        .init(path: "c.yaml", sha256: hash("c\n"), sources: []),
        .init(path: "d.yaml", sha256: hash("d\n"), sources: []),
      ])
    var streamed: [UInt8] = []
    ahead.serialize { streamed += $0 }
    #expect(streamed == ahead.manifest.serialized())

    // The plan's text in pieces is the same text.
    var pieces: [String] = []
    PlanRenderer.text(second, useColor: false, pieceSize: 1) { pieces.append($0) }
    #expect(pieces.count == 3)  // one piece per file shown, the last with the summary
    #expect(
      pieces.joined() == """
        ~ b.yaml
            ~ document
                : "b" → "b2"
        - c.yaml  (no longer generated)
        + d.yaml
        Plan: 1 to create, 1 to update, 1 to delete, 0 conflicts.

        """)
    #expect(pieces.joined() == PlanRenderer.text(second, useColor: false))

    // A file that lists many resources (a compose file's services) is shown in pieces too: a
    // piece ends after the resource that fills it.
    var many = second
    many.changes[1].resources = (0..<50).map {
      ResourceDiff(
        change: .changed, resource: "compose service lab/s\($0)",
        fields: [FieldChange(path: "image", old: "a:1", new: "a:2")])
    }
    var manyPieces: [String] = []
    PlanRenderer.text(many, useColor: false, pieceSize: 100) { manyPieces.append($0) }
    #expect(manyPieces.count > 20)
    #expect(manyPieces.allSatisfy { $0.utf8.count < 100 + 64 })
    #expect(manyPieces.joined().contains("    ~ compose service lab/s49\n        image: a:1 → a:2\n"))

    // The JSON plan file by file, in pieces of any size, against jansson writing it whole: for
    // this plan, the first one (nothing but creations), an empty one and one whose update lists
    // no resource.
    var empty = second
    empty.changes = []
    var sameYAML = second
    sameYAML.changes[1].resources = []
    for plan in [second, first, empty, sameYAML] {
      let whole = Array((PlanRenderer.json(plan).serialized(.pretty) + "\n").utf8)
      for pieceSize in [1, 7, 1 << 16] {
        var streamed: [UInt8] = []
        PlanRenderer.writeJSON(plan, pieceSize: pieceSize) { streamed += $0 }
        #expect(streamed == whole, "pieces of \(pieceSize)")
      }
    }
  }
}

/// Leftover temporary files are found among a folder's names without listing them as strings:
/// only other processes' are leftovers, sorted.
@Suite struct LeftoverTests {
  @Test func onlyOtherProcessesTemporaryFilesAreLeftovers() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("iacc-leftovers-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: root) }
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    let own = ProcessInfo.processInfo.processIdentifier
    let names = [
      ".b.yaml.iacc-tmp-1", ".a.yaml.iacc-tmp-2", ".c.yaml.iacc-tmp-\(own)", "a.yaml", ".hidden", "x.iacc-tmp-3",
    ]
    for name in names { try Data().write(to: root.appendingPathComponent(name)) }
    #expect(PlanApplier.leftovers(in: root.path) == [".a.yaml.iacc-tmp-2", ".b.yaml.iacc-tmp-1"])
    var seen: [String] = []
    FileSystem.forEachName(in: root.path) { seen.append(String(decoding: $0, as: UTF8.self)) }
    #expect(seen.sorted() == names.sorted())
    #expect(FileSystem.listDirectory(root.path) == names.sorted())
  }
}
