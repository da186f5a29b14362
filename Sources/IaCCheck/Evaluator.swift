import IaCBasics
import IaCModel
import IaCSyntax

/// Where an expression is being checked: which file's names it sees, the data path of the value
/// and where the value comes from.
///
/// The data path is read only for a diagnostic, and most values have none: the path down to the
/// value's container is made, the value's own key or index is kept aside (`last`) and added when
/// a diagnostic asks (`path`). A container makes its own path once (`madePath`) before its values
/// extend it: otherwise each of them would make it again.
struct CheckContext {
  var file: Int
  private var parent: DataPath
  private var last: DataPath.Component?
  var origin: ValueOrigin = .declared

  init(file: Int, path: DataPath, origin: ValueOrigin = .declared) {
    self.file = file
    self.parent = path
    self.origin = origin
  }

  /// `path` extended by `key`, made when it is read.
  init(file: Int, under path: DataPath, key: String) {
    self.file = file
    self.parent = path
    self.last = .key(key)
  }

  var path: DataPath { last.map { parent.appending($0) } ?? parent }

  /// The same context with its path made: for a container, before its values extend it.
  var madePath: CheckContext {
    guard last != nil else { return self }
    var copy = self
    copy.parent = path
    copy.last = nil
    return copy
  }

  func appending(_ key: String) -> CheckContext {
    var copy = madePath
    copy.last = .key(key)
    return copy
  }

  func appending(index: Int) -> CheckContext {
    var copy = madePath
    copy.last = .index(index)
    return copy
  }
}

/// An override `resource.field… = value` from one environment block.
struct Override {
  var environment: String
  var file: Int
  var entry: Entry
  /// Where the entry sits in the environment's block (to release it: `OverrideTable.remove`).
  var position: Int
  /// The path after the resource name: field, then record fields or map keys.
  var fieldPath: [Identifier] { Array(entry.path.dropFirst()) }
}

/// Evaluates and type-checks the program as one environment sees it. Values are computed on
/// demand and memoised, so references may point forwards and across files; a value that is
/// requested while it is being computed is a reference cycle.
final class Evaluator {
  enum State<T> {
    case inProgress
    case done(T)
  }

  let program: Program
  let symbols: SymbolTable
  let layout: ProgramLayout
  /// The environment being evaluated; nil when the program declares none.
  let environment: String?
  let commandLineParams: [String: Expr]
  @exclusivity(unchecked) var diagnostics: [Diagnostic] = []

  /// A memoised value and whether it depends on the environment (a `by_env`, an override, or a
  /// value that depends on one).
  struct Memo {
    var value: Value?
    var environmentDependent: Bool
  }

  /// By symbol index and field index: fields in progress, and the values of this environment
  /// that are not in `shared`. Bindings by symbol index.
  @exclusivity(unchecked) var fieldStates: MemoTable
  @exclusivity(unchecked) var bindingStates: [Int: State<Memo>] = [:]
  /// One flag per value being computed: did it touch anything environment-specific?
  @exclusivity(unchecked) var dependence: [Bool] = []
  /// `services.NAME` by symbol index, made once: every field's data path extends it.
  @exclusivity(unchecked) var resourcePaths: [DataPath?]
  /// Values that are the same in every environment, computed by whichever environment came first.
  let shared: SharedEvaluations

  init(
    program: Program, symbols: SymbolTable, layout: ProgramLayout, environment: String?, params: [String: Expr],
    shared: SharedEvaluations
  ) {
    self.program = program
    self.symbols = symbols
    self.layout = layout
    self.environment = environment
    self.commandLineParams = params
    self.shared = shared
    self.fieldStates = MemoTable(rowSizes: shared.rowSizes)
    self.resourcePaths = Array(repeating: nil, count: shared.rowSizes.count)
  }

  func resourcePath(_ symbol: Symbol, _ kind: ResourceKind) -> DataPath {
    if let path = resourcePaths[symbol.index] { return path }
    let path = DataPath(kind.pluralName, symbol.name)
    resourcePaths[symbol.index] = path
    return path
  }

