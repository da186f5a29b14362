import IaCBasics
import IaCModel
import IaCSyntax

extension Evaluator {
  /// Checks that an evaluated value has the type a field expects, converting where the language
  /// allows it (an Int where a Port or CPU is expected, a String where a Path or Image is). `site`
  /// is where the value is used; when it was defined elsewhere, a note points there.
  func conform(_ value: Value, to type: FieldType, site: SourceRange, _ context: CheckContext) -> Value? {
    func result(_ kind: ValueKind) -> Value { Value(kind, range: value.range ?? site, origin: value.origin) }
    switch (type, value.kind) {
    case (.any, _):
      return value
    case (.data, _):
      // Plain data ends up in generated files: no secret may hide anywhere inside it.
      if let secret = firstSecret(in: value) {
        report(
          CheckDiagnostics.secretMisuse, "secret `\(secret.name)` cannot be used as plain data", at: site,
          notes: [
            DiagnosticNote("secret `\(secret.name)` is declared here", at: symbols.lookup(secret.name)?.nameRange)
          ],
          help: "plain data is written into generated files; pass secrets only to fields that accept a Secret",
          path: context.path)
        return nil
      }
      return value
    case (.string, .string), (.int, .int), (.bool, .bool), (.byteSize, .byteSize), (.cpu, .cpu),
      (.duration, .duration), (.port, .port), (.fileMode, .fileMode), (.path, .path), (.image, .image),
      (.portMapping, .portMapping):
      return value
    case (.string, .path(let text)), (.string, .configEntry(_, _, let text)):
      return result(.string(text))
    case (.scalar, .configEntry):
      // An environment variable keeps the reference to the config key.
      return value
    case (.scalar, .string), (.scalar, .path):
      return result(.string(value.stringValue!))
    case (.scalar, .int(let n)):
      return result(.string(String(n)))
    case (.scalar, .bool(let b)):
      return result(.string(String(b)))
    case (.cpu, .int(let cores)):
      let (millicores, overflow) = Int64(cores).multipliedReportingOverflow(by: 1000)
      guard !overflow, cores >= 0 else { return outOfRange("CPU \(cores) is out of range", site, context) }
      return result(.cpu(CPU(millicores: millicores)))
    case (.port, .int(let n)):
      guard let port = Port(n) else { return outOfRange("port \(n) is out of range (1–65535)", site, context) }
      return result(.port(port))
    case (.portMapping, .int(let n)):
      guard let port = Port(n) else { return outOfRange("port \(n) is out of range (1–65535)", site, context) }
      return result(.portMapping(PortMapping(published: port, target: port)))
    case (.portMapping, .port(let port)):
      return result(.portMapping(PortMapping(published: port, target: port)))
    case (.portMapping, .record(let fields)):
      return portMapping(fromRecord: fields, value, site: site, context)
    case (.portMapping, .map(let entries)):
      guard let record = record(PortMappingRecord.schema, from: entries, value, site: site, context),
        case .record(let fields) = record.kind
      else { return nil }
      return portMapping(fromRecord: fields, value, site: site, context)
    case (.string, .image(let image)), (.scalar, .image(let image)):
      return result(.string(image.description))
    case (.path, .string(let text)):
      guard PathRules.isAbsolute(text) else {
        return invalid(
          "`\(text)` is not an absolute path", site, context, help: "write the full path, starting with `/`")
      }
      return result(.path(text))
    case (.image, .string(let text)):
      return image(text, value, site: site, context)
    case (.enumeration(let schema), .enumCase(let name)) where schema.cases.contains(name):
      return value
    case (.list(let element), .list(let items)):
      let container = context.madePath
      let converted = items.enumerated().compactMap { index, item in
        conform(item, to: element, site: item.range ?? site, container.appending(index: index))
      }
      return converted.count == items.count ? result(.list(converted)) : nil
    case (.map(let keyType, let valueType), .map(let entries)):
      var converted: [NamedValue] = []
      let container = context.madePath
      for entry in entries {
        let entryContext = container.appending(entry.name)
        let keyRange = entry.nameRange ?? site
        guard checkKey(entry.name, at: keyRange, keyType, entryContext),
          let item = conform(entry.value, to: valueType, site: entry.value.range ?? site, entryContext)
        else { continue }
        converted.append(NamedValue(entry.name, nameRange: entry.nameRange, item))
      }
      return converted.count == entries.count ? result(.map(converted)) : nil
    case (.record(let schema), .map(let entries)), (.record(let schema), .record(let entries)):
      return record(schema, from: entries, value, site: site, context)
    case (.variant(let schema), .variant(let name, _)) where schema.constructor(name) != nil:
      return value
    case (.reference(let kind), .reference(let id)):
      guard kind == id.kind else {
        report(
          CheckDiagnostics.wrongReferenceKind, "expected a \(kind.rawValue), found \(id.kind.rawValue) `\(id.name)`",
          at: site, notes: [DiagnosticNote("\(id) is declared here", at: symbols.lookup(id.name)?.nameRange)],
          path: context.path)
        return nil
      }
      return value
    case (.oneOf(let name, let alternatives), _):
      for alternative in alternatives where accepts(alternative, value.kind) {
        return conform(value, to: alternative, site: site, context)
      }
      return mismatch(
        value, expected: name, site, context, help: "\(name) is " + alternatives.map(\.name).joined(separator: " or ")
      )
    default:
      break
    }
    if case .reference(let id) = value.kind, id.kind == .secret {
      report(
        CheckDiagnostics.secretMisuse, "secret `\(id.name)` cannot be used as \(type.name)", at: site,
        notes: [DiagnosticNote("secret `\(id.name)` is declared here", at: symbols.lookup(id.name)?.nameRange)],
        help: "secrets may only flow into fields that accept a Secret, such as a service's `env` values",
        path: context.path)
      return nil
    }
    let (help, fixIts) = suggestion(for: value, expected: type, site: site)
    return mismatch(value, expected: type.name, site, context, help: help, fixIts: fixIts)
  }

