import Foundation
import IaCDriver
import Testing

/// The exact bytes of every file the bundled example generates, per target, pinned by a golden
/// tree: any change to emitted output shows in review. `IACC_UPDATE_GOLDENS=1` rewrites it.
@Suite struct TargetGoldenTests {
  static let golden = TestSupport.fixtures.appendingPathComponent("golden/lab")

  @Test func labExampleTreeMatchesTheGoldenTree() throws {
    let result = try Pipeline.build(["examples/lab"].map { TestSupport.packageRoot.appendingPathComponent($0).path })
    #expect(!result.hasErrors)
    // Paths in headers are shown as given: build from the package root so they read `examples/lab/…`.
    let out = FileManager.default.temporaryDirectory.appendingPathComponent("iacc-golden-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: out) }
    let build = try Iacc.run(["build", "examples/lab", "--out", out.path])
    #expect(build.status == 0, "\(build.stderr)")
    let produced = ValidatorTests.files(under: out) { $0 != ".iacc-manifest.json" }
    #expect(produced.count == result.files.count)
    if TestSupport.updateGoldens {
      try? FileManager.default.removeItem(at: Self.golden)
      for path in produced {
        let target = Self.golden.appendingPathComponent(path)
        try FileManager.default.createDirectory(
          at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: out.appendingPathComponent(path), to: target)
      }
      return
    }
    let expected = ValidatorTests.files(under: Self.golden) { _ in true }
    #expect(produced == expected, "the set of generated files changed")
    for path in produced where expected.contains(path) {
      let actual = try String(contentsOf: out.appendingPathComponent(path), encoding: .utf8)
      TestSupport.assertGolden(actual, Self.golden.appendingPathComponent(path))
    }
  }

  @Test func buildIsDeterministic() throws {
    let first = try Pipeline.build([
      TestSupport.packageRoot.appendingPathComponent("Tests/IaCTests/Fixtures/programs/coverage").path
    ])
    let second = try Pipeline.build([
      TestSupport.packageRoot.appendingPathComponent("Tests/IaCTests/Fixtures/programs/coverage").path
    ])
    #expect(first.files.map(\.path) == second.files.map(\.path))
    for (a, b) in zip(first.files, second.files) { #expect(try a.render() == b.render()) }
  }
}
