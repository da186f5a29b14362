import IaCYAML

/// An Ansible task as a typed value: a name, one fully-qualified module with its arguments, and
/// the task keywords iacc uses. Rendered with `name` first, as ansible-lint's key-order wants.
struct AnsibleTask: Equatable {
  var name: String
  var module: String
  var arguments: [(String, YAMLNode)]
  var notify: [String] = []
  var environment: [(String, YAMLNode)] = []
  var noLog = false
  /// `changed_when`: a command that runs has changed something.
  var changedWhen: Bool?
  /// `iacc-packages`, `iacc-users`, `iacc-files`, `iacc-services` or `iacc-compose`, so that a run
  /// can be limited (`--tags iacc-files`) or skip a part (`--skip-tags iacc-services`).
  var tags: [String] = []
  /// A `when` condition iacc writes itself (never user text).
  var when: String?

  func yaml() -> YAMLNode {
    var fields: [(String, YAMLNode)] = [("name", AnsibleText.user(name)), (module, .map(arguments))]
    if !environment.isEmpty { fields.append(("environment", .map(environment))) }
    if let changedWhen { fields.append(("changed_when", .bool(changedWhen))) }
    if let when { fields.append(("when", .string(when))) }
    if noLog { fields.append(("no_log", .bool(true))) }
    if !notify.isEmpty { fields.append(("notify", .sequence(notify.map { AnsibleText.user($0) }))) }
    if !tags.isEmpty { fields.append(("tags", .sequence(tags.map { .string($0) }))) }
    return .map(fields)
  }

  static func == (lhs: AnsibleTask, rhs: AnsibleTask) -> Bool { lhs.yaml() == rhs.yaml() }

  func tagged(_ tag: String) -> AnsibleTask {
    var copy = self
    copy.tags = [tag]
    return copy
  }
}

/// A play over one host pattern.
struct AnsiblePlay {
  var name: String
  var hosts: String
  var tasks: [AnsibleTask]
  var handlers: [AnsibleTask]

  func yaml() -> YAMLNode {
    var fields: [(String, YAMLNode)] = [
      ("name", AnsibleText.user(name)), ("hosts", AnsibleText.user(hosts)), ("become", .bool(true)),
      ("gather_facts", .bool(false)), ("tasks", .sequence(tasks.map { $0.yaml() })),
    ]
    if !handlers.isEmpty { fields.append(("handlers", .sequence(handlers.map { $0.yaml() }))) }
    return .map(fields)
  }
}

/// Ansible templates every string it reads with Jinja2. A user's string that contains Jinja
/// delimiters is tagged `!unsafe`, so it reaches the host literally; only expressions iacc writes
/// itself (secret lookups, `playbook_dir`) are live.
enum AnsibleText {
  static func user(_ text: String) -> YAMLNode {
    isTemplateLike(text) ? .string(text, tag: "!unsafe") : .string(text)
  }

  static func isTemplateLike(_ text: String) -> Bool {
    text.contains("{{") || text.contains("{%") || text.contains("{#")
  }

  /// An expression iacc writes on purpose.
  static func live(_ expression: String) -> YAMLNode { .string("{{ \(expression) }}") }
}
