import IaCJSON

// JSON through jansson: `{"version": 1, "declarations": [...]}`. Values are tagged objects
// (`{"string": "x"}`, `{"quantity": ["512", "Mi"]}`), so every form reads back unambiguously.

extension WireValue {
  public func json() -> JSONValue {
    switch self {
    case .string(let text): return .object(["string": .string(text)])
    case .int(let n): return .object(["int": .int(n)])
    case .bool(let b): return .object(["bool": .bool(b)])
    case .quantity(let magnitude, let unit): return .object(["quantity": .array([.string(magnitude), .string(unit)])])
    case .decimal(let text): return .object(["decimal": .string(text)])
    case .fileMode(let bits): return .object(["file_mode": .int(bits)])
    case .enumCase(let name): return .object(["enum": .string(name)])
    case .reference(let path): return .object(["reference": .array(path.map { .string($0) })])
    case .call(let name, let arguments):
      return .object([
        "call": .string(name),
        "arguments": .array(arguments.map { .object(["label": .string($0.label), "value": $0.value.json()]) }),
      ])
    case .list(let items): return .object(["list": .array(items.map { $0.json() })])
    case .map(let entries):
      return .object(["map": .array(entries.map { .object(["key": .string($0.key), "value": $0.value.json()]) })])
    case .portMapping(let published, let target):
      return .object(["port_mapping": .array([published.json(), target.json()])])
    case .text(let parts):
      return .object([
        "text": .array(
          parts.map { part in
            switch part {
            case .literal(let text): return .string(text)
            case .value(let value): return value.json()
            }
          })
      ])
    case .byEnvironment(let branches):
      return .object([
        "by_env": .array(branches.map { .object(["environment": .string($0.environment), "value": $0.value.json()]) })
      ])
    }
  }

  public static func from(_ json: JSONValue) throws(WireFormat.ReadError) -> WireValue {
    guard case .object(let object) = json, let (tag, body) = object.entries.first.map({ ($0.key, $0.value) }) else {
      throw .malformed("a value is not a tagged object")
    }
    func string(_ value: JSONValue?) throws(WireFormat.ReadError) -> String {
      guard let text = value?.stringValue else { throw .malformed("`\(tag)` needs a string") }
      return text
    }
    switch tag {
    case "string": return .string(try string(body))
    case "int":
      guard let n = body.intValue else { throw .malformed("`int` needs an integer") }
      return .int(n)
    case "bool":
      guard let b = body.boolValue else { throw .malformed("`bool` needs a boolean") }
      return .bool(b)
    case "quantity":
      guard let parts = body.arrayValue, parts.count == 2 else {
        throw .malformed("`quantity` needs [magnitude, unit]")
      }
      return .quantity(try string(parts[0]), unit: try string(parts[1]))
    case "decimal": return .decimal(try string(body))
    case "file_mode":
      guard let n = body.intValue else { throw .malformed("`file_mode` needs an integer") }
      return .fileMode(n)
    case "enum": return .enumCase(try string(body))
    case "reference":
      guard let parts = body.arrayValue else { throw .malformed("`reference` needs a list") }
      var path: [String] = []
      for part in parts { path.append(try string(part)) }
      return .reference(path)
    case "call":
      var arguments: [(label: String, value: WireValue)] = []
      for argument in object["arguments"]?.arrayValue ?? [] {
        arguments.append((try string(argument["label"]), try from(argument["value"] ?? .null)))
      }
      return .call(try string(body), arguments)
    case "list":
      guard let items = body.arrayValue else { throw .malformed("`list` needs a list") }
      var values: [WireValue] = []
      for item in items { values.append(try from(item)) }
      return .list(values)
    case "map":
      guard let entries = body.arrayValue else { throw .malformed("`map` needs a list") }
      var values: [(key: String, value: WireValue)] = []
      for entry in entries { values.append((try string(entry["key"]), try from(entry["value"] ?? .null))) }
      return .map(values)
    case "port_mapping":
      guard let parts = body.arrayValue, parts.count == 2 else { throw .malformed("`port_mapping` needs two values") }
      return .portMapping(try from(parts[0]), try from(parts[1]))
    case "text":
      guard let parts = body.arrayValue else { throw .malformed("`text` needs a list") }
      var pieces: [WireTextPart] = []
      for part in parts {
        if let literal = part.stringValue {
          pieces.append(.literal(literal))
        } else {
          pieces.append(.value(try from(part)))
        }
      }
      return .text(pieces)
    case "by_env":
      guard let branches = body.arrayValue else { throw .malformed("`by_env` needs a list") }
      var values: [(environment: String, value: WireValue)] = []
      for branch in branches { values.append((try string(branch["environment"]), try from(branch["value"] ?? .null))) }
      return .byEnvironment(values)
    default:
      throw .malformed("unknown value form `\(tag)`")
    }
  }
}

extension WireDeclaration {
  public func json() -> JSONValue {
    .object([
      "kind": .string(kind), "name": .string(name), "file": .string(file), "line": .int(line),
      "fields": .array(fields.map { .object(["name": .string($0.name), "value": $0.value.json()]) }),
      "overrides": .array(
        overrides.map { .object(["path": .array($0.path.map { .string($0) }), "value": $0.value.json()]) }),
    ])
  }

  public static func from(_ json: JSONValue) throws(WireFormat.ReadError) -> WireDeclaration {
    guard let kind = json["kind"]?.stringValue, let name = json["name"]?.stringValue,
      let file = json["file"]?.stringValue, let line = json["line"]?.intValue
    else { throw .malformed("a declaration without kind, name, file and line") }
    var fields: [(name: String, value: WireValue)] = []
    for field in json["fields"]?.arrayValue ?? [] {
      guard let fieldName = field["name"]?.stringValue else { throw .malformed("a field without a name") }
      fields.append((fieldName, try WireValue.from(field["value"] ?? .null)))
    }
    var overrides: [(path: [String], value: WireValue)] = []
    for override in json["overrides"]?.arrayValue ?? [] {
      let path = (override["path"]?.arrayValue ?? []).compactMap(\.stringValue)
      guard path.count >= 2 else { throw .malformed("an override needs resource.field") }
      overrides.append((path, try WireValue.from(override["value"] ?? .null)))
    }
    return WireDeclaration(kind: kind, name: name, fields: fields, overrides: overrides, file: file, line: line)
  }
}

extension WireProgram {
  public func serialized() -> String {
    JSONValue.object(["version": .int(WireFormat.version), "declarations": .array(declarations.map { $0.json() })])
      .serialized(.compact)
  }

  public static func parse(_ text: String) throws(WireFormat.ReadError) -> WireProgram {
    let document: JSONValue
    switch JSONValue.parse(text) {
    case .success(let value): document = value
    case .failure(let error): throw .notJSON(error.description)
    }
    guard document["version"]?.intValue == WireFormat.version else {
      throw .versionMismatch(found: document["version"]?.intValue)
    }
    var declarations: [WireDeclaration] = []
    for declaration in document["declarations"]?.arrayValue ?? [] {
      declarations.append(try WireDeclaration.from(declaration))
    }
    return WireProgram(declarations: declarations)
  }
}