  func firstSecret(in value: Value) -> ResourceID? {
    switch value.kind {
    case .reference(let id) where id.kind == .secret: return id
    case .list(let items): return items.lazy.compactMap { self.firstSecret(in: $0) }.first
    case .map(let entries), .record(let entries), .variant(_, let entries):
      return entries.lazy.compactMap { self.firstSecret(in: $0.value) }.first
    default: return nil
    }
  }

  /// Whether a oneOf alternative is the one meant for this value.
  func accepts(_ type: FieldType, _ kind: ValueKind) -> Bool {
    switch (type, kind) {
    case (.reference, .reference): return true  // a wrong kind is reported as such by conform
    case (.variant, .variant), (.record, .map), (.record, .record): return true
    case (.scalar, .string), (.scalar, .int), (.scalar, .bool), (.scalar, .path), (.scalar, .configEntry),
      (.scalar, .image):
      return true
    case (.string, .string), (.string, .path), (.string, .configEntry): return true
    default: return false
    }
  }

  func mismatch(
    _ value: Value, expected: String, _ site: SourceRange, _ context: CheckContext, help: String? = nil,
    fixIts: [FixIt] = []
  ) -> Value? {
    report(
      CheckDiagnostics.typeMismatch, "expected \(expected), found \(describe(value))", at: site,
      notes: originNotes(value, site: site), help: help, fixIts: fixIts, path: context.path)
    return nil
  }

  /// When a value is used away from where it was written, say where it came from; and say so
  /// when an environment override put it there.
  func originNotes(_ value: Value, site: SourceRange) -> [DiagnosticNote] {
    var notes: [DiagnosticNote] = []
    if case .override(let override) = value.origin, override.range != site,
      !override.range.bytes.contains(site.start)
    {
      notes.append(
        DiagnosticNote("the value is set by an override in environment `\(override.environment)`", at: override.range))
    } else if let range = value.range, range != site, !(range.file === site.file && range.bytes.contains(site.start)) {
      notes.append(DiagnosticNote("the value comes from here", at: range))
    }
    return notes
  }

  func outOfRange(_ message: String, _ site: SourceRange, _ context: CheckContext) -> Value? {
    report(CheckDiagnostics.valueOutOfRange, message, at: site, path: context.path)
    return nil
  }

  func invalid(_ message: String, _ site: SourceRange, _ context: CheckContext, help: String? = nil) -> Value? {
    report(CheckDiagnostics.invalidValue, message, at: site, help: help, path: context.path)
    return nil
  }

  func image(_ text: String, _ value: Value, site: SourceRange, _ context: CheckContext) -> Value? {
    switch ImageReference.parse(text) {
    case .failure(let error):
      return invalid("invalid image reference `\(text)`: \(error)", site, context)
    case .success(let reference):
      if reference.tag == nil && reference.digest == nil {
        report(
          CheckDiagnostics.unpinnedImage, "image `\(text)` is not pinned to a tag or digest", at: site,
          help: "an image without a tag means `latest`; write a version, such as `\(text):1.0`", path: context.path)
        return nil
      }
      if reference.tag == "latest" && reference.digest == nil {
        report(
          CheckDiagnostics.latestImage, "image `\(text)` uses the `latest` tag", at: site,
          help: "pin a version so that every build runs the same software", path: context.path)
      }
      return Value(.image(reference), range: value.range ?? site, origin: value.origin)
    }
  }

