import IaCBasics

/// One declared resource with every field checked, defaults filled in, in schema order.
///
/// The fields the program sets are stored with the resource; the schema's defaults are stored once
/// per kind and shared (`defaults`), with a bit per field saying which ones apply. A service has a
/// dozen defaulted fields: at 10,000 services, storing them with each resource took 13 MiB.
public struct Resource: Sendable {
  public var id: ResourceID
  /// Where the name was written: the anchor for diagnostics about the resource as a whole.
  public var nameRange: SourceRange
  public var declarationRange: SourceRange
  /// The fields the program sets (overrides included), in schema order.
  public var setFields: [NamedValue]
  /// Bit `i`: schema field `i` has its default value, `defaults.fields[i]`.
  public var defaultedFields: UInt64
  public var defaults: ResourceDefaults

  public init(
    id: ResourceID, nameRange: SourceRange, declarationRange: SourceRange, setFields: [NamedValue],
    defaults: ResourceDefaults = .none, defaultedFields: UInt64 = 0
  ) {
    self.id = id
    self.nameRange = nameRange
    self.declarationRange = declarationRange
    self.setFields = setFields
    self.defaults = defaults
    self.defaultedFields = defaultedFields
  }

  /// Every field with a value, defaults included, in schema order; optional fields without a
  /// value are absent.
  public var fields: [NamedValue] {
    guard defaultedFields != 0 else { return setFields }
    let schema = Schemas.schema(for: id.kind)
    var merged: [NamedValue] = []
    merged.reserveCapacity(setFields.count + defaultedFields.nonzeroBitCount)
    var next = 0
    for (index, field) in schema.fields.enumerated() {
      if defaultedFields & (1 << index) != 0, let value = defaults.fields[index] {
        merged.append(value)
      } else if next < setFields.count, setFields[next].name == field.name {
        merged.append(setFields[next])
        next += 1
      }
    }
    return merged
  }

  public subscript(field: String) -> Value? {
    // By index: `first(where:)` would copy the whole named value (and retain its name and range)
    // to hand back only its value, for each of the dozens of fields a target reads per resource.
    for index in setFields.indices where setFields[index].name == field { return setFields[index].value }
    guard defaultedFields != 0, let index = Schemas.schema(for: id.kind).fields.firstIndex(where: { $0.name == field }),
      defaultedFields & (1 << index) != 0
    else { return nil }
    return defaults.fields[index]?.value
  }
}

/// The checked schema defaults of one resource kind, by schema field index (nil where a field
/// has none): made once per check, shared by every resource of the kind.
public final class ResourceDefaults: Sendable {
  public let fields: [NamedValue?]
  public init(fields: [NamedValue?]) { self.fields = fields }
  public static let none = ResourceDefaults(fields: [])
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
