import Foundation
import IaC
import IaCBasics
import IaCCheck
import IaCDriver
import IaCManifest
import IaCModel
import IaCWire
import Testing

/// The Swift DSL and its wire format: the same infrastructure written in Swift and in .iac builds
/// the same files; the wire format is versioned; the DSL reaches every schema field.
@Suite struct SwiftDSLTests {
  /// Builds a wire program as a manifest would: serialised, read back, turned into syntax, checked
  /// and lowered by the same pipeline as .iac files.
  static func build(_ program: WireProgram, manifest: String) throws -> BuildResult {
    let text = program.serialized()
    let read = try WireProgram.parse(text)
    let bytes = FileManager.default.contents(atPath: manifest).map { [UInt8]($0) } ?? []
    let (syntax, wireDiagnostics) = WireLoader.syntax(read, source: SourceFile(path: manifest, bytes: bytes))
    var loaded = Program(files: [], imports: [])
    loaded.addShared(syntax)
    return try Pipeline.lower(Checker.check(loaded, loadDiagnostics: wireDiagnostics))
  }

  /// Everything after the header comment (which names the source files, .iac or Swift).
  static func body(_ bytes: [UInt8]) -> String {
    String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
      .drop { $0.hasPrefix("#") }.joined(separator: "\n")
  }

  @Test func swiftAndIacBuildTheSameFiles() throws {
    let manifest = TestSupport.packageRoot.appendingPathComponent("Tests/IaCTests/SwiftDSL/LabInSwift.swift").path
    let swift = try Self.build(LabInSwift.infrastructure.wire, manifest: manifest)
    #expect(
      swift.diagnostics.filter { $0.severity == .error }.isEmpty,
      "\(swift.diagnostics.map { "\($0.code) \($0.message)" })")
    let iac = try Pipeline.build([TestSupport.packageRoot.appendingPathComponent("examples/lab").path])
    #expect(swift.files.map(\.path) == iac.files.map(\.path))
    for (a, b) in zip(swift.files, iac.files) {
      #expect(Self.body(try a.render()) == Self.body(try b.render()), "\(a.path) differs")
    }
    // The warnings are the same, and point at the Swift line that declared the service.
    let warning = try #require(swift.diagnostics.first { $0.code.id == "W0508" })
    #expect(warning.range?.file.path.hasSuffix("LabInSwift.swift") == true)
    #expect(
      warning.range?.file.lineText(warning.range!.startLocation.line).contains("static let gitea = Service(") == true)
  }

  @Test func dslErrorsPointAtTheSwiftLine() throws {
    let broken = Infrastructure {
      Service("api", image: "api:1.0", dependsOn: [Service("db", image: "postgres")])
    }
    let result = try Self.build(broken.wire, manifest: #filePath)
    let diagnostics = result.diagnostics.filter { $0.severity == .error }
    // `db` was never declared (only referenced), and its image is not pinned anyway: it is not part of the program.
    let unresolved = try #require(diagnostics.first { $0.code.id == "E0303" })
    #expect(unresolved.range?.file.path == #filePath)
    #expect(unresolved.range?.file.lineText(unresolved.range!.startLocation.line).contains("Service(\"api\"") == true)
  }

  @Test func wireFormatRoundTripsAndIsVersioned() throws {
    let program = LabInSwift.infrastructure.wire
    #expect(try WireProgram.parse(program.serialized()) == program)
    let future = program.serialized().replacingOccurrences(of: "\"version\":1", with: "\"version\":2")
    #expect(throws: WireFormat.ReadError.versionMismatch(found: 2)) { try WireProgram.parse(future) }
    #expect(throws: WireFormat.ReadError.self) { try WireProgram.parse("hello from a print() in the manifest") }
    #expect(throws: WireFormat.ReadError.versionMismatch(found: nil)) {
      try WireProgram.parse("{\"declarations\": []}")
    }
  }

  /// Every field of every schema can be written with the DSL.
  @Test func theDSLReachesEverySchemaField() throws {
    let host = Host(
      "h", address: "10.0.0.1", groups: ["g"], sshUser: "u", packages: ["p"], files: ["/f": HostFile(content: "x")],
      blocks: ["/b": HostBlock(content: "x")], services: ["s": SystemService()], users: ["u": HostUser()],
      vars: ["v": 1],
      description: "d")
    let secret = Secret("s", from: .environment("S"), description: "d")
    let config = Config("c", data: ["k": "v"], description: "d")
    let volume = Volume(
      "v", size: ByteSize.gibibytes(1), storageClass: "x", accessMode: .readWriteOnce, driver: "local",
      labels: ["a": "b"])
    let network = Network("n", driver: "bridge", subnet: "10.1.0.0/24", internal: true, labels: ["a": "b"])
    let service = Service(
      "svc", image: "a:1", command: ["c"], entrypoint: ["e"], env: ["E": "1"], ports: [80], volumes: ["/v": volume],
      configs: ["/c": config], secrets: [secret], health: .tcp(80), resources: Resources(), replicas: 1,
      restart: .always,
      labels: ["a": "b"], dependsOn: [Service("other", image: "b:1")], user: "1", networks: [network],
      ingress: Ingress(host: "h"), stateful: false,
      readOnlyRoot: true, runAsRoot: false, capabilities: ["NET_BIND_SERVICE"], nodeSelector: ["a": "b"],
      workingDir: "/w",
      description: "d")
    let stack = Stack("st", services: [service], description: "d")
    let environment = Environment("e", stacks: ["st": .compose(host)], hosts: [host], description: "d")
    let declarations: [any Declaration] = [host, secret, config, volume, network, service, stack, environment]
    for declaration in declarations {
      let wire = declaration.wireDeclaration
      let kind = try #require(ResourceKind(rawValue: wire.kind))
      let schemaFields = Set(Schemas.schema(for: kind).fields.map(\.name))
      #expect(
        Set(wire.fields.map(\.name)) == schemaFields,
        "\(kind): the DSL misses \(schemaFields.subtracting(wire.fields.map(\.name)))")
    }
  }
}
