// swift-tools-version:6.0
// The iacc package. Dependencies point one way (see ../shared/DESIGN.md and each module README):
// IaCBasics <- IaCSyntax <- IaCCheck <- IaCDriver <- IaCCommandLine <- iacc, with IaCModel beside
// IaCSyntax; IaCInfra (IaC + IaCCommandLine) is the entry point for a user's own Swift package.
import PackageDescription

let package = Package(
  name: "iacc",
  products: [
    .executable(name: "iacc", targets: ["iacc"]),
    .library(name: "IaCDriver", targets: ["IaCDriver"]),
    .library(name: "IaC", targets: ["IaC"]),
    .library(name: "IaCInfra", targets: ["IaCInfra"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0")
  ],
  targets: [
    .systemLibrary(
      name: "CYAML", pkgConfig: "yaml-0.1",
      providers: [.apt(["libyaml-dev"])]),
    .systemLibrary(
      name: "CJansson", pkgConfig: "jansson",
      providers: [.apt(["libjansson-dev"])]),
    .target(name: "IaCJSON", dependencies: ["CJansson"]),
    .target(name: "IaCYAML", dependencies: ["CYAML"]),
    // SHA-256 with the x86 SHA extensions, for the content hashes of every generated file.
    .target(name: "CSHA256"),
    .target(name: "IaCBasics", dependencies: ["IaCJSON", "CSHA256"]),
    .target(name: "IaCSyntax", dependencies: ["IaCBasics"]),
    .target(name: "IaCModel", dependencies: ["IaCBasics"]),
    .target(name: "IaCCheck", dependencies: ["IaCSyntax", "IaCModel"]),
    .target(name: "IaCGraph", dependencies: ["IaCModel"]),
    .target(name: "IaCWire", dependencies: ["IaCJSON"]),
    .target(name: "IaCManifest", dependencies: ["IaCWire", "IaCSyntax", "IaCBasics"]),
    .target(name: "IaC", dependencies: ["IaCWire"]),
    .target(name: "IaCTargets", dependencies: ["IaCGraph", "IaCYAML"]),
    .target(name: "IaCPlan", dependencies: ["IaCBasics", "IaCYAML", "IaCJSON"]),
    .target(
      name: "IaCDriver",
      dependencies: ["IaCCheck", "IaCGraph", "IaCTargets", "IaCPlan", "IaCManifest", "IaCJSON", "IaCYAML"]),
    .target(
      name: "IaCLanguageServer",
      dependencies: ["IaCDriver", "IaCCheck", "IaCSyntax", "IaCModel", "IaCBasics", "IaCJSON"]),
    .target(
      name: "IaCCommandLine",
      dependencies: [
        "IaCDriver", "IaCLanguageServer", "IaCBasics",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
    .executableTarget(name: "iacc", dependencies: ["IaCCommandLine"]),
    .target(name: "IaCInfra", dependencies: ["IaC", "IaCCommandLine", "IaCDriver"]),
    // The user-package example (examples/swift-package), built here too so that the tests can run it
    // (under another name: target names are unique across a package graph).
    .executableTarget(
      name: "lab-infra-example", dependencies: ["IaCInfra"], path: "examples/swift-package/Sources/lab-infra"),
    .executableTarget(name: "iacc-bench", dependencies: ["IaCDriver", "IaCCheck"], path: "Benchmarks/iacc-bench"),
    .testTarget(
      name: "IaCTests",
      dependencies: [
        "IaCDriver", "IaCCheck", "IaCSyntax", "IaCModel", "IaCBasics", "IaCJSON", "IaCYAML", "IaCGraph", "IaCTargets",
        "IaCPlan", "IaCWire", "IaCManifest", "IaC",
      ],
      path: "Tests/IaCTests",
      // Fixtures are read from the source tree (TestSupport.packageRoot), not bundled.
      exclude: ["Fixtures"]),
  ]
)

// Every target under Sources/ has a README that says what it is for; it is documentation, not a resource.
for target in package.targets where target.path == nil && (target.type == .regular || target.type == .executable) {
  target.exclude.append("README.md")
}
