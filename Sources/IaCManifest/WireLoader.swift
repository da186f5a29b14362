import IaCBasics
import IaCSyntax
import IaCWire

/// Turns what a Swift manifest declared into a syntax tree, as if it had been written in .iac, so
/// that one checker checks both front ends and the same infrastructure gives the same model (and
/// byte-identical output). Every node points at the Swift line that declared it.
public enum WireLoader {
  /// `source` is the manifest's own file, for the ranges; each declaration's line is taken from the wire.
  public static func syntax(_ program: WireProgram, source: SourceFile) -> (SourceFileSyntax, [Diagnostic]) {
    var loader = Builder(source: source)
    let declarations = program.declarations.map { loader.declaration($0) }
    return (SourceFileSyntax(file: source, declarations: declarations), loader.diagnostics)
  }

  struct Builder {
    let source: SourceFile
    var diagnostics: [Diagnostic] = []

    /// The whole line, trimmed of indentation: where a Swift initialiser call starts.
    func range(line: Int) -> SourceRange {
      guard line >= 1, line <= source.lineStarts.count else {
        return SourceRange(file: source, start: source.contentStart, end: source.contentStart)
      }
      var start = source.lineStarts[line - 1]
      let end = line < source.lineStarts.count ? source.lineStarts[line] - 1 : source.bytes.count
      while start < end, source.bytes[start] == UInt8(ascii: " ") || source.bytes[start] == UInt8(ascii: "\t") {
        start += 1
      }
      return SourceRange(file: source, start: start, end: max(start, end))
    }

    mutating func declaration(_ declaration: WireDeclaration) -> Declaration {
      let at = range(line: declaration.line)
      func identifier(_ name: String) -> Identifier { Identifier(name: name, range: at) }
      var entries = declaration.fields.map { field in
        Entry(path: [identifier(field.name)], value: expression(field.value, at), range: at)
      }
      entries += declaration.overrides.map { override in
        Entry(path: override.path.map(identifier), value: expression(override.value, at), range: at)
      }
      return .resourceDecl(
        ResourceDecl(
          kind: identifier(declaration.kind), name: identifier(declaration.name),
          body: Block(entries: entries, range: at),
          range: at))
    }

    mutating func expression(_ value: WireValue, _ at: SourceRange) -> Expr {
      func identifier(_ name: String) -> Identifier { Identifier(name: name, range: at) }
      switch value {
      case .string(let text): return Expr(.string(StringLiteral(parts: [.text(text)])), at)
      case .int(let n): return Expr(.integer(n), at)
      case .bool(let b): return Expr(.bool(b), at)
      case .quantity(let magnitude, let unitName):
        guard let unit = NumberUnit(rawValue: unitName) else {
          diagnostics.append(
            Diagnostic(SyntaxDiagnostics.unknownUnit, "unknown unit `\(unitName)` in the manifest's output", at: at))
          return Expr(.missing, at)
        }
        return Expr(.unitNumber(UnitLiteral(magnitude: magnitude, unit: unit)), at)
      case .decimal(let text): return Expr(.decimal(text), at)
      case .fileMode(let bits): return Expr(.fileMode(bits), at)
      case .enumCase(let name): return Expr(.reference([identifier(name)]), at)
      case .reference(let path): return Expr(.reference(path.map(identifier)), at)
      case .call(let name, let arguments):
        return Expr(
          .call(
            identifier(name), arguments.map { Argument(label: identifier($0.label), value: expression($0.value, at)) }),
          at)
      case .list(let items): return Expr(.list(items.map { expression($0, at) }), at)
      case .map(let entries):
        return Expr(
          .map(
            entries.map { MapEntry(key: $0.key, keyRange: at, keyIsQuoted: false, value: expression($0.value, at)) }),
          at)
      case .portMapping(let published, let target):
        return Expr(.portMapping(expression(published, at), expression(target, at)), at)
      case .text(let parts):
        return Expr(
          .string(
            StringLiteral(
              parts: parts.map { part in
                switch part {
                case .literal(let text): return .text(text)
                case .value(let value): return .interpolation(expression(value, at))
                }
              })), at)
      case .byEnvironment(let branches):
        return Expr(
          .byEnv(
            branches.map {
              MapEntry(key: $0.environment, keyRange: at, keyIsQuoted: false, value: expression($0.value, at))
            }),
          at)
      }
    }
  }
}
