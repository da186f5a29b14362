import IaCBasics
import IaCGraph
import IaCModel
import IaCYAML

/// Lowers the hosts of an environment to an inventory and a `site.yml` playbook:
/// `<environment>/ansible/inventory.yml` and `site.yml`. Hosts configured identically share a
/// play (targeting their group when they make up a whole group); a compose stack placed on a host
/// becomes tasks that copy its compose file there and bring it up from a handler.
public enum AnsibleLowering {
  /// Where compose projects live on a Docker host.
  public static let composeRoot = "/opt/iacc"

  public static func lower(_ deployment: Deployment) -> [GeneratedFile] {
    guard !deployment.hosts.isEmpty else { return [] }
    let folder = "\(deployment.name)/ansible"
    let sources = deployment.hosts.map(\.sourceRef)
    let inventory = GeneratedFile(
      path: "\(folder)/inventory.yml", documents: [inventoryNode(deployment)], sources: sources)
    let plays = self.plays(deployment)
    var files = [inventory]
    if !plays.isEmpty {
      let projectSources = deployment.composeProjects.map(\.stack.sourceRef)
      files.append(
        GeneratedFile(
          path: "\(folder)/site.yml", documents: [.sequence(plays.map { $0.yaml() })], sources: sources + projectSources
        ))
    }
    return files
  }

  // MARK: - Inventory

  static func inventoryNode(_ deployment: Deployment) -> YAMLNode {
    var hosts: [(String, YAMLNode)] = []
    var groups: [String: [String]] = [:]
    for host in deployment.hosts {
      var variables: [(String, YAMLNode)] = [
        ("ansible_host", AnsibleText.user(host["address"]?.stringValue ?? host.id.name))
      ]
      if let user = host["ssh_user"]?.stringValue { variables.append(("ansible_user", AnsibleText.user(user))) }
      if case .map(let entries)? = host["vars"]?.kind {
        variables += entries.map { ($0.name, data($0.value)) }
      }
      hosts.append((host.id.name, .map(variables)))
      for group in host.strings("groups") { groups[group, default: []].append(host.id.name) }
    }
    var all: [(String, YAMLNode)] = [("hosts", .map(hosts))]
    if !groups.isEmpty {
      all.append(
        (
          "children",
          .map(
            groups.keys.sorted().map { group in
              (group, .map([("hosts", .map(groups[group]!.map { ($0, .map([])) }))]))
            })
        ))
    }
    return .map([("all", .map(all))])
  }

  /// Host variables as YAML, every string protected from templating when it needs it.
  static func data(_ value: Value) -> YAMLNode {
    switch value.kind {
    case .string(let text), .path(let text), .configEntry(_, _, let text): return AnsibleText.user(text)
    case .int(let n): return .int(n)
    case .bool(let b): return .bool(b)
    case .list(let items): return .sequence(items.map(data))
    case .map(let entries), .record(let entries): return .map(entries.map { ($0.name, data($0.value)) })
    case .fileMode(let mode): return .string(mode.description)
    default:
      return AnsibleText.user(
        value.description.hasPrefix("\"") ? String(value.description.dropFirst().dropLast()) : value.description)
    }
  }

  // MARK: - Plays

  static func plays(_ deployment: Deployment) -> [AnsiblePlay] {
    var groupsOf: [String: [String]] = [:]
    for host in deployment.hosts {
      for group in host.strings("groups") { groupsOf[group, default: []].append(host.id.name) }
    }
    // Hosts with the same tasks and handlers share one play.
    var plays: [(hosts: [String], tasks: [AnsibleTask], handlers: [AnsibleTask])] = []
    for host in deployment.hosts {
      let (tasks, handlers) = HostTasks(host: host, deployment: deployment).build()
      guard !tasks.isEmpty else { continue }
      if let index = plays.firstIndex(where: { $0.tasks == tasks && $0.handlers == handlers }) {
        plays[index].hosts.append(host.id.name)
      } else {
        plays.append(([host.id.name], tasks, handlers))
      }
    }
    return plays.map { play in
      let group = groupsOf.keys.sorted().first { groupsOf[$0]!.sorted() == play.hosts.sorted() && play.hosts.count > 1 }
      let pattern = group ?? play.hosts.joined(separator: ":")
      let title = group.map { "Configure the \($0) hosts" } ?? "Configure \(play.hosts.joined(separator: ", "))"
      return AnsiblePlay(name: title, hosts: pattern, tasks: play.tasks, handlers: play.handlers)
    }
  }
}

/// The tasks and handlers that configure one host.
struct HostTasks {
  let host: Resource
  let deployment: Deployment

