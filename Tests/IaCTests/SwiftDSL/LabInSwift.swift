import IaC

/// examples/lab, written with the Swift DSL. A test checks that it builds the same files as the
/// .iac version, so this file must say exactly what the .iac files say.
enum LabInSwift {
  static let domain = "radioastronomy.io"

  static let chronyConf: Text = """
    # Managed by iacc: the lab's time sources.
    server ntp1.\(domain) iburst
    server ntp2.\(domain) iburst
    driftfile /var/lib/chrony/chrony.drift
    makestep 1.0 3

    """

  static let docker01 = Host(
    "proj-docker01", address: "10.25.20.14", groups: ["linux", "docker_hosts"],
    packages: ["chrony", "docker.io", "unattended-upgrades"],
    files: ["/etc/chrony/chrony.conf": HostFile(content: chronyConf, mode: FileMode(0o644), restarts: ["chrony"])],
    services: ["chrony": SystemService(enabled: true), "docker": SystemService()])

  static let pgsql02 = Host(
    "proj-pgsql02", address: "10.25.20.16", groups: ["linux", "databases"], packages: ["chrony", "postgresql-16"],
    files: ["/etc/chrony/chrony.conf": HostFile(content: chronyConf, restarts: ["chrony"])],
    services: ["chrony": SystemService(), "postgresql": SystemService()], vars: ["postgresql_port": 5432])

  static let dev01 = Host(
    "proj-dev01", address: "10.25.30.10", groups: ["linux", "docker_hosts"],
    description: "The development VM: every stack runs here in dev.")

  static let giteaPassword = Secret(
    "gitea-db-password", from: .environment("GITEA_DB_PASSWORD"), description: "Gitea's PostgreSQL password.")
  static let giteaData = Volume("gitea-data", size: ByteSize.gibibytes(20))
  static let giteaSettings = Config(
    "gitea-settings",
    data: [
      "app.ini": """
      [server]
      ROOT_URL = https://git.\(domain)/
      SSH_PORT = 2222

      """
    ])

  static let gitea = Service(
    "gitea", image: "gitea/gitea:1.21.4",
    env: [
      "GITEA__database__DB_TYPE": "postgres",
      "GITEA__database__HOST": Text("\(pgsql02.address):5432"),
      "GITEA__database__PASSWD": giteaPassword,
    ],
    ports: [3000, .published(2222, to: 22)],
    volumes: ["/data": giteaData], configs: ["/etc/gitea": giteaSettings],
    health: .http("/api/healthz", port: 3000, every: .seconds(30)),
    resources: Resources(
      limits: Amounts(cpu: CPU.cores(1), memory: ByteSize.gibibytes(1)),
      requests: Amounts(cpu: CPU.millicores(250), memory: ByteSize.mebibytes(512))),
    replicas: byEnv(["production": 2], default: 1), restart: .unlessStopped, user: "1000:1000", readOnlyRoot: false)

  static let devtools = Stack("devtools", services: [gitea], description: "Source hosting for the lab.")

  static let analysisSettings = Config(
    "analysis-settings", data: ["LOG_LEVEL": "info", "CATALOG_URL": "https://catalog.\(domain)/v2"])
  static let analysisCache = Volume(
    "analysis-cache", size: byEnv(["production": ByteSize.gibibytes(50)], default: ByteSize.gibibytes(5)),
    storageClass: "astronomy-storage")
  static let analysisToken = Secret("analysis-token", from: .environment("ANALYSIS_API_TOKEN"))

  static let analysisAPI = Service(
    "analysis-api", image: "registry.radioastronomy.io/science/analysis-api:2.3.1",
    command: ["uvicorn", "api.main:app", "--host", "0.0.0.0", "--port", "8000"],
    env: ["LOG_LEVEL": analysisSettings.key("LOG_LEVEL"), "API_TOKEN": analysisToken, "WORKERS": 4],
    ports: [8000],
    volumes: ["/var/cache/analysis": analysisCache, "/tmp": Mount.tmpfs(size: .mebibytes(256))],
    health: .http("/healthz", port: 8000, every: .seconds(10), startPeriod: .seconds(20)),
    resources: Resources(
      limits: Amounts(cpu: CPU.cores(2), memory: ByteSize.gibibytes(4)),
      requests: Amounts(cpu: CPU.millicores(500), memory: ByteSize.gibibytes(1))),
    replicas: byEnv(["production": 3], default: 1), user: "10001:10001",
    ingress: Ingress(host: "analysis.\(domain)", tlsSecret: "analysis-tls"))

  static let science = Stack(
    "science", services: [analysisAPI], description: "Data analysis for the lab's observations.")

  static let infrastructure = Infrastructure {
    docker01
    pgsql02
    dev01
    giteaPassword
    giteaData
    giteaSettings
    gitea
    devtools
    analysisSettings
    analysisCache
    analysisToken
    analysisAPI
    science
    Environment(
      "dev", stacks: ["devtools": .compose(dev01), "science": .compose(dev01)], hosts: [dev01])
    Environment(
      "production",
      stacks: ["devtools": .compose(docker01, project: "devtools"), "science": .kubernetes(namespace: "science")],
      hosts: [docker01, pgsql02],
      overrides: [
        Override(gitea, "resources", "limits", "memory", to: ByteSize.gibibytes(2)),
        Override(gitea, "env", "GITEA__server__DOMAIN", to: Text("git.\(domain)")),
      ])
  }
}
