import IaCBasics

/// One declared resource with every field checked, defaults filled in, in schema order.
public struct Resource: Sendable {
  public var id: ResourceID
  /// Where the name was written: the anchor for diagnostics about the resource as a whole.
  public var nameRange: SourceRange
  public var declarationRange: SourceRange
  /// Set fields in schema order; optional fields without a value are absent.
  public var fields: [NamedValue]

  public init(id: ResourceID, nameRange: SourceRange, declarationRange: SourceRange, fields: [NamedValue]) {
    self.id = id
    self.nameRange = nameRange
    self.declarationRange = declarationRange
    self.fields = fields
  }

  public subscript(field: String) -> Value? { fields.first { $0.name == field }?.value }
}

/// The program as one environment sees it: overrides applied, `by_env` values selected.
public struct EnvironmentModel: Sendable {
  /// Nil for a program that declares no environment.
  public var name: String?
  /// Every resource, environments included, sorted by kind then name.
  public var resources: [Resource]

  public init(name: String?, resources: [Resource]) {
    self.name = name
    self.resources = resources
  }

  public func resources(of kind: ResourceKind) -> [Resource] { resources.filter { $0.id.kind == kind } }
  public func resource(_ id: ResourceID) -> Resource? { resources.first { $0.id == id } }
  /// The environment resource itself.
  public var environment: Resource? { name.flatMap { resource(ResourceID(kind: .environment, name: $0)) } }
}

/// The checked model: one view per environment, in name order.
public struct Model: Sendable {
  public var environments: [EnvironmentModel]
  public init(environments: [EnvironmentModel]) { self.environments = environments }
}
