import IaCBasics
import IaCModel
import IaCSyntax

extension Evaluator {
  /// Checks an expression against the type its position expects. Forms whose meaning depends on
  /// that type (an identifier that is an enum case, a constructor call, a map with typed keys, a
  /// `by_env`) are handled here; everything else is evaluated and then conformed to the type.
  func check(_ expr: Expr, as type: FieldType, _ context: CheckContext) -> Value? {
    switch expr.kind {
    case .missing:
      return nil
    case .byEnv(let entries):
      markEnvironmentDependent()
      checkUnselectedDefault(entries, as: type, context)
      guard let chosen = selectByEnvironment(entries, at: expr.range, context) else { return nil }
      return check(chosen, as: type, context)
    case .reference(let path):
      if path.count == 1, let value = enumCase(path[0], for: type) { return value }
      if path.count == 1, case .enumeration(let schema) = type, symbols.lookup(path[0].name) == nil {
        let suggestion = Suggestions.closest(to: path[0].name, in: schema.cases)
        report(
          CheckDiagnostics.invalidValue, "`\(path[0].name)` is not a \(schema.name)", at: path[0].range,
          help: suggestion.map { "did you mean `\($0)`?" } ?? "\(schema.name) is one of: "
            + schema.cases.joined(separator: ", "),
          fixIts: suggestion.map { [FixIt("replace with `\($0)`", range: path[0].range, replacement: $0)] } ?? [],
          path: context.path)
        return nil
      }
      guard let value = resolve(path, context) else { return nil }
      return conform(value, to: type, site: expr.range, context)
    case .plus(let left, let right):
      switch type {
      case .list, .map, .string, .scalar:
        guard let a = check(left, as: type, context), let b = check(right, as: type, context) else { return nil }
        return combine(a, b, at: expr.range, context)
      case .path:
        // Only the whole needs to be absolute: `root + "/etc/motd"` with `root = ""`.
        guard let a = check(left, as: .string, context), let b = check(right, as: .string, context),
          let joined = combine(a, b, at: expr.range, context)
        else { return nil }
        return conform(joined, to: .path, site: expr.range, context)
      default:
        break
      }
    case .call(let name, let arguments):
      // With no expected type, the constructor's name says which variant it builds.
      if type == .any || type == .data { break }
      return checkCall(name, arguments, at: expr.range, as: type, context)
    case .list(let items):
      guard case .list(let element) = type else { break }
      let container = context.madePath
      let values = items.enumerated().compactMap { index, item in
        check(item, as: element, container.appending(index: index))
      }
      return Value(.list(values), range: expr.range, origin: context.origin)
    case .map(let entries):
      switch type {
      case .map(let keyType, let valueType):
        return checkMap(entries, keyType: keyType, valueType: valueType, at: expr.range, context)
      case .record(let schema):
        return checkRecord(entries, schema, at: expr.range, context)
      case .oneOf(_, let alternatives):
        if let record = alternatives.first(where: { if case .record = $0 { return true } else { return false } }) {
          return check(expr, as: record, context)
        }
      case .portMapping:
        return checkRecord(entries, PortMappingRecord.schema, at: expr.range, context).flatMap {
          conform($0, to: .portMapping, site: expr.range, context)
        }
      default: break
      }
    default:
      break
    }
    guard let value = infer(expr, context) else { return nil }
    return conform(value, to: type, site: expr.range, context)
  }

