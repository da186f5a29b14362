import IaCBasics
import IaCDriver
import IaCGraph
import IaCModel
import Testing

/// Infrastructure rules checked on the graph, and the environment projection.
@Suite struct GraphTests {
  func build(_ source: String) throws -> BuildResult {
    try Pipeline.lower(checkSources(["main.iac": source]))
  }

  @Test func dependencyCycleShowsTheWholeCycle() throws {
    let source = MarkedSource(
      """
      service a { image = "a:1"  depends_on = [b] }
      service b { image = "b:1"  depends_on = [c] }
      service c { image = "c:1"  depends_on = [1️⃣a] }
      """)
    let result = try build(source.text)
    let cycles = result.diagnostics.filter { $0.code.id == "E0502" }
    #expect(cycles.count == 1)
    #expect(cycles.first?.message.hasSuffix("a → b → c → a") == true, "\(cycles.map(\.message))")
    #expect(cycles.first?.notes.count == 2)
    let marker = try #require(source.markers["1️⃣"])
    #expect(cycles.first?.position.map { [$0.line, $0.column] } == [marker.line, marker.column])
    #expect(result.files.isEmpty, "nothing is generated from a program with errors")
  }

  @Test func portClashOnOneHost() throws {
    let source = MarkedSource(
      """
      host docker01 { address = "10.0.0.1" }
      service a { image = "a:1"  ports = [8080] }
      service b { image = "b:1"  ports = [1️⃣8080 -> 80] }
      service c { image = "c:1"  ports = [{ target: 8080, published: 8080, protocol: udp }] }
      stack one { services = [a] }
      stack two { services = [b, c] }
      environment dev { stacks = { one: compose(docker01), two: compose(docker01) } }
      """)
    let result = try build(source.text)
    expectDiagnostic(result.check, "E0503", at: "1️⃣", in: source, diagnostics: result.diagnostics)
    #expect(result.diagnostics.filter { $0.code.id == "E0503" }.count == 1, "udp 8080 does not clash with tcp 8080")
  }

  @Test func samePortOnDifferentHostsIsFine() throws {
    let result = try build(
      """
      host h1 { address = "10.0.0.1" }
      host h2 { address = "10.0.0.2" }
      service a { image = "a:1"  ports = [8080] }
      service b { image = "b:1"  ports = [8080] }
      stack one { services = [a] }
      stack two { services = [b] }
      environment dev { stacks = { one: compose(h1), two: compose(h2) } }
      """)
    #expect(!result.hasErrors)
  }

  @Test func bindMountInKubernetesIsAnError() throws {
    let source = MarkedSource(
      """
      service a { image = "a:1"  volumes = { "/logs": 1️⃣bind("/var/log") } }
      stack s { services = [a] }
      environment production { stacks = { s: kubernetes("lab") } }
      """)
    let result = try build(source.text)
    expectDiagnostic(result.check, "E0504", at: "1️⃣", in: source, diagnostics: result.diagnostics)
  }

  @Test func kubernetesLimitsAreReported() throws {
    let source = MarkedSource(
      """
      service a { image = "a:1"  restart = 1️⃣no  user = 2️⃣"www-data"  depends_on = 3️⃣[b] }
      service b { image = "b:1" }
      stack s { services = [a, b] }
      environment production { stacks = { s: kubernetes("lab") } }
      """)
    let result = try build(source.text)
    expectDiagnostic(result.check, "E0504", at: "1️⃣", in: source, diagnostics: result.diagnostics)
    expectDiagnostic(result.check, "E0504", at: "2️⃣", in: source, diagnostics: result.diagnostics)
    expectDiagnostic(result.check, "W0505", at: "3️⃣", in: source, diagnostics: result.diagnostics)
  }

