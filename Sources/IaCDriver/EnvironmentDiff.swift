import IaCModel

/// `iacc diff --env A --env B`: what really differs between two environments once overrides and
/// `by_env` values are applied, resource by resource and field by field.
public enum EnvironmentDiff {
  public struct Difference: Sendable, Equatable {
    public var resource: String
    /// Field path, or nil when the whole resource exists in one environment only.
    public var path: String?
    public var left: String?
    public var right: String?
  }

  public static func compare(_ left: EnvironmentModel, _ right: EnvironmentModel) -> [Difference] {
    var differences: [Difference] = []
    let leftResources = left.resources.filter { $0.id.kind != .environment }
    let rightResources = right.resources.filter { $0.id.kind != .environment }
    for resource in leftResources {
      let label = "\(resource.id.kind.rawValue) \(resource.id.name)"
      guard let other = right.resource(resource.id) else {
        differences.append(Difference(resource: label, path: nil, left: "present", right: nil))
        continue
      }
      var fields: [Difference] = []
      compare(
        Value(.record(resource.fields), range: nil), Value(.record(other.fields), range: nil), path: "",
        resource: label, into: &fields)
      differences += fields
    }
    for resource in rightResources where left.resource(resource.id) == nil {
      differences.append(
        Difference(resource: "\(resource.id.kind.rawValue) \(resource.id.name)", path: nil, left: nil, right: "present")
      )
    }
    // Placements and configured hosts come from the environments themselves.
    if let leftEnvironment = left.environment, let rightEnvironment = right.environment {
      var fields: [Difference] = []
      for field in ["stacks", "hosts"] {
        let a = leftEnvironment[field].map(\.description)
        let b = rightEnvironment[field].map(\.description)
        if a != b {
          fields.append(
            Difference(resource: "placement", path: field, left: a ?? "(all hosts)", right: b ?? "(all hosts)"))
        }
      }
      differences += fields
    }
    return differences
  }

  static func compare(
    _ left: Value, _ right: Value, path: String, resource: String, into differences: inout [Difference]
  ) {
    switch (left.kind, right.kind) {
    case (.record(let a), .record(let b)), (.map(let a), .map(let b)):
      for entry in a {
        let child = path.isEmpty ? entry.name : "\(path).\(entry.name)"
        if let other = b.first(where: { $0.name == entry.name }) {
          compare(entry.value, other.value, path: child, resource: resource, into: &differences)
        } else {
          differences.append(Difference(resource: resource, path: child, left: entry.value.description, right: nil))
        }
      }
      for entry in b where !a.contains(where: { $0.name == entry.name }) {
        let child = path.isEmpty ? entry.name : "\(path).\(entry.name)"
        differences.append(Difference(resource: resource, path: child, left: nil, right: entry.value.description))
      }
    default:
      if left != right {
        differences.append(Difference(resource: resource, path: path, left: left.description, right: right.description))
      }
    }
  }

  public static func render(_ differences: [Difference], left: String, right: String) -> String {
    guard !differences.isEmpty else {
      return "Environments `\(left)` and `\(right)` deploy the same resources with the same values.\n"
    }
    var out = "Differences between `\(left)` (left) and `\(right)` (right):\n"
    var current: String?
    for difference in differences {
      if difference.resource != current {
        current = difference.resource
        out += "\(difference.resource)\n"
      }
      if let path = difference.path {
        out += "    \(path): \(difference.left ?? "(unset)") | \(difference.right ?? "(unset)")\n"
      } else {
        out += "    only in `\(difference.left != nil ? left : right)`\n"
      }
    }
    return out
  }
}
