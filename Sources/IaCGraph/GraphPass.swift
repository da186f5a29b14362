import IaCBasics
import IaCModel

/// A check over one environment's deployment. Passes are small and named, run in sequence by
/// `GraphChecker`; each only reports, none rewrites the graph.
public protocol GraphPass: Sendable {
  func run(_ deployment: Deployment) -> [Diagnostic]
}

/// Runs every pass over every environment; duplicates across environments are reported once.
public enum GraphChecker {
  public static let passes: [any GraphPass] = [
    DanglingReferencePass(), DependencyCyclePass(), PortClashPass(), PlacementPass(), TargetCapabilityPass(),
    SecureDefaultsPolicyPass(),
  ]

  public static func deployments(_ model: Model) -> [Deployment] {
    model.environments.map { Deployment(ResourceGraph($0)) }
  }

  public static func check(_ deployments: [Deployment]) -> [Diagnostic] {
    var bag = DiagnosticBag()
    for deployment in deployments {
      for pass in passes { bag.append(contentsOf: pass.run(deployment)) }
    }
    return bag.sorted
  }
}

extension Resource {
  /// Where to point for a field: the value if it was written, else the resource's name.
  func range(of field: String) -> SourceRange { self[field]?.range ?? nameRange }

  func path(_ components: String...) -> DataPath {
    DataPath([.key(id.kind.pluralName), .key(id.name)] + components.map(DataPath.Component.key))
  }

  /// True when the user wrote the value (in the block or an override), not a schema default.
  func isSet(_ field: String) -> Bool {
    guard let value = self[field] else { return false }
    return value.origin != .defaulted
  }
}

extension Deployment {
  /// "in environment `production`", for messages; empty for a program without environments.
  var environmentSuffix: String { model.name.map { " in environment `\($0)`" } ?? "" }
}