  static func memoKey(_ symbol: Symbol, _ fieldIndex: Int) -> Int { symbol.index &* 64 &+ fieldIndex }

  /// The value being computed depends on the environment; so does everything that uses it.
  func markEnvironmentDependent() {
    if !dependence.isEmpty { dependence[dependence.count - 1] = true }
  }

  func report(
    _ descriptor: DiagnosticDescriptor, _ message: String, at range: SourceRange?, label: String? = nil,
    notes: [DiagnosticNote] = [], help: String? = nil, fixIts: [FixIt] = [], path: DataPath? = nil
  ) {
    diagnostics.append(
      Diagnostic(
        descriptor, message, at: range, label: label, notes: notes, help: help, fixIts: fixIts,
        dataPath: path.flatMap { $0.isEmpty ? nil : $0 }))
  }

  // MARK: - Resources

  /// Every field of a resource in schema order, defaults filled in, overrides applied.
  func evaluateResource(_ symbol: Symbol) -> Resource? {
    guard case .resource(let kind, let decl) = symbol.kind else { return nil }
    // A resource none of whose fields depends on the environment is the same in every one.
    if let cached = shared.resources[symbol.index] { return cached }
    let schema = Schemas.schema(for: kind)
    let defaults = kindDefaults(kind)
    var fields: [NamedValue] = []
    var defaulted: UInt64 = 0
    var dependent = kind == .environment
    for (index, field) in schema.fields.enumerated() {
      let value = fieldValue(symbol, field, index: index)
      if case .done(let memo)? = fieldStates[symbol.index, index], memo.environmentDependent { dependent = true }
      if let value {
        if defaults.fields[index] != nil, isUnset(symbol, field, index: index) {
          defaulted |= 1 << index
        } else {
          fields.append(
            NamedValue(field.name, nameRange: layout.entryNameRange(of: symbol, field: index), value))
        }
      } else if field.requirement == .required, isUnset(symbol, field, index: index) {
        report(
          CheckDiagnostics.missingField,
          "\(kind.rawValue) `\(symbol.name)` is missing the required field `\(field.name)`",
          at: decl.name.range, help: "add `\(field.name) = …` (\(field.type.name)): \(field.doc)",
          path: DataPath(kind.pluralName, symbol.name, field.name))
      }
    }
    // Appending doubles the capacity as it goes: a copy of the right size keeps a large model
    // from carrying up to twice its fields' memory.
    let resource = Resource(
      id: ResourceID(kind: kind, name: symbol.name), nameRange: decl.name.range, declarationRange: decl.range,
      setFields: fields.capacity > fields.count ? Self.exactCopy(fields) : fields, defaults: defaults,
      defaultedFields: defaulted)
    if !dependent { shared.resources[symbol.index] = resource }
    return resource
  }

  static func exactCopy(_ fields: [NamedValue]) -> [NamedValue] {
    [NamedValue](unsafeUninitializedCapacity: fields.count) { buffer, count in
      count = buffer.initialize(fromContentsOf: fields)
    }
  }

