// swift-tools-version:6.0
// A lab's own Swift package that depends on iacc's IaCInfra library: `swift run lab-infra build`.
// In a real repository the dependency is the iacc repository's URL; here it is the checkout above.
import PackageDescription

let package = Package(
  name: "lab-infra",
  dependencies: [.package(name: "iacc", path: "../..")],
  targets: [
    .executableTarget(name: "lab-infra", dependencies: [.product(name: "IaCInfra", package: "iacc")])
  ]
)
