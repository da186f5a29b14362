import Foundation
import Testing

/// `*.iac.swift` manifests through the real binary: compiled against the IaC library, run with a
/// dedicated descriptor, cached, mixed with .iac files, and every way they can fail reported at the
/// manifest with nothing written.
@Suite(.serialized) struct ManifestTests {
  struct Project {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("iacc-manifest-\(UUID().uuidString)")
    var cache: URL { root.appendingPathComponent("cache") }

    init(_ files: [String: String]) throws {
      try FileManager.default.createDirectory(at: root.appendingPathComponent("src"), withIntermediateDirectories: true)
      for (name, text) in files {
        try text.write(to: root.appendingPathComponent("src/\(name)"), atomically: true, encoding: .utf8)
      }
    }

    func iacc(_ arguments: [String], timeout: Int? = nil) throws -> Iacc.Output {
      var environment = ["IACC_CACHE_DIR": cache.path]
      if let timeout { environment["IACC_MANIFEST_TIMEOUT"] = String(timeout) }
      return try Iacc.run(arguments, in: root, environment: environment)
    }

    func cached() -> [String] { (try? FileManager.default.contentsOfDirectory(atPath: cache.path))?.sorted() ?? [] }
    func remove() { try? FileManager.default.removeItem(at: root) }
  }

  static let web = """
    import IaC

    print("whatever a manifest prints does not matter")
    let web = Service("web", image: "nginx:1.27", ports: [8080])
    let infrastructure = Infrastructure {
      web
      Stack("apps", services: [web])
    }

    """

  static let environment = """
    host docker01 { address = "10.0.0.5" }
    environment dev { stacks = { apps: compose(docker01) } }

    """

