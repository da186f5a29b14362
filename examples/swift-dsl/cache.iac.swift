// The research lab's cache stack (examples/research-lab/cache.iac), written in Swift.
// `iacc build examples/swift-dsl` compiles and runs this manifest; environments.iac places it.
// A test proves that it builds the same files as the .iac version.
import IaC

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

let infrastructure = Infrastructure {
  dragonflyData
  dragonfly
  redisCommander
  Stack("cache", services: [dragonfly, redisCommander], description: "DragonflyDB for the analysis jobs.")
}