  /// Evaluates an expression with no expected type.
  func infer(_ expr: Expr, _ context: CheckContext) -> Value? {
    let origin = context.origin
    switch expr.kind {
    case .missing: return nil
    case .string(let literal):
      guard let text = interpolate(literal, context) else { return nil }
      return Value(.string(text), range: expr.range, origin: origin)
    case .integer(let value):
      return value.map { Value(.int($0), range: expr.range, origin: origin) }
    case .decimal(let text):
      // A bare fraction can only be an amount of CPU (`0.5`): the one fractional type.
      return quantity(text, scale: 1000, dimension: .cpu, at: expr.range, context)
    case .unitNumber(let literal):
      return quantity(
        literal.magnitude, scale: literal.unit.scale, dimension: literal.unit.dimension, at: expr.range, context)
    case .fileMode(let bits):
      return bits.map { Value(.fileMode(FileMode(bits: $0)), range: expr.range, origin: origin) }
    case .bool(let value):
      return Value(.bool(value), range: expr.range, origin: origin)
    case .reference(let path):
      return resolve(path, context)
    case .list(let items):
      let container = context.madePath
      let values = items.enumerated().compactMap { index, item in infer(item, container.appending(index: index)) }
      return Value(.list(values), range: expr.range, origin: origin)
    case .map(let entries):
      return checkMap(entries, keyType: .string, valueType: .any, at: expr.range, context)
    case .call(let name, let arguments):
      guard let variant = TypeCatalog.variantByConstructor[name.name] else {
        return checkCall(name, arguments, at: expr.range, as: .any, context)
      }
      return checkCall(name, arguments, at: expr.range, as: .variant(variant), context)
    case .portMapping(let published, let target):
      guard let publishedValue = check(published, as: .port, context),
        let targetValue = check(target, as: .port, context),
        case .port(let publishedPort) = publishedValue.kind, case .port(let targetPort) = targetValue.kind
      else { return nil }
      return Value(
        .portMapping(PortMapping(published: publishedPort, target: targetPort)), range: expr.range, origin: origin)
    case .plus(let left, let right):
      guard let a = infer(left, context), let b = infer(right, context) else { return nil }
      return combine(a, b, at: expr.range, context)
    case .byEnv(let entries):
      markEnvironmentDependent()
      checkUnselectedDefault(entries, as: .any, context)
      guard let chosen = selectByEnvironment(entries, at: expr.range, context) else { return nil }
      return infer(chosen, context)
    }
  }

  func quantity(
    _ magnitude: String, scale: Int64, dimension: NumberUnit.Dimension, at range: SourceRange, _ context: CheckContext
  ) -> Value? {
    switch QuantityArithmetic.scaled(magnitude, by: scale) {
    case .success(let amount):
      guard amount >= 0 else {
        report(
          CheckDiagnostics.valueOutOfRange, "\(dimension.rawValue) cannot be negative", at: range, path: context.path)
        return nil
      }
      let kind: ValueKind
      switch dimension {
      case .byteSize: kind = .byteSize(ByteSize(bytes: amount))
      case .duration: kind = .duration(Duration(milliseconds: amount))
      case .cpu: kind = .cpu(CPU(millicores: amount))
      }
      return Value(kind, range: range, origin: context.origin)
    case .failure(.notWhole):
      let unit =
        dimension == .byteSize
        ? "a whole number of bytes"
        : dimension == .cpu ? "a whole number of millicores" : "a whole number of milliseconds"
      report(CheckDiagnostics.valueOutOfRange, "`\(range.text)` is not \(unit)", at: range, path: context.path)
    case .failure(.overflow):
      report(
        CheckDiagnostics.valueOutOfRange, "`\(range.text)` is too large", at: range,
        help: "the value must fit in 64 bits once converted", path: context.path)
    case .failure(.malformed):
      report(SyntaxDiagnostics.invalidNumber, "`\(range.text)` is not a valid number", at: range, path: context.path)
    }
    return nil
  }

  /// A bare identifier where an enumeration is expected is a case name.
  func enumCase(_ identifier: Identifier, for type: FieldType) -> Value? {
    guard case .enumeration(let schema) = type, schema.cases.contains(identifier.name) else { return nil }
    return Value(.enumCase(identifier.name), range: identifier.range)
  }

  // MARK: - by_env