  @Test func manifestsMixWithIacFilesAndAreCached() throws {
    let project = try Project(["web.iac.swift": Self.web, "env.iac": Self.environment])
    defer { project.remove() }
    let cold = try project.iacc(["build", "src", "--out", "out"])
    #expect(cold.status == 0, "\(cold.stderr)")
    let compose = try String(
      contentsOf: project.root.appendingPathComponent("out/dev/compose/apps.compose.yaml"), encoding: .utf8)
    #expect(compose.contains("image: nginx:1.27"))
    #expect(!compose.contains("whatever a manifest prints"))
    let executables = project.cached()
    #expect(executables.count == 1)
    // Warm: the cached executable is used as it is.
    let before =
      try FileManager.default.attributesOfItem(atPath: project.cache.appendingPathComponent(executables[0]).path)[
        .modificationDate] as? Date
    #expect(try project.iacc(["check", "src"]).status == 0)
    let after =
      try FileManager.default.attributesOfItem(atPath: project.cache.appendingPathComponent(executables[0]).path)[
        .modificationDate] as? Date
    #expect(before == after && project.cached() == executables)
    // A changed manifest is compiled anew, never served from the old entry.
    try (Self.web.replacingOccurrences(of: "nginx:1.27", with: "nginx:1.28"))
      .write(to: project.root.appendingPathComponent("src/web.iac.swift"), atomically: true, encoding: .utf8)
    #expect(try project.iacc(["build", "src", "--out", "out"]).status == 0)
    #expect(project.cached().count == 2)
    #expect(
      try String(contentsOf: project.root.appendingPathComponent("out/dev/compose/apps.compose.yaml"), encoding: .utf8)
        .contains("nginx:1.28"))
  }

  /// A toolchain upgrade (here: the `swiftc` first on the PATH changes) gets a new cache entry; the
  /// executable compiled by the old toolchain is never reused.
  @Test func anUpgradedToolchainRebuildsTheManifest() throws {
    let project = try Project(["web.iac.swift": Self.web, "env.iac": Self.environment])
    defer { project.remove() }
    let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
    guard
      let real = path.split(separator: ":").map({ "\($0)/swiftc" }).first(where: FileManager.default.isExecutableFile)
    else {
      Issue.record("no swiftc on the PATH: manifests cannot be tested")
      return
    }
    let bin = project.root.appendingPathComponent("bin")
    try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
    let wrapper = bin.appendingPathComponent("swiftc")
    func install(_ version: String) throws {
      try "#!/bin/sh\n# toolchain \(version)\nexec \(real) \"$@\"\n".write(
        to: wrapper, atomically: true, encoding: .utf8)
      try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: wrapper.path)
    }
    func check() throws -> Iacc.Output {
      try Iacc.run(
        ["check", "src"], in: project.root,
        environment: ["IACC_CACHE_DIR": project.cache.path, "PATH": "\(bin.path):\(path)"])
    }
    try install("6.3")
    #expect(try check().status == 0)
    #expect(project.cached().count == 1)
    try install("6.3.1-upgraded")
    let upgraded = try check()
    #expect(upgraded.status == 0, "\(upgraded.stderr)")
    #expect(project.cached().count == 2)
  }

  @Test func aRelativeCacheDirectoryIsTakenFromTheCurrentFolder() throws {
    let project = try Project(["web.iac.swift": Self.web, "env.iac": Self.environment])
    defer { project.remove() }
    let result = try Iacc.run(["check", "src"], in: project.root, environment: ["IACC_CACHE_DIR": "cache"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(project.cached().count == 1)
  }

  @Test func compilerErrorsPointAtTheManifestLine() throws {
    let project = try Project([
      "web.iac.swift": "import IaC\nlet infrastructure = Infrastructure {\n  Service(\"web\", image: 42)\n}\n"
    ])
    defer { project.remove() }
    let result = try project.iacc(["build", "src", "--out", "out"])
    #expect(result.status == 1)
    #expect(result.stderr.contains("web.iac.swift:3:"), "\(result.stderr)")
    #expect(result.stderr.contains("error[E0601]"))
    #expect(!FileManager.default.fileExists(atPath: project.root.appendingPathComponent("out").path))
  }

  @Test func secretsCannotBeInterpolatedInSwiftEither() throws {
    let project = try Project([
      "web.iac.swift": """
      import IaC
      let token = Secret("token", from: .environment("TOKEN"))
      let infrastructure = Infrastructure {
        token
        Service("web", image: "nginx:1.27", env: ["URL": Text("https://user:\\(token)@example.org")])
      }

      """
    ])
    defer { project.remove() }
    let result = try project.iacc(["check", "src"])
    #expect(result.status == 1)
    #expect(result.stderr.contains("error[E0601]"), "\(result.stderr)")
  }

  @Test(arguments: [
    (
      "crash",
      "import IaC\nlet infrastructure = Infrastructure { Service(\"web\", image: \"nginx:1.27\") }\nfatalError(\"boom\")\n",
      "E0602"
    ),
    (
      "exit",
      "import IaC\nimport Glibc\nlet infrastructure = Infrastructure { Service(\"web\", image: \"nginx:1.27\") }\nexit(3)\n",
      "E0602"
    ),
    ("nothing", "import IaC\nprint(\"I declare nothing\")\n", "E0603"),
    ("garbage", "import IaC\nimport Glibc\nlet text = \"not a model\"\n_ = write(3, text, text.utf8.count)\n", "E0603"),
    (
      "forever",
      "import IaC\nimport Glibc\nlet infrastructure = Infrastructure { Service(\"web\", image: \"nginx:1.27\") }\nwhile true { sleep(1) }\n",
      "E0602"
    ),
  ])
  func failingManifestsAreReportedAndNothingIsWritten(_ name: String, _ source: String, _ code: String) throws {
    let project = try Project(["\(name).iac.swift": source])
    defer { project.remove() }
    let result = try project.iacc(["build", "src", "--out", "out"], timeout: 3)
    #expect(result.status == 1, "\(result.stderr)")
    #expect(result.stderr.contains("\(name).iac.swift:1:1: error[\(code)]"), "\(result.stderr)")
    #expect(!FileManager.default.fileExists(atPath: project.root.appendingPathComponent("out").path))
  }

  /// examples/swift-dsl declares research-lab's cache stack in Swift; built beside its .iac twin
  /// (the same environments file, importing cache.iac), every generated file must say the same
  /// thing below the header comment that names the source.
  @Test func swiftExampleBuildsTheSameFilesAsItsIacTwin() throws {
    let example = TestSupport.packageRoot.appendingPathComponent("examples/swift-dsl")
    let environments = try String(contentsOf: example.appendingPathComponent("environments.iac"), encoding: .utf8)
    let project = try Project([
      "cache.iac": try String(
        contentsOf: TestSupport.packageRoot.appendingPathComponent("examples/research-lab/cache.iac"), encoding: .utf8),
      "environments.iac": "import \"cache.iac\"\n" + environments,
    ])
    defer { project.remove() }
    let swift = try project.iacc(["build", example.path, "--out", "swift"])
    #expect(swift.status == 0, "\(swift.stderr)")
    let twin = try project.iacc(["build", "src", "--out", "twin"])
    #expect(twin.status == 0, "\(twin.stderr)")
    let isOutput: (String) -> Bool = { $0 != ".iacc-manifest.json" }
    let produced = ValidatorTests.files(under: project.root.appendingPathComponent("swift"), isOutput)
    #expect(produced.count >= 4)
    #expect(produced == ValidatorTests.files(under: project.root.appendingPathComponent("twin"), isOutput))
    func body(_ tree: String, _ path: String) throws -> String {
      let text = try String(contentsOf: project.root.appendingPathComponent("\(tree)/\(path)"), encoding: .utf8)
      return text.split(separator: "\n", omittingEmptySubsequences: false).drop { $0.hasPrefix("#") }
        .joined(separator: "\n")
    }
    for path in produced {
      #expect(try body("swift", path) == body("twin", path), "\(path) differs")
    }
  }
}
