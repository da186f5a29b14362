import IaCBasics
import IaCModel
import IaCSyntax

extension Evaluator {
  /// `name`, `name.field`, `name.field.key…`: a resource (as a reference), a field of a resource,
  /// a `let` or a `param`, and then fields of records and maps.
  func resolve(_ path: [Identifier], _ context: CheckContext) -> Value? {
    let head = path[0]
    guard let symbol = symbols.lookup(head.name) else {
      let suggestion = Suggestions.closest(to: head.name, in: symbols.visibleNames(from: context.file))
      report(
        CheckDiagnostics.unresolvedName, "cannot find `\(head.name)`", at: head.range,
        help: suggestion.map { "did you mean `\($0)`?" },
        fixIts: suggestion.map { [FixIt("replace with `\($0)`", range: head.range, replacement: $0)] } ?? [],
        path: context.path)
      return nil
    }
    if !symbols.isVisible(symbol, from: context.file) {
      let importer = program.files[context.file].file.path
      let declaringFile = program.files[symbol.file].file.path
      report(
        CheckDiagnostics.notImported, "`\(head.name)` is declared in \(declaringFile), which this file does not import",
        at: head.range, notes: [DiagnosticNote("\(symbol.description) is declared here", at: symbol.nameRange)],
        help: "add `import \"\(PathUtilities.relative(declaringFile, from: importer))\"`", path: context.path)
      return nil
    }
    var rest = path.dropFirst()
    var value: Value?
    switch symbol.kind {
    case .letBinding, .param:
      value = bindingValue(symbol, requestedAt: head.range)
    case .resource(let kind, _):
      let id = ResourceID(kind: kind, name: symbol.name)
      guard let fieldName = rest.first else { return Value(.reference(id), range: head.range) }
      rest = rest.dropFirst()
      value = resourceField(id, fieldName, context)
      // A key of a config's data stays a reference to that key, with its text.
      if kind == .config, fieldName.name == "data", let key = rest.first {
        rest = rest.dropFirst()
        guard let text = value?[key.name]?.stringValue else {
          report(
            CheckDiagnostics.unsetField, "config `\(id.name)` has no key `\(key.name)`", at: key.range,
            help: (value.flatMap {
              if case .map(let entries) = $0.kind { return entries.map(\.name) } else { return nil }
            })
            .flatMap { Suggestions.closest(to: key.name, in: $0) }.map { "did you mean `\($0)`?" },
            path: context.path)
          return nil
        }
        value = Value(.configEntry(id, key: key.name, text: text), range: path[0].range.extended(to: key.range))
      }
    }
    for component in rest {
      guard let current = value else { return nil }
      if case .reference(let id) = current.kind {
        value = resourceField(id, component, context)
      } else if let next = current[component.name] {
        value = next
      } else {
        report(
          CheckDiagnostics.unsetField, "\(describe(current)) has no field `\(component.name)`", at: component.range,
          path: context.path)
        return nil
      }
    }
    return value
  }

  /// The value of `resource.field` in this environment.
  func resourceField(_ id: ResourceID, _ fieldName: Identifier, _ context: CheckContext) -> Value? {
    guard let symbol = symbols.lookup(id.name) else { return nil }
    if id.kind == .secret {
      report(
        CheckDiagnostics.secretMisuse, "the fields of secret `\(id.name)` cannot be read", at: fieldName.range,
        notes: [DiagnosticNote("secret `\(id.name)` is declared here", at: symbol.nameRange)],
        help: "refer to the secret itself, `\(id.name)`, in a field that accepts a Secret", path: context.path)
      return nil
    }
    let schema = Schemas.schema(for: id.kind)
    guard let index = schema.fields.firstIndex(where: { $0.name == fieldName.name }) else {
      unknownField(
        fieldName.name, at: fieldName.range, in: "\(id.kind.rawValue) `\(id.name)`",
        candidates: schema.fields.map(\.name), context)
      return nil
    }
    let field = schema.fields[index]
    let errorsBefore = diagnostics.count
    let value = fieldValue(symbol, field, index: index, requestedAt: fieldName.range)
    if value == nil && diagnostics.count == errorsBefore && !hasFailed(symbol, field, index: index) {
      report(
        CheckDiagnostics.unsetField, "`\(id.name).\(field.name)` has no value", at: fieldName.range,
        notes: [DiagnosticNote("\(id) is declared here", at: symbol.nameRange)],
        help: "set `\(field.name)` in \(id), or use another value", path: context.path)
    }
    return value
  }

  /// True when the field was evaluated before and failed (its error is already reported).
  func hasFailed(_ symbol: Symbol, _ field: FieldSchema, index: Int) -> Bool {
    guard case .done(let memo) = fieldStates[symbol.index, index] ?? shared.fields[symbol.index, index],
      memo.value == nil
    else { return false }
    return layout.hasEntry(symbol, field: index)
  }

  /// How a value is named in messages: `String "512"`, `volume `data``.
  func describe(_ value: Value) -> String {
    switch value.kind {
    case .string(let text): return "String \(Self.quoted(text))"
    case .int(let n): return "Int \(n)"
    case .bool(let b): return "Bool \(b)"
    case .byteSize(let size): return "ByteSize \(size)"
    case .cpu(let cpu): return "CPU \(cpu)"
    case .duration(let duration): return "Duration \(duration)"
    case .port(let port): return "Port \(port)"
    case .path(let path): return "Path \(Self.quoted(path))"
    case .image(let image): return "Image \(Self.quoted(image.description))"
    case .fileMode(let mode): return "FileMode 0o\(String(mode.bits, radix: 8))"
    case .enumCase(let name): return "`\(name)`"
    case .portMapping(let mapping): return "PortMapping \(mapping)"
    case .list: return "a List"
    case .map: return "a Map"
    case .record: return "a record"
    case .variant(let name, _): return "`\(name)(…)`"
    case .reference(let id): return "\(id.kind.rawValue) `\(id.name)`"
    case .configEntry(let id, let key, let text): return "config entry `\(id.name).data.\(key)` (\(Self.quoted(text)))"
    }
  }

  static func quoted(_ text: String) -> String { text.quotedLiteral(limit: 40) }
}

extension PathUtilities {
  /// `target` written relative to the folder of `importer`, for an import fix-it.
  public static func relative(_ target: String, from importer: String) -> String {
    let base = importer.split(separator: "/").dropLast()
    let parts = target.split(separator: "/")
    var common = 0
    while common < base.count, common < parts.count - 1, base[base.startIndex + common] == parts[common] { common += 1 }
    let ups = Array(repeating: "..", count: base.count - common)
    return (ups + parts[common...].map(String.init)).joined(separator: "/")
  }
}