  /// Picks the branch for the current environment, checking every key names an environment.
  func selectByEnvironment(_ entries: [MapEntry], at range: SourceRange, _ context: CheckContext) -> Expr? {
    var seen: [String: SourceRange] = [:]
    for entry in entries where entry.interpolatedKey != nil {
      report(
        CheckDiagnostics.badEnvironmentSelection, "`by_env` keys are environment names, not computed strings",
        at: entry.keyRange, path: context.path)
      return nil
    }
    for entry in entries {
      if let first = seen[entry.key] {
        report(
          CheckDiagnostics.duplicateField, "`\(entry.key)` appears twice in `by_env`", at: entry.keyRange,
          notes: [DiagnosticNote("first given here", at: first)], path: context.path)
        continue
      }
      seen[entry.key] = entry.keyRange
      if entry.key != "default" && !layout.environmentNames.contains(entry.key) {
        let suggestion = Suggestions.closest(to: entry.key, in: layout.environmentNames + ["default"])
        report(
          CheckDiagnostics.badEnvironmentSelection, "`\(entry.key)` is not an environment", at: entry.keyRange,
          help: suggestion.map { "did you mean `\($0)`?" }
            ?? (layout.environmentNames.isEmpty
              ? "the program declares no environment; use `default`"
              : "environments: " + layout.environmentNames.joined(separator: ", ") + ", or `default`"),
          fixIts: suggestion.map { [FixIt("replace with `\($0)`", range: entry.keyRange, replacement: $0)] } ?? [],
          path: context.path)
      }
    }
    let key = environment ?? "default"
    if let entry = entries.first(where: { $0.key == key }) ?? entries.first(where: { $0.key == "default" }) {
      return entry.value
    }
    let missing = layout.environmentNames.filter { name in !entries.contains { $0.key == name } }
    report(
      CheckDiagnostics.badEnvironmentSelection,
      environment.map { "`by_env` has no value for environment `\($0)`" }
        ?? "`by_env` needs a `default` when no environment is declared",
      at: range,
      help: missing.isEmpty
        ? "add `default: …`" : "add `default: …`, or a value for " + missing.map { "`\($0)`" }.joined(separator: ", "),
      path: context.path)
    return nil
  }

  /// A `default` branch that every environment overrides is selected nowhere; check it once (in
  /// the first environment) so that a mistake in it is not silently kept.
  func checkUnselectedDefault(_ entries: [MapEntry], as type: FieldType, _ context: CheckContext) {
    guard environment == layout.environmentNames.first, environment != nil,
      let fallback = entries.first(where: { $0.key == "default" }),
      layout.environmentNames.allSatisfy({ name in entries.contains { $0.key == name } })
    else { return }
    _ = check(fallback.value, as: type, context)
  }

  /// `a + b`: lists joined, maps merged (a key in both is an error: nothing is overridden
  /// silently), strings and paths concatenated.
  func combine(_ left: Value, _ right: Value, at range: SourceRange, _ context: CheckContext) -> Value? {
    switch (left.kind, right.kind) {
    case (.list(let a), .list(let b)):
      return Value(.list(a + b), range: range, origin: context.origin)
    case (.map(let a), .map(let b)):
      var merged = a
      for entry in b {
        if let first = a.first(where: { $0.name == entry.name }) {
          report(
            CheckDiagnostics.duplicateField, "key `\(entry.name)` is in both maps joined by `+`",
            at: entry.nameRange ?? range,
            notes: [DiagnosticNote("the left side has it here", at: first.nameRange)],
            help: "remove it from one side; `+` never overrides a key silently", path: context.path)
          return nil
        }
        merged.append(entry)
      }
      return Value(.map(merged), range: range, origin: context.origin)
    case (.string(let a), .string(let b)):
      return Value(.string(a + b), range: range, origin: context.origin)
    case (.path(let a), .path(let b)), (.path(let a), .string(let b)):
      return Value(.path(a + b), range: range, origin: context.origin)
    default:
      report(
        CheckDiagnostics.typeMismatch, "cannot add \(describe(left)) and \(describe(right))", at: range,
        help: "`+` joins two lists, merges two maps or concatenates two strings", path: context.path)
      return nil
    }
  }

