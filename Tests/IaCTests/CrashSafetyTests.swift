import Foundation
import Testing

/// A build killed with SIGKILL at any moment leaves every file whole — its old content or its
/// new — and the next build converges to the clean result.
@Suite(.serialized) struct CrashSafetyTests {
  /// A program big enough that a build takes a while: 240 services in 24 stacks, compose in dev and
  /// Kubernetes in production (about 550 files).
  static func program(version: String, replicas: Int) -> String {
    var text = "host docker01 { address = \"10.0.0.1\"  groups = [\"docker_hosts\"] }\n"
    for stack in 0..<24 {
      var members: [String] = []
      for index in 0..<10 {
        let name = "svc-\(stack)-\(index)"
        members.append(name)
        text +=
          "service \(name) { image = \"registry.lab/app-\(stack)-\(index):\(version)\"  ports = [\(8000 + stack * 10 + index)]  replicas = \(replicas) }\n"
      }
      text += "stack stack-\(stack) { services = [\(members.joined(separator: ", "))] }\n"
    }
    let stacks = (0..<24).map { "stack-\($0)" }
    text += "environment dev { stacks = { \(stacks.map { "\($0): compose(docker01)" }.joined(separator: ", ")) } }\n"
    text +=
      "environment production { stacks = { \(stacks.map { "\($0): kubernetes(\"ns-\($0)\")" }.joined(separator: ", ")) } }\n"
    return text
  }

  /// Every file under a folder with its content, leaving out the manifest.
  static func tree(_ root: URL) throws -> [String: Data] {
    var result: [String: Data] = [:]
    for path in ValidatorTests.files(under: root, { !$0.hasSuffix(".iacc-manifest.json") }) {
      result[path] = try Data(contentsOf: root.appendingPathComponent(path))
    }
    return result
  }

  @Test func killedBuildsLeaveWholeFilesAndTheNextBuildConverges() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("iacc-crash-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: root) }
    let source = root.appendingPathComponent("src/main.iac")
    try FileManager.default.createDirectory(at: source.deletingLastPathComponent(), withIntermediateDirectories: true)
    func build(into out: String) throws -> Iacc.Output { try Iacc.run(["build", "src", "--out", out], in: root) }

    try Self.program(version: "1.0", replicas: 1).write(to: source, atomically: true, encoding: .utf8)
    #expect(try build(into: "reference-old").status == 0)
    #expect(try build(into: "out").status == 0)
    try Self.program(version: "2.0", replicas: 2).write(to: source, atomically: true, encoding: .utf8)
    let started = Date()
    #expect(try build(into: "reference-new").status == 0)
    let duration = Date().timeIntervalSince(started)
    let old = try Self.tree(root.appendingPathComponent("reference-old"))
    let new = try Self.tree(root.appendingPathComponent("reference-new"))
    #expect(old.count > 500 && old.keys.sorted() == new.keys.sorted())

    var generator = PropertyTests.SeededGenerator(state: 20_261_126)
    var sawHalfWritten = false
    // Files are renamed into place in path order: the first one that changes is renamed first.
    let firstChanged = try #require(new.keys.sorted().first { old[$0] != new[$0] })
    // Eight kills always; up to 32 more while none has landed among the renames (a loaded machine,
    // such as one running the other test suites at the same time, can make a kill arrive after the
    // short rename phase is over: eight more were once not enough).
    for attempt in 0..<40 where attempt < 8 || !sawHalfWritten {
      // The first four attempts start again from the old tree, so every kill meets files still to
      // replace; the next four kill one build after another, each continuing what the last left;
      // any extra ones start from the old tree again and aim at the renames.
      if attempt < 4 || attempt >= 8 {
        try? FileManager.default.removeItem(at: root.appendingPathComponent("out"))
        try FileManager.default.copyItem(
          at: root.appendingPathComponent("reference-old"), to: root.appendingPathComponent("out"))
      }
      let process = Process()
      process.executableURL = Iacc.binary
      process.arguments = ["build", "src", "--out", "out"]
      process.currentDirectoryURL = root
      process.standardOutput = FileHandle.nullDevice
      process.standardError = FileHandle.nullDevice
      try process.run()
      // Half the kills land anywhere in the build; the other half as soon as the first file has its
      // new content, inside the short phase where files are renamed into place.
      if attempt % 2 == 0 && attempt < 8 {
        Thread.sleep(forTimeInterval: Double.random(in: 0.0...duration, using: &generator))
      } else {
        let watched = root.appendingPathComponent("out").appendingPathComponent(firstChanged)
        // Wait for the rename however long the build takes: on a loaded machine it can take many
        // times the unloaded build's time, and a kill at a deadline would land before the renames
        // every time. The deadline only stops a hung build from hanging the test.
        let deadline = Date().addingTimeInterval(max(duration * 3, 60))
        while process.isRunning, Date() < deadline {
          if let content = try? Data(contentsOf: watched), content == new[firstChanged] { break }
        }
      }
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
      let tree = try Self.tree(root.appendingPathComponent("out"))
      for (path, content) in tree {
        if path.contains(".iacc-tmp-") { continue }  // an unfinished write, never a generated file
        #expect(content == old[path] || content == new[path], "attempt \(attempt): \(path) is neither old nor new")
      }
      #expect(Set(tree.keys.filter { !$0.contains(".iacc-tmp-") }).isSubset(of: Set(new.keys)), "attempt \(attempt)")
      let changed = tree.filter { path, content in old[path] != new[path] }
      if changed.contains(where: { $0.value == old[$0.key] }) && changed.contains(where: { $0.value == new[$0.key] }) {
        sawHalfWritten = true
      }
    }
    // The kills must land inside the writing phase at least once, or the test proves nothing.
    #expect(sawHalfWritten, "no kill interrupted a build half-way; the timing of this test needs adjusting")

    let final = try build(into: "out")
    #expect(final.status == 0, "\(final.stdout)\(final.stderr)")
    #expect(try Self.tree(root.appendingPathComponent("out")) == new, "the rebuild converges to the clean result")
    let again = try Iacc.run(["plan", "src", "--out", "out"], in: root)
    #expect(again.stdout.contains("No changes"))
  }
}
