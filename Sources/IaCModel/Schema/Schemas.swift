/// The schema of every resource kind: the single source of truth for fields, types, defaults and
/// docs. The checker, `spec/resources.md` (`iacc schema --markdown`), and later the DSL and the
/// language server are all derived from these declarations; never restate a field list elsewhere.
public enum Schemas {
  public static let all: [ResourceSchema] = [host, secret, config, volume, network, service, stack, environment]

  /// The most fields any kind has: the width of the checker's per-resource tables.
  public static let maximumFieldCount = all.map(\.fields.count).max() ?? 0

  public static func schema(for kind: ResourceKind) -> ResourceSchema {
    switch kind {
    case .host: return host
    case .secret: return secret
    case .config: return config
    case .volume: return volume
    case .network: return network
    case .service: return service
    case .stack: return stack
    case .environment: return environment
    }
  }

  // MARK: - Shared types

  public static let restartPolicy = EnumSchema(
    name: "RestartPolicy", cases: ["no", "always", "on_failure", "unless_stopped"],
    doc: "When a stopped container is started again.")
  public static let accessMode = EnumSchema(
    name: "AccessMode", cases: ["read_write_once", "read_only_many", "read_write_many"],
    doc: "How many nodes may mount a volume, and how.")
  public static let serviceState = EnumSchema(
    name: "ServiceState", cases: ["started", "stopped"], doc: "The state a system service is kept in.")
  public static let transportProtocol = EnumSchema(
    name: "Protocol", cases: ["tcp", "udp"], doc: "The transport protocol of a port.")

  static let probeTiming: [FieldSchema] = [
    FieldSchema("every", .duration, .defaultValue("30s"), "How often the check runs."),
    FieldSchema("timeout", .duration, .defaultValue("5s"), "How long one check may take."),
    FieldSchema("retries", .int, .defaultValue("3"), minimum: 1, "Failures in a row before the service is unhealthy."),
    FieldSchema("start_period", .duration, .defaultValue("0s"), "Grace time after start before failures count."),
  ]

  public static let healthCheck = VariantSchema(
    name: "HealthCheck", doc: "How to tell that a service is healthy.",
    constructors: [
      RecordSchema(
        name: "http", doc: "An HTTP GET that must answer 2xx or 3xx.",
        fields: [
          FieldSchema("path", .string, .required, "The request path, such as `/healthz`."),
          FieldSchema("port", .port, .required, "The container port to call."),
        ] + probeTiming),
      RecordSchema(
        name: "tcp", doc: "A TCP connection that must be accepted.",
        fields: [FieldSchema("port", .port, .required, "The container port to connect to.")] + probeTiming),
      RecordSchema(
        name: "command", doc: "A command run inside the container that must exit 0.",
        fields: [FieldSchema("run", .list(.string), .required, "The command and its arguments.")] + probeTiming),
    ])

  public static let bindMount = VariantSchema(
    name: "MountSource", doc: "A mount that is not a named volume.",
    constructors: [
      RecordSchema(
        name: "bind", doc: "A host directory or file (compose only).",
        fields: [
          FieldSchema("source", .string, .required, "The path on the host."),
          FieldSchema("read_only", .bool, .defaultValue("false"), "Mount read-only."),
        ]),
      RecordSchema(
        name: "tmpfs", doc: "A memory-backed scratch directory.",
        fields: [FieldSchema("size", .byteSize, .optional, "The size limit.")]),
    ])

  /// What a container path is mounted from: a `volume` resource, or `bind(…)` / `tmpfs(…)`.
  public static let mount = FieldType.oneOf(name: "Mount", [.reference(.volume), .variant(bindMount)])

  public static let resourceAmounts = RecordSchema(
    name: "ResourceAmounts", doc: "Amounts of CPU, memory and GPUs.",
    fields: [
      FieldSchema("cpu", .cpu, .optional, "CPU: `0.5`, `2` or `500m` (millicores)."),
      FieldSchema("memory", .byteSize, .optional, "Memory: `512Mi`, `2Gi`."),
      FieldSchema("gpu", .int, .optional, minimum: 0, "Whole GPUs (NVIDIA)."),
    ])