  @Test func composeIgnoresIngressWithAWarning() throws {
    let source = MarkedSource(
      """
      host h { address = "10.0.0.1" }
      service a { image = "a:1"  ports = [80]  ingress = 1️⃣{ host: "a.lab" } }
      stack s { services = [a] }
      environment dev { stacks = { s: compose(h) } }
      """)
    let result = try build(source.text)
    expectDiagnostic(result.check, "W0505", at: "1️⃣", in: source, diagnostics: result.diagnostics)
    #expect(!result.hasErrors && !result.files.isEmpty)
  }

  @Test func fileSecretCannotBeAComposeEnvironmentVariable() throws {
    let source = MarkedSource(
      """
      host h { address = "10.0.0.1" }
      secret key { from = file("/srv/key") }
      service a { image = "a:1"  env = { KEY: 1️⃣key } }
      stack s { services = [a] }
      environment dev { stacks = { s: compose(h) } }
      """)
    expectDiagnostic(
      try build(source.text).check, "E0504", at: "1️⃣", in: source, diagnostics: try build(source.text).diagnostics)
  }

  @Test func composeStackOnAHostTheEnvironmentDoesNotConfigure() throws {
    let source = MarkedSource(
      """
      host h1 { address = "10.0.0.1" }
      host h2 { address = "10.0.0.2" }
      service a { image = "a:1" }
      stack s { services = [a] }
      environment dev { stacks = { s: 1️⃣compose(h2) }  hosts = [h1] }
      """)
    expectDiagnostic(
      try build(source.text).check, "E0506", at: "1️⃣", in: source, diagnostics: try build(source.text).diagnostics)
  }

  @Test func relaxedSecureDefaultsAreReported() throws {
    let result = try build(
      """
      host h { address = "10.0.0.1" }
      service a { image = "a:1"  run_as_root = true  read_only_root = false  capabilities = ["NET_ADMIN"] }
      stack s { services = [a] }
      environment dev { stacks = { s: compose(h) } }
      """)
    #expect(result.diagnostics.filter { $0.code.id == "W0508" }.count == 3)
  }

  @Test func topologicalOrderPutsDependenciesFirst() throws {
    let result = try build(
      """
      host h { address = "10.0.0.1" }
      volume data {}
      service db { image = "db:1"  volumes = { "/d": data } }
      service api { image = "api:1"  depends_on = [db] }
      stack s { services = [api, db] }
      environment dev { stacks = { s: compose(h) } }
      """)
    let order = try #require(result.deployments.first).graph.topologicalOrder().map(\.name)
    #expect(order.firstIndex(of: "data")! < order.firstIndex(of: "db")!)
    #expect(order.firstIndex(of: "db")! < order.firstIndex(of: "api")!)
    #expect(order.firstIndex(of: "api")! < order.firstIndex(of: "s")!)
    #expect(order.last == "dev")
  }

  @Test func projectionPlacesStacksPerEnvironment() throws {
    let result = try build(
      """
      host h { address = "10.0.0.1"  groups = ["docker_hosts"] }
      service a { image = "a:1" }
      stack s { services = [a] }
      environment dev { stacks = { s: compose(h) } }
      environment production { stacks = { s: kubernetes("lab") } }
      """)
    #expect(
      result.files.map(\.path) == [
        "dev/ansible/inventory.yml", "dev/ansible/site.yml", "dev/compose/s.compose.yaml",
        "production/ansible/inventory.yml", "production/kubernetes/lab/deployment-a.yaml",
        "production/kubernetes/lab/kustomization.yaml", "production/kubernetes/lab/namespace-lab.yaml",
      ])
  }
}

/// Expects a diagnostic of `code` at `marker` among `diagnostics`.
func expectDiagnostic(
  _ result: CheckResult, _ code: String, at marker: String, in source: MarkedSource, diagnostics: [Diagnostic],
  sourceLocation: Testing.SourceLocation = #_sourceLocation
) {
  var copy = result
  copy.diagnostics = diagnostics
  expectDiagnostic(copy, code, at: marker, in: source, sourceLocation: sourceLocation)
}
