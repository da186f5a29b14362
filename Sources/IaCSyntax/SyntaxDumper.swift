import IaCBasics

/// Prints the syntax tree as an indented outline with positions: what `iacc dump --stage ast`
/// shows and what the parser's golden tests pin.
public enum SyntaxDumper {
  public static func dump(_ syntax: SourceFileSyntax) -> String {
    var out = "SourceFile \(syntax.file.path)\n"
    for declaration in syntax.declarations { dump(declaration, indent: 1, into: &out) }
    return out
  }

  static func line(_ indent: Int, _ text: String, _ range: SourceRange, into out: inout String) {
    out += String(repeating: "  ", count: indent) + text + " @\(range.startLocation)-\(range.endLocation)\n"
  }

  static func dump(_ declaration: Declaration, indent: Int, into out: inout String) {
    switch declaration {
    case .importDecl(let decl):
      line(indent, "ImportDecl \(decl.path.map(quote) ?? "<missing>")", decl.range, into: &out)
    case .letDecl(let decl):
      line(indent, "LetDecl \(decl.name.name)\(decl.type.map { ": " + typeText($0) } ?? "")", decl.range, into: &out)
      dump(decl.value, indent: indent + 1, into: &out)
    case .paramDecl(let decl):
      line(indent, "ParamDecl \(decl.name.name)\(decl.type.map { ": " + typeText($0) } ?? "")", decl.range, into: &out)
      if let value = decl.defaultValue { dump(value, indent: indent + 1, into: &out) }
    case .resourceDecl(let decl):
      line(indent, "ResourceDecl \(decl.kind.name) \(decl.name.name)", decl.range, into: &out)
      for entry in decl.body.entries {
        line(indent + 1, "Entry \(entry.path.map(\.name).joined(separator: "."))", entry.range, into: &out)
        dump(entry.value, indent: indent + 2, into: &out)
      }
    }
  }

  static func typeText(_ type: TypeSyntax) -> String {
    type.arguments.isEmpty
      ? type.name.name : "\(type.name.name)<\(type.arguments.map(typeText).joined(separator: ", "))>"
  }

  static func quote(_ text: String) -> String { text.quotedLiteral() }

  static func dump(_ expr: Expr, indent: Int, into out: inout String) {
    switch expr.kind {
    case .string(let literal):
      if let text = literal.plainText {
        line(indent, "String\(literal.isMultiline ? "(multiline)" : "") \(quote(text))", expr.range, into: &out)
      } else {
        line(indent, "InterpolatedString\(literal.isMultiline ? "(multiline)" : "")", expr.range, into: &out)
        for part in literal.parts {
          switch part {
          case .text(let text): out += String(repeating: "  ", count: indent + 1) + "Text \(quote(text))\n"
          case .interpolation(let inner): dump(inner, indent: indent + 1, into: &out)
          }
        }
      }
    case .integer(let value): line(indent, "Integer \(value.map(String.init) ?? "<overflow>")", expr.range, into: &out)
    case .decimal(let text): line(indent, "Decimal \(text)", expr.range, into: &out)
    case .unitNumber(let literal):
      line(indent, "UnitNumber \(literal.magnitude) \(literal.unit.rawValue)", expr.range, into: &out)
    case .fileMode(let value):
      line(indent, "FileMode \(value.map { "0o" + String($0, radix: 8) } ?? "<invalid>")", expr.range, into: &out)
    case .bool(let value): line(indent, "Bool \(value)", expr.range, into: &out)
    case .reference(let path):
      line(indent, "Reference \(path.map(\.name).joined(separator: "."))", expr.range, into: &out)
    case .list(let items):
      line(indent, "List", expr.range, into: &out)
      for item in items { dump(item, indent: indent + 1, into: &out) }
    case .map(let entries), .byEnv(let entries):
      if case .map = expr.kind {
        line(indent, "Map", expr.range, into: &out)
      } else {
        line(indent, "ByEnv", expr.range, into: &out)
      }
      for entry in entries {
        if let interpolated = entry.interpolatedKey {
          line(indent + 1, "InterpolatedKey", entry.keyRange, into: &out)
          dump(Expr(.string(interpolated), entry.keyRange), indent: indent + 2, into: &out)
        } else {
          line(indent + 1, "Key \(entry.keyIsQuoted ? quote(entry.key) : entry.key)", entry.keyRange, into: &out)
        }
        dump(entry.value, indent: indent + 2, into: &out)
      }
    case .call(let name, let arguments):
      line(indent, "Call \(name.name)", expr.range, into: &out)
      for argument in arguments {
        if let label = argument.label { out += String(repeating: "  ", count: indent + 1) + "Label \(label.name)\n" }
        dump(argument.value, indent: indent + 1, into: &out)
      }
    case .portMapping(let published, let target):
      line(indent, "PortMapping", expr.range, into: &out)
      dump(published, indent: indent + 1, into: &out)
      dump(target, indent: indent + 1, into: &out)
    case .plus(let left, let right):
      line(indent, "Plus", expr.range, into: &out)
      dump(left, indent: indent + 1, into: &out)
      dump(right, indent: indent + 1, into: &out)
    case .missing: line(indent, "Missing", expr.range, into: &out)
    }
  }
}