  /// One field's value in this environment, memoised. Nil when unset or invalid (reported).
  /// A value that depends on no environment is computed once and shared by every environment.
  func fieldValue(_ symbol: Symbol, _ field: FieldSchema, index: Int, requestedAt site: SourceRange? = nil) -> Value? {
    let key = Self.memoKey(symbol, index)
    switch fieldStates[symbol.index, index] {
    case .done(let memo):
      if memo.environmentDependent { markEnvironmentDependent() }
      return memo.value
    case .inProgress:
      report(
        CheckDiagnostics.referenceCycle, "`\(symbol.name).\(field.name)` depends on itself", at: site,
        notes: [DiagnosticNote("`\(symbol.name)` is declared here", at: symbol.nameRange)])
      return nil
    case nil: break
    }
    guard case .resource(let kind, _) = symbol.kind else { return nil }
    // An environment's own fields are evaluated in that environment only: never shared.
    let shareable = kind != .environment
    // Read from the shared table each time, not copied into this one: a large program's values
    // are then held once, not once per environment.
    if shareable, case .done(let cached)? = shared.fields[symbol.index, index] { return cached.value }
    fieldStates[symbol.index, index] = .inProgress
    // Overridden in some environment: depends on the environment even where no override applies.
    let overridden = layout.overriddenFields.contains(key)
    dependence.append(overridden)
    // Most of a resource's fields are neither set nor overridden: they take the kind's checked
    // default, if the field has one, and need no context.
    var context: CheckContext { CheckContext(file: symbol.file, under: resourcePath(symbol, kind), key: field.name) }
    var value: Value?
    if let entry = layout.entryValue(of: symbol, field: index) {
      let context = context
      value = check(entry, as: field.type, context)
      if let checked = value { value = validateMinimum(checked, field, context) }
    } else if field.hasDefault {
      value = kindDefaults(kind).fields[index]?.value
    }
    for override in overridden ? overridesFor(symbol.name, field.name) : [] {
      var overrideContext = context
      overrideContext.file = override.file
      overrideContext.origin = .override(OverrideSite(environment: override.environment, at: override.entry.range))
      value = applyOverride(override, to: value, field: field, context: overrideContext)
    }
    let dependent = dependence.removeLast()
    if dependent { markEnvironmentDependent() }
    if shareable && !dependent {
      fieldStates[symbol.index, index] = nil
      shared.fields[symbol.index, index] = .done(Memo(value: value, environmentDependent: false))
    } else {
      fieldStates[symbol.index, index] = .done(Memo(value: value, environmentDependent: dependent))
    }
    return value
  }

  func validateMinimum(_ value: Value, _ field: FieldSchema, _ context: CheckContext) -> Value? {
    if let minimum = field.minimum, case .int(let n) = value.kind, n < minimum {
      report(
        CheckDiagnostics.valueOutOfRange, "`\(field.name)` must be at least \(minimum), found \(n)", at: value.range,
        path: context.path)
      return nil
    }
    return value
  }

  /// The overrides of one field in this environment, whole-field ones first, so that a more
  /// specific override (`a.resources.limits.memory`) applies on top of a whole one (`a.resources`).
  func overridesFor(_ resource: String, _ field: String) -> [Override] {
    guard let environment, let all = layout.overrides.of(resource, in: environment) else { return [] }
    return all.filter { $0.fieldPath.first?.name == field }.enumerated()
      .sorted { ($0.element.entry.path.count, $0.offset) < ($1.element.entry.path.count, $1.offset) }.map(\.element)
  }

  /// Replaces the whole field, or one record field / map entry inside it.
  func applyOverride(_ override: Override, to base: Value?, field: FieldSchema, context: CheckContext) -> Value? {
    let path = Array(override.fieldPath.dropFirst())
    if path.isEmpty {
      guard let value = check(override.entry.value, as: field.type, context) else { return base }
      return validateMinimum(value, field, context)
    }
    return setNested(base, type: field.type, path: path[...], override: override, context: context)
  }