  public static let resources = RecordSchema(
    name: "Resources", doc: "What a container may use (limits) and is guaranteed (requests).",
    fields: [
      FieldSchema("limits", .record(resourceAmounts), .optional, "The most the container may use."),
      FieldSchema(
        "requests", .record(resourceAmounts), .optional, "What the container is guaranteed (compose: reservations)."),
    ])

  public static let ingress = RecordSchema(
    name: "Ingress", doc: "An HTTP route from outside the cluster to the service.",
    fields: [
      FieldSchema("host", .string, .required, "The host name, such as `api.radioastronomy.io`."),
      FieldSchema("path", .string, .defaultValue("\"/\""), "The path prefix."),
      FieldSchema("port", .port, .optional, "The container port; defaults to the service's first port."),
      FieldSchema("tls_secret", .string, .optional, "The name of an existing TLS Secret for the host."),
    ])

  public static let hostFile = RecordSchema(
    name: "HostFile", doc: "A file that Ansible keeps on a host.",
    fields: [
      FieldSchema("content", .string, .required, "The whole content of the file."),
      FieldSchema("owner", .string, .defaultValue("\"root\""), "The owning user."),
      FieldSchema("group", .string, .defaultValue("\"root\""), "The owning group."),
      FieldSchema("mode", .fileMode, .defaultValue("0o644"), "Permission bits, such as `0o644`."),
      FieldSchema("restarts", .list(.string), .defaultValue("[]"), "System services to restart when the file changes."),
    ])

  public static let hostBlock = RecordSchema(
    name: "HostBlock", doc: "A block of lines that Ansible keeps inside a file, between marker comments.",
    fields: [
      FieldSchema("content", .string, .required, "The lines of the block."),
      FieldSchema(
        "marker", .string, .defaultValue("\"iacc\""), "Names the block in its `# BEGIN …`/`# END …` marker lines."),
      FieldSchema("mode", .fileMode, .defaultValue("0o644"), "Permission bits if the file has to be created."),
      FieldSchema(
        "restarts", .list(.string), .defaultValue("[]"), "System services to restart when the block changes."),
    ])

  public static let systemService = RecordSchema(
    name: "SystemService", doc: "A systemd unit that Ansible keeps enabled and running.",
    fields: [
      FieldSchema("enabled", .bool, .defaultValue("true"), "Start at boot."),
      FieldSchema("state", .enumeration(serviceState), .defaultValue("started"), "Keep it running or stopped."),
    ])

  public static let hostUser = RecordSchema(
    name: "HostUser", doc: "A local account on a host.",
    fields: [
      FieldSchema("groups", .list(.string), .defaultValue("[]"), "Supplementary groups."),
      FieldSchema("shell", .path, .defaultValue("\"/bin/bash\""), "The login shell."),
      FieldSchema("ssh_keys", .list(.string), .defaultValue("[]"), "Public keys allowed to log in."),
      FieldSchema("system", .bool, .defaultValue("false"), "A system account (no home, low UID)."),
    ])

  public static let secretSource = VariantSchema(
    name: "SecretSource", doc: "Where a secret's value is found when the generated files run. Never the value itself.",
    constructors: [
      RecordSchema(
        name: "env", doc: "An environment variable of the process that deploys.",
        fields: [FieldSchema("name", .string, .required, "The variable's name.")]),
      RecordSchema(
        name: "file", doc: "A file outside the repository.",
        fields: [FieldSchema("path", .string, .required, "The file's path on the deploying machine.")]),
    ])