  func portMapping(fromRecord fields: [NamedValue], _ value: Value, site: SourceRange, _ context: CheckContext)
    -> Value?
  {
    guard case .port(let target)? = fields.first(where: { $0.name == "target" })?.value.kind else { return nil }
    var published: Port?
    if case .port(let port)? = fields.first(where: { $0.name == "published" })?.value.kind { published = port }
    var transport = PortMapping.TransportProtocol.tcp
    if case .enumCase(let name)? = fields.first(where: { $0.name == "protocol" })?.value.kind,
      let parsed = PortMapping.TransportProtocol(rawValue: name)
    {
      transport = parsed
    }
    let hostIP = fields.first(where: { $0.name == "host_ip" })?.value.stringValue
    return Value(
      .portMapping(PortMapping(published: published, target: target, transport: transport, hostIP: hostIP)),
      range: value.range ?? site, origin: value.origin)
  }

  /// An inferred map (from a `let`) checked against a record schema, field by field.
  func record(
    _ schema: RecordSchema, from entries: [NamedValue], _ value: Value, site: SourceRange, _ context: CheckContext
  ) -> Value? {
    var given: [NamedValue] = []
    var valid = true
    let context = context.madePath
    for entry in entries {
      guard let field = schema.field(entry.name) else {
        unknownField(
          entry.name, at: entry.nameRange ?? site, in: schema.name, candidates: schema.fields.map(\.name), context)
        valid = false
        continue
      }
      let fieldContext = context.appending(field.name)
      guard let converted = conform(entry.value, to: field.type, site: entry.value.range ?? site, fieldContext),
        let checked = validateMinimum(converted, field, fieldContext)
      else {
        valid = false
        continue
      }
      given.append(NamedValue(field.name, nameRange: entry.nameRange, checked))
    }
    guard valid, var record = completeRecord(schema, given: given, at: value.range ?? site, context) else { return nil }
    record.origin = value.origin
    return record
  }

  /// "did you mean" for the common slips: a quoted number where a unit is expected, a bare number
  /// without its unit, a quoted enum case, `5m` meant as minutes.
  func suggestion(for value: Value, expected type: FieldType, site: SourceRange) -> (String?, [FixIt]) {
    func replace(_ text: String) -> (String?, [FixIt]) {
      ("did you mean `\(text)`?", [FixIt("replace with `\(text)`", range: site, replacement: text)])
    }
    switch (type, value.kind) {
    case (.byteSize, .string(let text)), (.duration, .string(let text)), (.cpu, .string(let text)):
      if let literal = Self.unitLiteral(in: text, for: type) { return replace(literal) }
      if Int(text) != nil { return replace(text + (type == .byteSize ? "Mi" : type == .duration ? "s" : "")) }
    case (.byteSize, .int(let n)): return replace("\(n)Mi")
    case (.duration, .int(let n)): return replace("\(n)s")
    case (.duration, .cpu(let cpu)) where Self.isMillicoreLiteral(site.text):
      let minutes = site.text.dropLast()
      return (
        "`\(site.text)` is \(cpu.millicores) millicores of CPU: `m` is milli-CPU; write `\(minutes)min` for minutes",
        [FixIt("replace with `\(minutes)min`", range: site, replacement: "\(minutes)min")]
      )
    case (.enumeration(let schema), .string(let text)) where schema.cases.contains(text):
      return (
        "enumeration cases are written without quotes: `\(text)`",
        [FixIt("remove the quotes", range: site, replacement: text)]
      )
    case (.enumeration(let schema), .string(let text)), (.enumeration(let schema), .enumCase(let text)):
      if let close = Suggestions.closest(to: text, in: schema.cases) { return replace(close) }
      return ("\(schema.name) is one of: " + schema.cases.joined(separator: ", "), [])
    case (.fileMode, .int), (.fileMode, .string):
      let digits: String
      if case .string(let text) = value.kind { digits = text } else { digits = site.text }
      let trimmed = digits.drop(while: { $0 == "0" })
      if !trimmed.isEmpty, trimmed.allSatisfy({ $0 >= "0" && $0 <= "7" }) { return replace("0o\(trimmed)") }
    case (.string, .int(let n)), (.scalar, .int(let n)): return replace("\"\(n)\"")
    case (.string, .bool(let b)): return replace("\"\(b)\"")
    default: break
    }
    return (nil, [])
  }

  static func isMillicoreLiteral(_ text: String) -> Bool {
    text.hasSuffix("m") && text.dropLast().allSatisfy { $0.isNumber || $0 == "." || $0 == "_" } && text.count > 1
  }

  /// `"512Mi"` → `512Mi` when the quoted text is a valid literal of the expected type.
  static func unitLiteral(in text: String, for type: FieldType) -> String? {
    let file = SourceFile(path: "<suggestion>", text: text)
    let (expr, diagnostics) = Parser.parseExpression(file)
    guard diagnostics.isEmpty else { return nil }
    switch (expr.kind, type) {
    case (.unitNumber(let literal), .byteSize) where literal.unit.dimension == .byteSize: return text
    case (.unitNumber(let literal), .duration) where literal.unit.dimension == .duration: return text
    case (.unitNumber(let literal), .cpu) where literal.unit.dimension == .cpu: return text
    case (.decimal, .cpu): return text
    default: return nil
    }
  }
}