  func setNested(
    _ base: Value?, type: FieldType, path: ArraySlice<Identifier>, override: Override, context: CheckContext
  ) -> Value? {
    guard let component = path.first else {
      return check(override.entry.value, as: type, context) ?? base
    }
    let rest = path.dropFirst()
    switch type {
    case .record(let schema):
      guard let field = schema.field(component.name) else {
        unknownField(
          component.name, at: component.range, in: schema.name, candidates: schema.fields.map(\.name), context)
        return base
      }
      var fields: [NamedValue] = []
      if case .record(let existing) = base?.kind { fields = existing }
      let current = fields.first { $0.name == field.name }?.value
      guard
        let updated = setNested(
          current, type: field.type, path: rest, override: override, context: context.appending(field.name))
      else { return base }
      if let index = fields.firstIndex(where: { $0.name == field.name }) {
        fields[index].value = updated
      } else {
        fields.append(NamedValue(field.name, updated))
        let given = fields
        fields = schema.fields.compactMap { schemaField in given.first { $0.name == schemaField.name } }
      }
      if base == nil {
        // A record created by an override alone still needs its required fields and defaults.
        return completeRecord(schema, given: fields, at: override.entry.range, context)
      }
      return Value(.record(fields), range: base?.range, origin: base?.origin ?? context.origin)
    case .map(let keyType, let valueType):
      guard checkKey(component.name, at: component.range, keyType, context.appending(component.name)) else {
        return base
      }
      var entries: [NamedValue] = []
      if case .map(let existing) = base?.kind { entries = existing }
      let current = entries.first { $0.name == component.name }?.value
      guard
        let updated = setNested(
          current, type: valueType, path: rest, override: override, context: context.appending(component.name))
      else { return base }
      if let index = entries.firstIndex(where: { $0.name == component.name }) {
        entries[index].value = updated
      } else {
        entries.append(NamedValue(component.name, nameRange: component.range, updated))
      }
      return Value(.map(entries), range: base?.range, origin: base?.origin ?? context.origin)
    default:
      report(
        CheckDiagnostics.invalidOverride,
        "cannot override `\(component.name)` inside a \(type.name): only records and maps can be overridden field by field",
        at: component.range, path: context.path)
      return base
    }
  }

  /// Neither the program nor this environment's overrides set the field: its value, if any, is
  /// the schema's default. (An override inside a defaulted record keeps the `.defaulted` origin,
  /// so the origin alone cannot tell.)
  func isUnset(_ symbol: Symbol, _ field: FieldSchema, index: Int) -> Bool {
    guard !layout.hasEntry(symbol, field: index) else { return false }
    return !layout.overriddenFields.contains(Self.memoKey(symbol, index))
      || overridesFor(symbol.name, field.name).isEmpty
  }

  /// The checked defaults of a resource kind, made the first time a resource of the kind is
  /// evaluated. A default is the same value wherever it applies (`defaultValue`).
  func kindDefaults(_ kind: ResourceKind) -> ResourceDefaults {
    if let made = shared.kindDefaults[kind] { return made }
    let schema = Schemas.schema(for: kind)
    let context = CheckContext(file: -1, path: DataPath(kind.pluralName))
    let made = ResourceDefaults(
      fields: schema.fields.map { field in defaultValue(field, in: context).map { NamedValue(field.name, $0) } })
    shared.kindDefaults[kind] = made
    return made
  }

  /// Evaluates the default of `field`, a field of the record (or resource) that `context` is at,
  /// as if the user had written it. A default is the same wherever it is used: checked once per
  /// type, then shared (the field's data path is made only then).
  func defaultValue(_ field: FieldSchema, in context: CheckContext) -> Value? {
    guard case .defaultValue(let text) = field.requirement else { return nil }
    // Two strings, not one made of them: this is asked for every default of every record.
    let key = DefaultKey(text: text, type: field.type.name)
    if let cached = shared.defaults[key] { return cached }
    guard let expr = DefaultValues.expression(for: field),
      var value = check(expr, as: field.type, context.appending(field.name))
    else {
      return nil
    }
    value.range = nil
    value.origin = .defaulted
    shared.defaults[key] = value
    return value
  }

  // MARK: - Bindings

