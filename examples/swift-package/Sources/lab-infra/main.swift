// The research lab's cache stack as a Swift package of its own: the whole program (the stack, its
// host and its environments) in Swift, run with `swift run lab-infra build` instead of through iacc.
// A test proves that it builds the same files as examples/swift-dsl (the same stack as a manifest).
import IaCInfra

let dragonflyData = Volume("dragonfly-data", size: ByteSize.gibibytes(20))

let dragonfly = Service(
  "dragonfly",
  image: "docker.dragonflydb.io/dragonflydb/dragonfly:v1.14.1",
  command: ["dragonfly", "--logtostderr", "--dir=/data", "--maxmemory=3gb", "--cache_mode=true"],
  ports: [6379],
  volumes: ["/data": dragonflyData],
  health: .tcp(6379, every: .seconds(10)),
  resources: Resources(
    limits: Amounts(cpu: CPU.cores(2), memory: ByteSize.gibibytes(4)),
    requests: Amounts(cpu: CPU.millicores(500), memory: ByteSize.gibibytes(2))),
  user: "1000:1000")

let redisCommander = Service(
  "redis-commander",
  image: "ghcr.io/joeferner/redis-commander:0.8.1",
  env: ["REDIS_HOSTS": "cache:dragonfly:6379", "READ_ONLY": true],
  ports: [.published(8082, to: 8081)],
  health: .http("/favicon.png", port: 8081),
  resources: Resources(
    limits: Amounts(cpu: CPU.millicores(250), memory: ByteSize.mebibytes(256)),
    requests: Amounts(cpu: CPU.millicores(50), memory: ByteSize.mebibytes(64))),
  dependsOn: [dragonfly],
  user: "1000:1000")

let docker02 = Host(
  "proj-docker02", address: "10.25.20.24", groups: ["linux", "docker_hosts"],
  packages: ["docker.io", "docker-compose-v2"], services: ["docker": SystemService()])

Infrastructure {
  dragonflyData
  dragonfly
  redisCommander
  Stack("cache", services: [dragonfly, redisCommander], description: "DragonflyDB for the analysis jobs.")
  docker02
  Environment("dev", stacks: ["cache": .compose(docker02)])
  Environment(
    "production", stacks: ["cache": .compose(docker02)],
    overrides: [Override(dragonfly, "resources", "limits", "memory", to: ByteSize.gibibytes(8))])
}.main()
