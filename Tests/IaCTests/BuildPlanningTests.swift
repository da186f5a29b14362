import Foundation
import IaCTargets
import IaCYAML
import Testing

@testable import IaCDriver

/// A build plans each file once and lets it go: the closures that make a file's YAML, and what
/// they read, need not live until the whole plan is done.
@Suite struct BuildPlanningTests {
  final class Canary: Sendable {}

  static func file(_ path: String, holding canary: Canary) -> GeneratedFile {
    GeneratedFile(path: path, sources: []) {
      withExtendedLifetime(canary) {}
      return [.map([("path", .string(path))])]
    }
  }

  /// The workflow-command escaping, checked by hand against the format GitHub documents: a
  /// CR LF pair (one `Character` in Swift) is two escapes, as CR and LF alone are.
  @Test func annotationsEscapeEveryLineBreak() {
    #expect(BuildPlanning.escape("a\r\nb\rc\nd%e:f,g", property: false) == "a%0D%0Ab%0Dc%0Ad%25e:f,g")
    #expect(BuildPlanning.escape("dir, x:y\r\n", property: true) == "dir%2C x%3Ay%0D%0A")
  }

  @Test func aTakenFileIsHeldOnlyByItsTaker() {
    weak var first: Canary?
    weak var second: Canary?
    var files: [GeneratedFile] = []
    do {
      let one = Canary()
      let two = Canary()
      (first, second) = (one, two)
      files = [Self.file("a.yaml", holding: one), Self.file("b.yaml", holding: two)]
    }
    let slots = GeneratedFileSlots(taking: &files)
    #expect(files.isEmpty)
    do {
      let taken = slots.take(0)
      #expect(taken.path == "a.yaml")
      #expect(first != nil)
    }
    // Planned and dropped: gone, while the slots (and the other file) remain.
    #expect(first == nil)
    #expect(second != nil)
    withExtendedLifetime(slots) {}
  }

  @Test func planningTakesTheFilesAndTheGraphs() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("iacc-take-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    var result = try Pipeline.build([TestSupport.packageRoot.appendingPathComponent("examples/lab").path])
    let paths = result.files.map(\.path)
    #expect(!paths.isEmpty && !result.deployments.isEmpty && !result.check.model.environments.isEmpty)
    let plan = try BuildPlanning.plan(taking: &result, out: folder.path, environments: [])
    #expect(plan.changes.map(\.path) == paths)
    #expect(plan.changes.allSatisfy { $0.action == .create && $0.bytes == nil })
    #expect(result.files.isEmpty && result.deployments.isEmpty)
    #expect(!result.check.model.environments.isEmpty)
  }

  /// A build keeps no edges once the graph's checks have run; the files are the same as those of
  /// a build that keeps them (for `iacc graph`), byte for byte.
  @Test func aBuildWithoutEdgesMakesTheSameFiles() throws {
    let lab = [TestSupport.packageRoot.appendingPathComponent("examples/lab").path]
    let keeping = try Pipeline.build(lab)
    let dropping = try Pipeline.build(lab, keepingEdges: false)
    #expect(keeping.deployments.contains { !$0.graph.edges.isEmpty })
    #expect(dropping.deployments.allSatisfy { $0.graph.edges.isEmpty })
    #expect(dropping.deployments.map(\.name) == keeping.deployments.map(\.name))
    #expect(try dropping.files.map { try $0.render() } == keeping.files.map { try $0.render() })
    #expect(dropping.files.map(\.path) == keeping.files.map(\.path))
  }

  /// The search by path finds what a scan finds, over files in path order.
  @Test func slotsFindAPathAsAScanDoes() {
    var files = ["a.yaml", "b/c.yaml", "b/d.yaml", "k8s/x.yaml", "k8s/y.yaml"].map {
      GeneratedFile(path: $0, documents: [], sources: [])
    }
    let paths = files.map(\.path)
    let slots = GeneratedFileSlots(taking: &files)
    for probe in paths + ["", "a", "b/c", "k8s/z.yaml", "zzz"] {
      #expect(slots.path(equalTo: probe) == paths.first { $0 == probe }, "\(probe)")
    }
  }
}