  // MARK: - Maps and records

  func checkMap(
    _ entries: [MapEntry], keyType: FieldType, valueType: FieldType, at range: SourceRange, _ context: CheckContext
  ) -> Value? {
    var values: [NamedValue] = []
    values.reserveCapacity(entries.count)
    // Most maps have a handful of literal keys: a scan of the earlier ones is cheaper than a
    // dictionary made for each map. Computed keys, or many keys, are hashed.
    let scanning = entries.count <= 16 && entries.allSatisfy { $0.interpolatedKey == nil }
    var seen: [String: SourceRange] = [:]
    let context = context.madePath
    // By position, reading only the parts of an entry it needs (see checkRecord).
    for position in entries.indices {
      var key = entries[position].key
      if let literal = entries[position].interpolatedKey {
        // A computed key (`"${root}/etc/motd"`) is a string like any other once evaluated.
        guard let text = interpolate(literal, context) else { continue }
        key = text
      }
      let keyRange = entries[position].keyRange
      let first = scanning ? entries[..<position].first(where: { $0.key == key })?.keyRange : seen[key]
      if let first {
        report(
          CheckDiagnostics.duplicateField, "key `\(key)` appears twice", at: keyRange,
          notes: [DiagnosticNote("first given here", at: first)], path: context.path)
        continue
      }
      if !scanning { seen[key] = keyRange }
      let entryContext = context.appending(key)
      guard checkKey(key, at: keyRange, keyType, entryContext),
        let value = check(entries[position].value, as: valueType, entryContext)
      else {
        continue
      }
      values.append(NamedValue(key, nameRange: keyRange, value))
    }
    return Value(.map(values), range: range, origin: context.origin)
  }

  /// Map keys are strings, absolute paths, or names of resources (an environment's `stacks`).
  func checkKey(_ key: String, at keyRange: SourceRange, _ keyType: FieldType, _ context: CheckContext) -> Bool {
    switch keyType {
    case .path:
      guard PathRules.isAbsolute(key) else {
        report(
          CheckDiagnostics.invalidValue, "`\(key)` is not an absolute path", at: keyRange,
          help: "write the full path, starting with `/`", path: context.path)
        return false
      }
      return true
    case .reference(let kind):
      let identifier = Identifier(name: key, range: keyRange)
      guard let value = resolve([identifier], context) else { return false }
      return conform(value, to: .reference(kind), site: keyRange, context) != nil
    default:
      return true
    }
  }

  /// A map literal checked as a record: every key must be a field, required fields present,
  /// defaults filled in.
  func checkRecord(_ entries: [MapEntry], _ schema: RecordSchema, at range: SourceRange, _ context: CheckContext)
    -> Value?
  {
    var given: [NamedValue] = []
    var valid = true
    for entry in entries where entry.interpolatedKey != nil {
      report(
        CheckDiagnostics.badArguments, "a field name cannot be computed", at: entry.keyRange,
        help: "write the name of a field of \(schema.name)", path: context.path)
      return nil
    }
    given.reserveCapacity(entries.count)
    let context = context.madePath
    // By position, reading only the parts of an entry it needs: copying each entry out of the list
    // retained and released all of them.
    for position in entries.indices {
      let key = entries[position].key
      // A record has a handful of fields: a scan of the earlier keys is cheaper than hashing them.
      if let first = entries[..<position].firstIndex(where: { $0.key == key }) {
        report(
          CheckDiagnostics.duplicateField, "field `\(key)` appears twice", at: entries[position].keyRange,
          notes: [DiagnosticNote("first given here", at: entries[first].keyRange)], path: context.path)
        continue
      }
      guard let field = schema.field(key) else {
        unknownField(
          key, at: entries[position].keyRange, in: schema.name, candidates: schema.fields.map(\.name), context)
        valid = false
        continue
      }
      let fieldContext = context.appending(field.name)
      if let value = check(entries[position].value, as: field.type, fieldContext),
        let checked = validateMinimum(value, field, fieldContext)
      {
        given.append(NamedValue(field.name, nameRange: entries[position].keyRange, checked))
      } else {
        valid = false
      }
    }
    guard let record = completeRecord(schema, given: given, at: range, context) else { return nil }
    return valid ? record : nil
  }

