import IaCBasics
import IaCDriver
import IaCYAML
import Testing

/// A compose project's services are lowered one at a time as the file is written, after a first
/// pass that only collects what the top level must list. The file itself is the oracle: its
/// top-level volumes, networks, secrets and configs must be exactly those its services use, each
/// once, in the order the services (as written) first use them.
@Suite struct ComposeStreamingTests {
  static let program = """
    host h { address = "10.0.0.1" }
    network back { driver = "bridge" }
    network front {}
    volume v1 { size = 1Gi }
    volume v2 { size = 1Gi }
    secret s1 { from = env("S1") }
    secret s2 { from = env("S2") }
    secret s3 { from = env("S3") }
    config c1 { data = { "a.conf": "x", "b.conf": "y" } }
    config c2 { data = { "c.conf": "z" } }
    service alpha {
      image = "a:1"
      networks = [front, back]
      volumes = { "/v2": v2, "/v1": v1 }
      secrets = [s2]
      configs = { "/etc/c2": c2 }
    }
    service beta {
      image = "b:1"
      networks = [back]
      volumes = { "/v1": v1 }
      secrets = [s1, s2]
      env = { TOKEN: s3 }
      configs = { "/etc/c1": c1 }
    }
    service gamma { image = "c:1" }
    stack st { services = [beta, gamma, alpha] }
    environment dev { stacks = { st: compose(h) }  hosts = [h] }
    """

  static func names(_ node: YAMLNode?) -> [String] {
    if case .mapping(let pairs)? = node { return pairs.map(\.key) }
    return []
  }

  static func items(_ node: YAMLNode?) -> [YAMLNode] {
    if case .sequence(let items)? = node { return items }
    return []
  }

  @Test func theTopLevelListsWhatTheServicesUseInFirstUseOrder() throws {
    let result = try Pipeline.lower(checkSources(["main.iac": Self.program]))
    #expect(result.diagnostics.filter { $0.severity == .error }.isEmpty)
    let file = try #require(result.files.first { $0.path.hasSuffix(".compose.yaml") })
    let documents = try YAMLReader.read(try file.render()).get()
    let root = try #require(documents.first)
    let services = try #require(root["services"])
    #expect(Set(Self.names(services)) == ["alpha", "beta", "gamma"])
    var volumes: [String] = []
    var networks: [String] = []
    var secrets: [String] = []
    var configs: [String] = []
    func firstUse(_ name: String, _ list: inout [String]) { if !list.contains(name) { list.append(name) } }
    for name in Self.names(services) {
      let service = services[name]
      for mount in Self.items(service?["volumes"]) where mount["type"]?.scalarText == "volume" {
        firstUse(mount["source"]?.scalarText ?? "?", &volumes)
      }
      for network in Self.items(service?["networks"]) { firstUse(network.scalarText ?? "?", &networks) }
      // A secret passed as an environment variable counts from the variable, which comes first.
      if case .mapping(let variables)? = service?["environment"] {
        for variable in variables {
          guard let text = variable.value.scalarText, let range = text.range(of: ":?secret ") else { continue }
          firstUse(String(text[range.upperBound...].prefix { $0 != " " }), &secrets)
        }
      }
      for secret in Self.items(service?["secrets"]) { firstUse(secret.scalarText ?? "?", &secrets) }
      for config in Self.items(service?["configs"]) { firstUse(config["source"]?.scalarText ?? "?", &configs) }
    }
    #expect(Self.names(root["volumes"]) == volumes)
    #expect(Self.names(root["networks"]) == networks)
    #expect(Self.names(root["secrets"]) == secrets)
    #expect(Self.names(root["configs"]) == configs)
    // Every kind of top-level entry is exercised, and shared ones are listed once.
    #expect(volumes.count == 2 && networks.count == 2 && secrets.count == 3 && configs.count == 3)
    // Rendering twice gives the same bytes: lowering a service again when it is written is pure.
    #expect(try file.render() == file.render())
  }
}