  /// The value of a `let` or `param` in this environment, memoised.
  func bindingValue(_ symbol: Symbol, requestedAt site: SourceRange) -> Value? {
    switch bindingStates[symbol.index] {
    case .done(let memo):
      if memo.environmentDependent { markEnvironmentDependent() }
      return memo.value
    case .inProgress:
      report(
        CheckDiagnostics.referenceCycle, "`\(symbol.name)` depends on itself", at: site,
        notes: [DiagnosticNote("`\(symbol.name)` is declared here", at: symbol.nameRange)])
      return nil
    case nil: break
    }
    if let cached = shared.bindings[symbol.index] {
      bindingStates[symbol.index] = .done(Memo(value: cached, environmentDependent: false))
      return cached
    }
    bindingStates[symbol.index] = .inProgress
    dependence.append(false)
    let context = CheckContext(file: symbol.file, path: DataPath(symbol.name))
    var value: Value?
    switch symbol.kind {
    case .letBinding(let decl):
      // An annotation that names no type is reported; checking the value against Any would only
      // add confusing errors.
      guard let type = decl.type.map({ resolveType($0) }) ?? .any else { break }
      value = check(decl.value, as: type, context)
    case .param(let decl):
      guard let type = decl.type.map({ resolveType($0) }) ?? .any else { break }
      if let given = commandLineParams[symbol.name] {
        value = check(given, as: type, CheckContext(file: -1, path: DataPath(symbol.name)))
      } else if let defaultValue = decl.defaultValue {
        value = check(defaultValue, as: type, context)
      } else {
        report(
          CheckDiagnostics.paramWithoutValue, "param `\(symbol.name)` has no default and no value was given",
          at: decl.name.range,
          help: "pass `--param \(symbol.name)=…` or give it a default: `param \(symbol.name): … = …`")
      }
    case .resource:
      break
    }
    let dependent = dependence.removeLast()
    if dependent { markEnvironmentDependent() }
    bindingStates[symbol.index] = .done(Memo(value: value, environmentDependent: dependent))
    if !dependent { shared.bindings.updateValue(value, forKey: symbol.index) }
    return value
  }

  /// `String`, `List<Port>`, `Map<ByteSize>`, `Volume`, `RestartPolicy`…
  func resolveType(_ syntax: TypeSyntax) -> FieldType? {
    let name = syntax.name.name
    let arity = syntax.arguments.count
    func argument(_ index: Int) -> FieldType? { resolveType(syntax.arguments[index]) }
    switch (name, arity) {
    case ("List", 1): return argument(0).map(FieldType.list)
    case ("Map", 1): return argument(0).map { .map(key: .string, value: $0) }
    case ("Map", 2):
      guard let key = argument(0), let value = argument(1) else { return nil }
      switch key {
      case .string, .path, .reference: return .map(key: key, value: value)
      default:
        report(
          CheckDiagnostics.typeMismatch, "map keys are String, Path or a resource kind, not \(key.name)",
          at: syntax.arguments[0].range)
        return nil
      }
    default: break
    }
    if arity == 0, let type = TypeCatalog.named[name] { return type }
    if ["List", "Map"].contains(name) {
      let form = name == "List" ? "one type argument: `List<String>`" : "one or two type arguments: `Map<Port>`"
      report(CheckDiagnostics.typeMismatch, "`\(name)` takes \(form)", at: syntax.range)
      return nil
    }
    if arity > 0, TypeCatalog.named[name] != nil {
      report(CheckDiagnostics.typeMismatch, "`\(name)` takes no type arguments", at: syntax.range)
      return nil
    }
    let candidates = Array(TypeCatalog.named.keys) + ["List", "Map"]
    let suggestion = Suggestions.closest(to: name, in: candidates)
    report(
      CheckDiagnostics.typeMismatch, "unknown type `\(name)`", at: syntax.range,
      help: suggestion.map { "did you mean `\($0)`?" })
    return nil
  }
}