  func build() -> ([AnsibleTask], [AnsibleTask]) {
    var tasks: [AnsibleTask] = []
    var handlers: [AnsibleTask] = []
    let packages = host.strings("packages")
    if !packages.isEmpty {
      tasks.append(
        AnsibleTask(
          name: "Install packages", module: "ansible.builtin.package",
          arguments: [("name", .sequence(packages.map { AnsibleText.user($0) })), ("state", .string("present"))],
          tags: ["iacc-packages"]))
    }
    if case .map(let users)? = host["users"]?.kind {
      for user in users { tasks += userTasks(user.name, user.value).map { $0.tagged("iacc-users") } }
    }
    var restarted: [String] = []
    if case .map(let files)? = host["files"]?.kind {
      for file in files {
        let restarts = (file.value["restarts"]?.listValue ?? []).compactMap(\.stringValue)
        restarted += restarts.filter { !restarted.contains($0) }
        tasks.append(
          AnsibleTask(
            name: "Write \(file.name)", module: "ansible.builtin.copy",
            arguments: [
              ("dest", AnsibleText.user(file.name)),
              ("content", AnsibleText.user(file.value["content"]?.stringValue ?? "")),
              ("owner", AnsibleText.user(file.value["owner"]?.stringValue ?? "root")),
              ("group", AnsibleText.user(file.value["group"]?.stringValue ?? "root")),
              ("mode", .string(modeText(file.value["mode"]))),
            ],
            notify: restarts.map { "Restart \($0)" }, tags: ["iacc-files"]))
      }
    }
    if case .map(let blocks)? = host["blocks"]?.kind {
      for block in blocks {
        let restarts = (block.value["restarts"]?.listValue ?? []).compactMap(\.stringValue)
        restarted += restarts.filter { !restarted.contains($0) }
        let marker = block.value["marker"]?.stringValue ?? "iacc"
        tasks.append(
          AnsibleTask(
            name: "Keep the \(marker) block in \(block.name)", module: "ansible.builtin.blockinfile",
            arguments: [
              ("path", AnsibleText.user(block.name)),
              ("block", AnsibleText.user(block.value["content"]?.stringValue ?? "")),
              // The marker is a template for Ansible ({mark}); the user's name is kept literal.
              ("marker", .string("# {mark} \(AnsibleText.isTemplateLike(marker) ? "iacc" : marker) (managed by iacc)")),
              ("create", .bool(true)), ("mode", .string(modeText(block.value["mode"]))),
            ],
            notify: restarts.map { "Restart \($0)" }, tags: ["iacc-files"]))
      }
    }
    if case .map(let services)? = host["services"]?.kind {
      for service in services {
        let enabled = service.value["enabled"]?.kind != .bool(false)
        var state = "started"
        if case .enumCase(let name)? = service.value["state"]?.kind { state = name }
        tasks.append(
          AnsibleTask(
            name: "Keep \(service.name) \(enabled ? "enabled" : "disabled") and \(state)",
            module: "ansible.builtin.service",
            arguments: [
              ("name", AnsibleText.user(service.name)), ("enabled", .bool(enabled)), ("state", .string(state)),
            ], tags: ["iacc-services"]))
      }
    }
    for service in restarted {
      handlers.append(
        AnsibleTask(
          name: "Restart \(service)", module: "ansible.builtin.service",
          arguments: [("name", AnsibleText.user(service)), ("state", .string("restarted"))], tags: ["iacc-services"],
          // `-e iacc_restart_services=false` applies configuration without restarting anything.
          when: "iacc_restart_services | default(true) | bool"))
    }
    for project in deployment.composeProjects(on: host.id) {
      let (projectTasks, handler) = composeTasks(project)
      tasks += projectTasks.map { $0.tagged("iacc-compose") }
      handlers.append(handler.tagged("iacc-compose"))
    }
    return (tasks, handlers)
  }

  func modeText(_ value: Value?) -> String {
    if case .fileMode(let mode)? = value?.kind { return mode.description }
    return "0644"
  }