  /// Orders given fields by the schema, fills defaults, reports missing required fields.
  func completeRecord(_ schema: RecordSchema, given: [NamedValue], at range: SourceRange, _ context: CheckContext)
    -> Value?
  {
    var fields: [NamedValue] = []
    var complete = true
    for field in schema.fields {
      if let value = given.first(where: { $0.name == field.name }) {
        fields.append(value)
      } else if case .defaultValue = field.requirement, let value = defaultValue(field, in: context) {
        fields.append(NamedValue(field.name, value))
      } else if field.requirement == .required {
        report(
          CheckDiagnostics.missingField, "\(schema.name) is missing the required field `\(field.name)`", at: range,
          help: "add `\(field.name): …` (\(field.type.name)): \(field.doc)", path: context.path)
        complete = false
      }
    }
    return complete ? Value(.record(fields), range: range, origin: context.origin) : nil
  }

  func unknownField(
    _ name: String, at range: SourceRange, in owner: String, candidates: [String], _ context: CheckContext
  ) {
    let suggestion = Suggestions.closest(to: name, in: candidates)
    report(
      CheckDiagnostics.unknownField, "\(owner) has no field `\(name)`", at: range,
      help: suggestion.map { "did you mean `\($0)`?" } ?? "fields: " + candidates.joined(separator: ", "),
      fixIts: suggestion.map { [FixIt("replace with `\($0)`", range: range, replacement: $0)] } ?? [],
      path: context.path)
  }

  // MARK: - Calls

  /// `http(path: "/", port: 80)`: a variant constructor, arguments by position or label.
  func checkCall(
    _ name: Identifier, _ arguments: [Argument], at range: SourceRange, as type: FieldType, _ context: CheckContext
  ) -> Value? {
    let variant: VariantSchema
    switch type {
    case .variant(let schema): variant = schema
    case .oneOf(_, let alternatives):
      guard
        let schema = alternatives.lazy.compactMap({ alternative -> VariantSchema? in
          if case .variant(let schema) = alternative { return schema } else { return nil }
        }).first
      else { fallthrough }
      variant = schema
    case .any:
      report(
        CheckDiagnostics.badArguments, "unknown constructor `\(name.name)`", at: name.range,
        help: "constructors: " + TypeCatalog.variantByConstructor.keys.sorted().joined(separator: ", "),
        path: context.path)
      return nil
    default:
      let owner = TypeCatalog.variantByConstructor[name.name].map { "a \($0.name)" } ?? "a call"
      report(
        CheckDiagnostics.typeMismatch, "expected \(type.name), found \(owner) `\(name.name)(…)`", at: range,
        path: context.path)
      return nil
    }
    guard let constructor = variant.constructor(name.name) else {
      let names = variant.constructors.map(\.name)
      let suggestion = Suggestions.closest(to: name.name, in: names)
      report(
        CheckDiagnostics.badArguments, "\(variant.name) has no constructor `\(name.name)`", at: name.range,
        help: suggestion.map { "did you mean `\($0)`?" } ?? "\(variant.name) is one of: "
          + names.map { "\($0)(…)" }.joined(separator: ", "),
        fixIts: suggestion.map { [FixIt("replace with `\($0)`", range: name.range, replacement: $0)] } ?? [],
        path: context.path)
      return nil
    }
    // Positional arguments fill the fields in schema order; labels may follow.
    var entries: [MapEntry] = []
    var sawLabel = false
    for (position, argument) in arguments.enumerated() {
      if let label = argument.label {
        sawLabel = true
        entries.append(MapEntry(key: label.name, keyRange: label.range, keyIsQuoted: false, value: argument.value))
      } else if sawLabel {
        report(
          CheckDiagnostics.badArguments, "a positional argument cannot follow a labelled one", at: argument.value.range,
          path: context.path)
        return nil
      } else if position < constructor.fields.count {
        entries.append(
          MapEntry(
            key: constructor.fields[position].name, keyRange: argument.value.range, keyIsQuoted: false,
            value: argument.value))
      } else {
        report(
          CheckDiagnostics.badArguments,
          "`\(name.name)` takes at most \(constructor.fields.count) argument\(constructor.fields.count == 1 ? "" : "s")",
          at: argument.value.range,
          help: "`\(name.name)(" + constructor.fields.map(\.name).joined(separator: ", ") + ")`", path: context.path)
        return nil
      }
    }
    guard let record = checkRecord(entries, constructor, at: range, context), case .record(let fields) = record.kind
    else { return nil }
    return Value(.variant(name.name, fields), range: range, origin: context.origin)
  }