/// Values that are the same in every environment, shared between the evaluators of one check.
final class SharedEvaluations {
  /// Never in progress, never environment-dependent: a cell is either not computed or done.
  @exclusivity(unchecked) var fields: MemoTable
  /// By symbol index: how many fields its schema has (0 for a `let` or `param`).
  let rowSizes: [Int]
  init(symbols: SymbolTable) {
    var sizes = [Int](repeating: 0, count: symbols.all.count)
    for symbol in symbols.all {
      if case .resource(let kind, _) = symbol.kind { sizes[symbol.index] = Schemas.schema(for: kind).fields.count }
    }
    rowSizes = sizes
    fields = MemoTable(rowSizes: sizes)
  }
  @exclusivity(unchecked) var bindings: [Int: Value?] = [:]
  /// The resource a declaration makes when none of its fields depends on the environment, while
  /// the environments evaluate that declaration in turn.
  @exclusivity(unchecked) var resources: [Int: Resource] = [:]
  @exclusivity(unchecked) var defaults: [DefaultKey: Value] = [:]
  @exclusivity(unchecked) var kindDefaults: [ResourceKind: ResourceDefaults] = [:]
}

/// A checked default is the same for the same text and type.
struct DefaultKey: Hashable {
  let text: String
  let type: String
}

/// Every type a `let` or `param` annotation may name: the built-in types, the resource kinds (as
/// references), and the enums, records and variants that the schemas declare.
enum TypeCatalog {
  static let named: [String: FieldType] = {
    var types: [String: FieldType] = [
      "String": .string, "Int": .int, "Bool": .bool, "ByteSize": .byteSize, "CPU": .cpu, "Duration": .duration,
      "Port": .port, "Path": .path, "Image": .image, "FileMode": .fileMode, "PortMapping": .portMapping, "Any": .any,
      "Scalar": .scalar, "Data": .data, Schemas.transportProtocol.name: .enumeration(Schemas.transportProtocol),
    ]
    for kind in ResourceKind.allCases { types[kind.typeName] = .reference(kind) }
    func collect(_ type: FieldType) {
      switch type {
      case .enumeration(let schema): types[schema.name] = type
      case .record(let schema):
        types[schema.name] = type
        schema.fields.forEach { collect($0.type) }
      case .variant(let schema):
        types[schema.name] = type
        schema.constructors.forEach { $0.fields.forEach { collect($0.type) } }
      case .list(let element): collect(element)
      case .map(let key, let value):
        collect(key)
        collect(value)
      case .oneOf(let name, let alternatives):
        types[name] = type
        alternatives.forEach(collect)
      default: break
      }
    }
    for schema in Schemas.all { schema.fields.forEach { collect($0.type) } }
    return types
  }()

  /// The variant that has a constructor of this name. Constructor names are unique across variants,
  /// so `let check = http(…)` needs no annotation.
  static let variantByConstructor: [String: VariantSchema] = {
    var result: [String: VariantSchema] = [:]
    for case .variant(let schema) in named.values {
      for constructor in schema.constructors { result[constructor.name] = schema }
    }
    return result
  }()
}

/// Schema defaults are .iac text; they are parsed once and checked like user input.
enum DefaultValues {
  static let expressions: [String: Expr] = {
    var result: [String: Expr] = [:]
    for text in allDefaults() where result[text] == nil {
      let (expr, _) = Parser.parseExpression(SourceFile(path: "<schema default>", text: text))
      result[text] = expr
    }
    return result
  }()

  static func allDefaults() -> [String] {
    var texts: [String] = []
    func collect(_ fields: [FieldSchema]) {
      for field in fields {
        if case .defaultValue(let text) = field.requirement { texts.append(text) }
        switch field.type {
        case .record(let schema): collect(schema.fields)
        case .variant(let schema): schema.constructors.forEach { collect($0.fields) }
        case .list(.record(let schema)), .map(_, .record(let schema)): collect(schema.fields)
        case .oneOf(_, let alternatives):
          for case .variant(let schema) in alternatives { schema.constructors.forEach { collect($0.fields) } }
        default: break
        }
      }
    }
    Schemas.all.forEach { collect($0.fields) }
    collect(PortMappingRecord.schema.fields)
    return texts
  }

  static func expression(for field: FieldSchema) -> Expr? {
    guard case .defaultValue(let text) = field.requirement else { return nil }
    return expressions[text]
  }
}
