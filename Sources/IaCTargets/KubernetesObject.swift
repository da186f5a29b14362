import IaCYAML

/// One Kubernetes object: its identity and its rendered body. Each object becomes one file,
/// `<kind>-<name>.yaml`, listed in the namespace's kustomization.yaml.
struct KubernetesObject: Sendable {
  var apiVersion: String
  var kind: String
  var name: String
  var namespace: String?
  var labels: [(String, String)]
  /// Everything after `metadata`: `spec`, `data`…
  var body: [(String, YAMLNode)]

  var fileName: String { Self.fileName(kind: kind, name: name) }

  static func fileName(kind: String, name: String) -> String { "\(kind.lowercased())-\(name).yaml" }

  func yaml() -> YAMLNode {
    var metadata: [(String, YAMLNode)] = [("name", .string(name))]
    if let namespace { metadata.append(("namespace", .string(namespace))) }
    if !labels.isEmpty { metadata.append(("labels", .map(labels.map { ($0.0, .string($0.1)) }))) }
    return .map([("apiVersion", .string(apiVersion)), ("kind", .string(kind)), ("metadata", .map(metadata))] + body)
  }
}