  // MARK: - Strings

  /// Builds an interpolated string. Only plain values may be interpolated: a secret never, since
  /// the text would carry its value into a generated file.
  func interpolate(_ literal: StringLiteral, _ context: CheckContext) -> String? {
    if let plain = literal.plainText { return plain }
    var text = ""
    var valid = true
    for part in literal.parts {
      switch part {
      case .text(let piece):
        text += piece
      case .interpolation(let expr):
        guard let value = infer(expr, context) else {
          valid = false
          continue
        }
        if let piece = interpolationText(value, site: expr.range, context) { text += piece } else { valid = false }
      }
    }
    return valid ? text : nil
  }

  func interpolationText(_ value: Value, site: SourceRange, _ context: CheckContext) -> String? {
    switch value.kind {
    case .string(let text), .path(let text), .configEntry(_, _, let text): return text
    case .int(let n): return String(n)
    case .bool(let b): return String(b)
    case .port(let port): return port.description
    case .image(let image): return image.description
    case .byteSize(let size): return size.description
    case .cpu(let cpu): return cpu.description
    case .duration(let duration): return duration.description
    case .enumCase(let name): return name
    case .fileMode(let mode): return mode.description
    case .reference(let id) where id.kind == .secret:
      report(
        CheckDiagnostics.secretMisuse, "secret `\(id.name)` cannot be interpolated into a string", at: site,
        label: "this would copy the secret's value into plain text",
        notes: [DiagnosticNote("secret `\(id.name)` is declared here", at: symbols.lookup(id.name)?.nameRange)],
        help: "secrets may only flow into fields that accept a Secret, such as a service's `env` values",
        path: context.path)
      return nil
    default:
      report(
        CheckDiagnostics.typeMismatch, "cannot interpolate \(describe(value)) into a string", at: site,
        help: {
          if case .reference(let id) = value.kind {
            return "read one of its fields, such as `\(id.name).\(Schemas.schema(for: id.kind).fields[0].name)`"
          } else {
            return nil
          }
        }(),
        path: context.path)
      return nil
    }
  }
}

/// The record form of a port mapping: `{ published: 53, target: 53, protocol: udp }`.
enum PortMappingRecord {
  static let schema = RecordSchema(
    name: "PortMapping", doc: "A port with its protocol and host address.",
    fields: [
      FieldSchema("target", .port, .required, "The container port."),
      FieldSchema("published", .port, .optional, "The host port; without it the port is not published."),
      FieldSchema("protocol", .enumeration(Schemas.transportProtocol), .defaultValue("tcp"), "tcp or udp."),
      FieldSchema("host_ip", .string, .optional, "The host address to bind, such as `127.0.0.1`."),
    ])
}

enum PathRules {
  static func isAbsolute(_ path: String) -> Bool { path.hasPrefix("/") && !path.contains("\u{0}") }
}