  public static let placement = VariantSchema(
    name: "Placement", doc: "Which target runs a stack in an environment.",
    constructors: [
      RecordSchema(
        name: "compose", doc: "A Docker Compose project on a host.",
        fields: [
          FieldSchema("host", .reference(.host), .required, "The Docker host that runs the stack."),
          FieldSchema("project", .string, .optional, "The compose project name; defaults to the stack's name."),
        ]),
      RecordSchema(
        name: "kubernetes", doc: "A Kubernetes namespace.",
        fields: [
          FieldSchema("namespace", .string, .required, "The namespace the stack's objects go to."),
          FieldSchema("context", .string, .optional, "The kubeconfig context, when it is not the default."),
        ]),
    ])

  // MARK: - Resources

  public static let host = ResourceSchema(
    kind: .host, doc: "A machine configured by Ansible.",
    fields: [
      FieldSchema("address", .string, .required, "The IP address or DNS name Ansible connects to."),
      FieldSchema(
        "groups", .list(.string), .defaultValue("[]"), "Inventory groups, such as `linux` or `docker_hosts`."),
      FieldSchema("ssh_user", .string, .optional, "The user Ansible logs in as."),
      FieldSchema("packages", .list(.string), .defaultValue("[]"), "System packages to install."),
      FieldSchema(
        "files", .map(key: .path, value: .record(hostFile)), .defaultValue("{}"), "Files to keep, by absolute path."),
      FieldSchema(
        "blocks", .map(key: .path, value: .record(hostBlock)), .defaultValue("{}"),
        "Blocks of lines kept inside files that other tools also write, such as /etc/hosts, by absolute path."),
      FieldSchema(
        "services", .map(key: .string, value: .record(systemService)), .defaultValue("{}"),
        "System services, by unit name."),
      FieldSchema(
        "users", .map(key: .string, value: .record(hostUser)), .defaultValue("{}"), "Local accounts, by user name."),
      FieldSchema(
        "vars", .map(key: .string, value: .data), .defaultValue("{}"), "Extra inventory variables for this host."),
      FieldSchema("description", .string, .optional, "What the host is for."),
    ])

  public static let secret = ResourceSchema(
    kind: .secret, doc: "A secret value that never appears in the repository or in generated files.",
    fields: [
      FieldSchema(
        "from", .variant(secretSource), .required,
        "Where the value is read at deploy time: `env(\"NAME\")` or `file(\"path\")`."),
      FieldSchema("description", .string, .optional, "What the secret is for."),
    ])

  public static let config = ResourceSchema(
    kind: .config, doc: "Non-secret configuration: a ConfigMap in Kubernetes, a config in compose.",
    fields: [
      FieldSchema(
        "data", .map(key: .string, value: .string), .required, "Keys and their contents; mounted, each key is a file."),
      FieldSchema("description", .string, .optional, "What the configuration is for."),
    ])

  public static let volume = ResourceSchema(
    kind: .volume, doc: "Persistent storage: a named volume in compose, a PersistentVolumeClaim in Kubernetes.",
    fields: [
      FieldSchema("size", .byteSize, .defaultValue("1Gi"), "The requested capacity."),
      FieldSchema("storage_class", .string, .optional, "The Kubernetes storage class."),
      FieldSchema(
        "access_mode", .enumeration(accessMode), .defaultValue("read_write_once"), "How the volume is mounted."),
      FieldSchema("driver", .string, .optional, "The compose volume driver."),
      FieldSchema("labels", .map(key: .string, value: .string), .defaultValue("{}"), "Labels."),
    ])

  public static let network = ResourceSchema(
    kind: .network, doc: "A network that services share in compose.",
    fields: [
      FieldSchema("driver", .string, .optional, "The compose network driver, such as `bridge`."),
      FieldSchema("subnet", .string, .optional, "The subnet in CIDR form."),
      FieldSchema("internal", .bool, .defaultValue("false"), "No route to the outside."),
      FieldSchema("labels", .map(key: .string, value: .string), .defaultValue("{}"), "Labels."),
    ])

