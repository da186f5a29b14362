import IaCBasics
import IaCModel

/// `iacc dump --stage model`: the checked model, one environment after another, one resource per
/// block, every field with its value (defaults included). Stable text for golden tests.
public enum ModelDumper {
  /// `locations: false` leaves out where overrides were written, for comparing models of programs
  /// that differ only in layout.
  public static func dump(_ model: Model, locations: Bool = true) -> String {
    var out = ""
    for environment in model.environments {
      out += "environment \(environment.name ?? "(none)")\n"
      for resource in environment.resources {
        out += "  \(resource.id.kind.rawValue) \(resource.id.name)\n"
        for field in resource.fields {
          out += "    \(field.name) = \(render(field.value, indent: 2))\(origin(field.value, locations: locations))\n"
        }
      }
    }
    return out
  }

  static func origin(_ value: Value, locations: Bool) -> String {
    switch value.origin {
    case .declared: return ""
    case .defaulted: return "  (default)"
    case .override(let site):
      return locations ? "  (override in \(site.environment) at \(site.range))" : "  (override in \(site.environment))"
    }
  }

  static func render(_ value: Value, indent: Int) -> String {
    let pad = String(repeating: "  ", count: indent + 1)
    let closing = String(repeating: "  ", count: indent)
    switch value.kind {
    case .list(let items) where !items.isEmpty:
      return "[\n" + items.map { pad + render($0, indent: indent + 1) + "\n" }.joined() + closing + "]"
    case .map(let entries) where !entries.isEmpty, .record(let entries) where !entries.isEmpty:
      return "{\n" + entries.map { pad + "\($0.name): " + render($0.value, indent: indent + 1) + "\n" }.joined()
        + closing + "}"
    case .variant(let name, let fields):
      return "\(name)(" + fields.map { "\($0.name): \(render($0.value, indent: indent + 1))" }.joined(separator: ", ")
        + ")"
    case .string(let text):
      return quote(text)
    default:
      return value.description
    }
  }

  static func quote(_ text: String) -> String { text.quotedLiteral() }
}