  func userTasks(_ name: String, _ user: Value) -> [AnsibleTask] {
    let system = user["system"]?.kind == .bool(true)
    var arguments: [(String, YAMLNode)] = [("name", AnsibleText.user(name))]
    let groups = (user["groups"]?.listValue ?? []).compactMap(\.stringValue)
    if !groups.isEmpty {
      arguments.append(("groups", .sequence(groups.map { AnsibleText.user($0) })))
      arguments.append(("append", .bool(true)))
    }
    arguments.append(("shell", AnsibleText.user(user["shell"]?.stringValue ?? "/bin/bash")))
    if system { arguments.append(("system", .bool(true))) }
    var tasks = [AnsibleTask(name: "Create user \(name)", module: "ansible.builtin.user", arguments: arguments)]
    let keys = (user["ssh_keys"]?.listValue ?? []).compactMap(\.stringValue)
    if !keys.isEmpty {
      let directory = "/home/\(name)/.ssh"
      tasks.append(
        AnsibleTask(
          name: "Create \(directory)", module: "ansible.builtin.file",
          arguments: [
            ("path", AnsibleText.user(directory)), ("state", .string("directory")), ("owner", AnsibleText.user(name)),
            ("group", AnsibleText.user(name)), ("mode", .string("0700")),
          ]))
      tasks.append(
        AnsibleTask(
          name: "Authorise SSH keys of \(name)", module: "ansible.builtin.copy",
          arguments: [
            ("dest", AnsibleText.user(directory + "/authorized_keys")),
            ("content", AnsibleText.user(keys.map { $0 + "\n" }.joined())), ("owner", AnsibleText.user(name)),
            ("group", AnsibleText.user(name)), ("mode", .string("0600")),
          ]))
    }
    return tasks
  }

  /// Copy the compose file to `/opt/iacc/<project>/compose.yaml` and bring the project up from a
  /// handler, so it runs only when the file changed (idempotent) and is skipped in check mode.
  /// Secrets reach the host at run time only: environment lookups in the handler, file lookups
  /// copied to the host; every such task has `no_log`.
  func composeTasks(_ project: Deployment.ComposeProject) -> ([AnsibleTask], AnsibleTask) {
    let directory = "\(AnsibleLowering.composeRoot)/\(project.name)"
    let handlerName = "Deploy compose project \(project.name)"
    var tasks = [
      AnsibleTask(
        name: "Create \(directory)", module: "ansible.builtin.file",
        arguments: [("path", AnsibleText.user(directory)), ("state", .string("directory")), ("mode", .string("0750"))])
    ]
    var environment: [(String, YAMLNode)] = []
    for secret in projectSecrets(project) {
      guard case .variant(let kind, let fields)? = secret["from"]?.kind, let argument = fields.first?.value.stringValue
      else { continue }
      if kind == "env" {
        environment.append((argument, AnsibleText.live("lookup(\"ansible.builtin.env\", \"\(argument)\")")))
      } else {
        let destination = argument.hasPrefix("/") ? argument : "\(directory)/\(argument)"
        tasks.append(
          AnsibleTask(
            name: "Place secret \(secret.id.name) for \(project.name)", module: "ansible.builtin.copy",
            arguments: [
              ("dest", AnsibleText.user(destination)),
              ("content", AnsibleText.live("lookup(\"ansible.builtin.file\", \"\(argument)\")")),
              ("mode", .string("0600")),
            ],
            notify: [handlerName], noLog: true))
      }
    }
    tasks.append(
      AnsibleTask(
        name: "Copy the compose file of \(project.name)", module: "ansible.builtin.copy",
        arguments: [
          ("src", AnsibleText.live("playbook_dir").appendingText("/../compose/\(project.name).compose.yaml")),
          ("dest", AnsibleText.user("\(directory)/compose.yaml")), ("mode", .string("0640")),
        ],
        notify: [handlerName]))
    let handler = AnsibleTask(
      name: handlerName, module: "ansible.builtin.command",
      arguments: [
        (
          "cmd",
          AnsibleText.user(
            "docker compose --project-name \(project.name) --file compose.yaml up --detach --remove-orphans")
        ),
        ("chdir", AnsibleText.user(directory)),
      ],
      environment: environment, noLog: !environment.isEmpty, changedWhen: true)
    return (tasks, handler)
  }

  func projectSecrets(_ project: Deployment.ComposeProject) -> [Resource] {
    var ids: [ResourceID] = []
    for service in project.services {
      ids += service.references("secrets")
      if case .map(let variables)? = service["env"]?.kind {
        ids += variables.compactMap { $0.value.referenceValue }.filter { $0.kind == .secret }
      }
    }
    var seen = Set<ResourceID>()
    return ids.filter { seen.insert($0).inserted }.sorted().compactMap(deployment.graph.resource)
  }
}

extension YAMLNode {
  /// `{{ playbook_dir }}` followed by literal text, as one live string.
  fileprivate func appendingText(_ text: String) -> YAMLNode {
    guard case .scalar(var scalar) = self else { return self }
    scalar.text += text
    return .scalar(scalar)
  }
}