  public static let service = ResourceSchema(
    kind: .service, doc: "A containerised service.",
    fields: [
      FieldSchema("image", .image, .required, "The image, pinned by tag or digest: `gitea/gitea:1.21.4`."),
      FieldSchema("command", .list(.string), .optional, "Replaces the image's command."),
      FieldSchema("entrypoint", .list(.string), .optional, "Replaces the image's entrypoint."),
      FieldSchema(
        "env", .map(key: .string, value: .oneOf(name: "EnvValue", [.reference(.secret), .scalar])), .defaultValue("{}"),
        "Environment variables. A value may be a secret, which each target passes by reference."),
      FieldSchema(
        "ports", .list(.portMapping), .defaultValue("[]"), "Ports: `3000`, or published to target: `2222 -> 22`."),
      FieldSchema(
        "volumes", .map(key: .path, value: mount), .defaultValue("{}"), "Mounts, by absolute container path."),
      FieldSchema(
        "configs", .map(key: .path, value: .reference(.config)), .defaultValue("{}"),
        "Configs mounted as files, by container path."),
      FieldSchema(
        "secrets", .list(.reference(.secret)), .defaultValue("[]"), "Secrets mounted as files under /run/secrets."),
      FieldSchema("health", .variant(healthCheck), .optional, "The health check: `http(…)`, `tcp(…)` or `command(…)`."),
      FieldSchema("resources", .record(resources), .optional, "CPU, memory and GPU limits and requests."),
      FieldSchema("replicas", .int, .defaultValue("1"), minimum: 0, "How many copies run."),
      FieldSchema("restart", .enumeration(restartPolicy), .defaultValue("unless_stopped"), "The restart policy."),
      FieldSchema("labels", .map(key: .string, value: .string), .defaultValue("{}"), "Labels on the container or pod."),
      FieldSchema("depends_on", .list(.reference(.service)), .defaultValue("[]"), "Services that must start first."),
      FieldSchema("user", .string, .optional, "The user and group to run as, such as `1000:1000`."),
      FieldSchema("networks", .list(.reference(.network)), .defaultValue("[]"), "Compose networks to join."),
      FieldSchema("ingress", .record(ingress), .optional, "An HTTP route from outside (a Kubernetes Ingress)."),
      FieldSchema("stateful", .bool, .defaultValue("false"), "Run as a StatefulSet in Kubernetes (needs a volume)."),
      FieldSchema("read_only_root", .bool, .defaultValue("true"), "Mount the root filesystem read-only."),
      FieldSchema("run_as_root", .bool, .defaultValue("false"), "Allow running as root; reported by policy."),
      FieldSchema(
        "capabilities", .list(.string), .defaultValue("[]"),
        "Linux capabilities added back after all are dropped, such as `NET_BIND_SERVICE`; reported by policy."),
      FieldSchema(
        "node_selector", .map(key: .string, value: .string), .defaultValue("{}"),
        "Kubernetes node labels the pods need."),
      FieldSchema("working_dir", .path, .optional, "The working directory."),
      FieldSchema("description", .string, .optional, "What the service does."),
    ])

  public static let stack = ResourceSchema(
    kind: .stack, doc: "Services deployed together, to one target per environment.",
    fields: [
      FieldSchema("services", .list(.reference(.service)), .required, "The services in the stack."),
      FieldSchema("description", .string, .optional, "What the stack is for."),
    ])

  public static let environment = ResourceSchema(
    kind: .environment,
    doc:
      "A deployment: where each stack runs and which hosts are configured. Entries `resource.field = value` override values for this environment.",
    fields: [
      FieldSchema(
        "stacks", .map(key: .reference(.stack), value: .variant(placement)), .defaultValue("{}"),
        "Where each stack runs: `{ devtools: compose(proj_docker01) }`."),
      FieldSchema(
        "hosts", .list(.reference(.host)), .optional, "The hosts Ansible configures; all hosts when omitted."),
      FieldSchema("description", .string, .optional, "What the environment is for."),
    ])
}
