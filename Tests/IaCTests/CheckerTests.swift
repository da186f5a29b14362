import IaCBasics
import IaCCheck
import IaCDriver
import IaCModel
import Testing

/// The checker's rules, one behaviour per test, with expected positions marked in the source.
@Suite struct CheckerTests {
  @Test func quotedNumberWhereByteSizeIsExpectedSuggestsUnit() {
    let source = MarkedSource(
      """
      service web {
        image = "nginx:1.27"
        resources = { limits: { memory: 1️⃣"512" } }
      }
      """)
    let result = checkSources(["main.iac": source.text])
    expectDiagnostic(result, "E0401", at: "1️⃣", in: source, messageContains: "expected ByteSize, found String \"512\"")
    let diagnostic = result.diagnostics.first { $0.code.id == "E0401" }
    #expect(diagnostic?.help == "did you mean `512Mi`?")
    #expect(diagnostic?.fixIts.first?.replacement == "512Mi")
    #expect(diagnostic?.dataPath?.description == "services.web.resources.limits.memory")
  }

  /// A map key given twice is reported where it repeats, with a note at its first place; a third
  /// time notes the first again. So in a small map of literal keys (scanned), in a large one and in
  /// one with a computed key (hashed), and the map keeps each key's first value.
  @Test func repeatedMapKeysPointAtTheFirst() {
    let many = (0..<20).map { "K\($0): \"v\"" }.joined(separator: ", ")
    let source = MarkedSource(
      """
      let root = "/srv"
      service web {
        image = "nginx:1.27"
        env = { 1️⃣A: "1", B: "2", 2️⃣A: "3", 3️⃣A: "4" }
        labels = { \(many), 4️⃣K3: "again" }
      }
      host h1 {
        address = "10.0.0.1"
        files = { "${root}/a": { content: "x" }, 5️⃣"/srv/a": { content: "y" } }
      }
      """)
    let result = checkSources(["main.iac": source.text])
    let repeated = result.diagnostics.filter { $0.code.id == "E0404" }
    #expect(repeated.count == 4)
    for (marker, key) in [("2️⃣", "A"), ("3️⃣", "A"), ("4️⃣", "K3"), ("5️⃣", "/srv/a")] {
      expectDiagnostic(result, "E0404", at: marker, in: source, messageContains: "key `\(key)` appears twice")
    }
    let firstA = source.markers["1️⃣"]!
    for diagnostic in repeated where diagnostic.message.contains("`A`") {
      let note = diagnostic.notes.first?.range?.startLocation
      #expect(note?.line == firstA.line && note?.column == firstA.column)
    }
    let env = result.model.environments[0].resources.first { $0.id.name == "web" }?["env"]
    #expect(env?.description == #"{A: "1", B: "2"}"#)
  }

  @Test func unknownFieldSuggestsClosestName() {
    let source = MarkedSource(
      """
      service web {
        1️⃣imgae = "nginx:1.27"
      }
      """)
    let result = checkSources(["main.iac": source.text])
    expectDiagnostic(result, "E0402", at: "1️⃣", in: source)
    #expect(result.diagnostics.contains { $0.help == "did you mean `image`?" })
    // The typo also leaves the required field unset.
    #expect(result.diagnostics.contains { $0.code.id == "E0403" && $0.message.contains("`image`") })
  }

  @Test func duplicateNamesAcrossFilesPointAtBothDeclarations() {
    let a = MarkedSource("volume data { size = 1Gi }\n")
    let b = MarkedSource("import \"a.iac\"\nvolume 1️⃣data { size = 2Gi }\n")
    let result = checkSources(["a.iac": a.text, "b.iac": b.text])
    expectDiagnostic(result, "E0302", at: "1️⃣", in: b)
    #expect(result.diagnostics.first { $0.code.id == "E0302" }?.notes.first?.range?.file.path == "a.iac")
  }

  @Test func unresolvedReferenceSuggestsName() {
    let source = MarkedSource(
      """
      service db { image = "postgres:16.2" }
      service api { image = "api:1.0"  depends_on = [1️⃣dbb] }
      """)
    let result = checkSources(["main.iac": source.text])
    expectDiagnostic(result, "E0303", at: "1️⃣", in: source, messageContains: "`dbb`")
    #expect(result.diagnostics.first?.fixIts.first?.replacement == "db")
  }

  @Test func wrongKindOfReference() {
    let source = MarkedSource(
      """
      volume data {}
      secret token { from = env("TOKEN") }
      service api { image = "api:1.0"  volumes = { "/data": data }  secrets = [1️⃣data] }
      """)
    let result = checkSources(["main.iac": source.text])
    expectDiagnostic(result, "E0405", at: "1️⃣", in: source, messageContains: "expected a secret, found volume `data`")
  }

  @Test func secretInterpolatedIntoStringIsAnError() {
    let source = MarkedSource(
      """
      secret db-password { from = env("DB_PASSWORD") }
      service api {
        image = "api:1.0"
        env = { URL: "postgres://api:${1️⃣db-password}@db/api", PASSWORD: db-password }
      }
      """)
    let result = checkSources(["main.iac": source.text])
    expectDiagnostic(result, "E0406", at: "1️⃣", in: source)
    #expect(result.diagnostics.count == 1, "the secret bound to PASSWORD by reference is fine")
  }

  @Test func secretCannotFlowIntoAPlainStringField() {
    let source = MarkedSource(
      """
      secret token { from = env("TOKEN") }
      let copied = token
      service api { image = "api:1.0"  user = 1️⃣copied }
      """)
    let result = checkSources(["main.iac": source.text])
    expectDiagnostic(result, "E0406", at: "1️⃣", in: source, messageContains: "cannot be used as String")
  }

  @Test func secretFieldsCannotBeRead() {
    let source = MarkedSource(
      """
      secret token { from = env("TOKEN") }
      let name = token.1️⃣from
      """)
    let result = checkSources(["main.iac": source.text])
    expectDiagnostic(result, "E0406", at: "1️⃣", in: source)
  }

  @Test func minutesWrittenAsMIsExplained() {
    let source = MarkedSource(
      """
      service api { image = "api:1.0"  health = tcp(8080, every: 1️⃣5m) }
      """)
    let result = checkSources(["main.iac": source.text])
    expectDiagnostic(result, "E0401", at: "1️⃣", in: source, messageContains: "expected Duration, found CPU 5m")
    #expect(result.diagnostics.first?.fixIts.first?.replacement == "5min")
  }

  @Test func overrideValueErrorsNoteTheOverride() {
    let source = MarkedSource(
      """
      let big = "lots"
      service api { image = "api:1.0" }
      environment production {
        api.resources.limits.memory = 1️⃣big
      }
      """)
    let result = checkSources(["main.iac": source.text])
    expectDiagnostic(result, "E0401", at: "1️⃣", in: source, messageContains: "expected ByteSize")
    let notes = result.diagnostics.first { $0.code.id == "E0401" }?.notes ?? []
    #expect(notes.contains { $0.message == "the value comes from here" })
  }

  @Test func valueFromOverrideUsedElsewhereNotesTheOverride() {
    let source = MarkedSource(
      """
      host db { address = "10.0.0.1" }
      service api { image = "api:1.0"  replicas = 1️⃣db.address }
      environment production {
        2️⃣db.address = "10.0.0.2"
      }
      """)
    let result = checkSources(["main.iac": source.text])
    expectDiagnostic(result, "E0401", at: "1️⃣", in: source, messageContains: "expected Int, found String \"10.0.0.2\"")
    let diagnostic = result.diagnostics.first { $0.message.contains("10.0.0.2") }
    #expect(
      diagnostic?.notes.contains {
        $0.message.contains("override in environment `production`")
          && $0.range?.startLocation.line == source.markers["2️⃣"]!.line
      } == true)
  }

  @Test func byEnvSelectsPerEnvironmentAndChecksKeys() {
    let source = MarkedSource(
      """
      service api { image = "api:1.0"  replicas = by_env { production: 3, 1️⃣stagin: 2, default: 1 } }
      environment production {}
      environment staging {}
      """)
    let result = checkSources(["main.iac": source.text])
    expectDiagnostic(result, "E0310", at: "1️⃣", in: source, messageContains: "`stagin` is not an environment")
    let replicas = result.model.environments.map { environment in
      (environment.name, environment.resource(ResourceID(kind: .service, name: "api"))?["replicas"]?.description)
    }
    #expect(replicas.map(\.0) == ["production", "staging"])
    #expect(replicas.map(\.1) == ["3", "1"])
  }

  @Test func byEnvWithoutBranchForAnEnvironment() {
    let source = MarkedSource(
      """
      service api { image = "api:1.0"  replicas = 1️⃣by_env { production: 3 } }
      environment production {}
      environment dev {}
      """)
    let result = checkSources(["main.iac": source.text])
    expectDiagnostic(result, "E0310", at: "1️⃣", in: source, messageContains: "no value for environment `dev`")
  }

  @Test func overridesApplyOnlyToTheirEnvironment() {
    let result = checkSources([
      "main.iac": """
      service api {
        image = "api:1.0"
        resources = { limits: { memory: 512Mi, cpu: 1 } }
        env = { LOG: "info" }
      }
      environment dev {}
      environment production {
        api.resources.limits.memory = 2Gi
        api.env.LOG = "warn"
        api.replicas = 4
      }
      """
    ])
    #expect(result.diagnostics.isEmpty)
    let api = ResourceID(kind: .service, name: "api")
    let dev = result.model.environments[0].resource(api)!
    let production = result.model.environments[1].resource(api)!
    #expect(dev["resources"]?["limits"]?["memory"]?.description == "512Mi")
    #expect(production["resources"]?["limits"]?["memory"]?.description == "2Gi")
    #expect(production["resources"]?["limits"]?["cpu"]?.description == "1")
    #expect(production["env"]?["LOG"]?.description == "\"warn\"")
    #expect(dev["replicas"]?.description == "1")
    #expect(production["replicas"]?.description == "4")
    if case .override(let site) = production["replicas"]?.origin {
      let environment = site.environment
      #expect(environment == "production")
    } else {
      Issue.record("replicas should record that it came from an override")
    }
  }

  @Test func overrideOfUnknownResourceOrField() {
    let source = MarkedSource(
      """
      service api { image = "api:1.0" }
      environment production {
        1️⃣apii.replicas = 2
        api.2️⃣replica = 2
      }
      """)
    let result = checkSources(["main.iac": source.text])
    expectDiagnostic(result, "E0311", at: "1️⃣", in: source)
    expectDiagnostic(result, "E0402", at: "2️⃣", in: source, messageContains: "`replica`")
  }

  @Test func namesFromFilesNotImportedAreReported() {
    let hosts = MarkedSource("host db { address = \"10.0.0.1\" }\n")
    let app = MarkedSource("let address = 1️⃣db.address\n")
    let result = checkSources(["hosts.iac": hosts.text, "app.iac": app.text])
    expectDiagnostic(result, "E0304", at: "1️⃣", in: app)
    #expect(result.diagnostics.first?.help == "add `import \"hosts.iac\"`")
  }

  @Test func importsAreTransitive() {
    let result = checkSources(
      [
        "lib/hosts.iac": "host db { address = \"10.0.0.1\" }\n",
        "lib/index.iac": "import \"hosts.iac\"\n",
        "app.iac": "import \"lib/index.iac\"\nlet address = db.address\n",
      ], roots: ["app.iac"])
    #expect(result.diagnostics.isEmpty)
  }

  @Test func importCycleShowsTheWholeCycle() {
    let a = MarkedSource("import 1️⃣\"b.iac\"\nlet x = 1\n")
    let result = checkSources(
      ["a.iac": a.text, "b.iac": "import \"c.iac\"\n", "c.iac": "import \"a.iac\"\n"], roots: ["a.iac"])
    let cycle = result.diagnostics.filter { $0.code.id == "E0307" }
    #expect(cycle.count == 1)
    #expect(
      cycle.first?.message.contains("a.iac → b.iac → c.iac → a.iac") == true
        || cycle.first?.message.contains("→") == true)
    #expect(cycle.first?.notes.count == 2)
  }

  @Test func referenceCycleIsReportedNotLooped() {
    let source = MarkedSource(
      """
      let a = 1️⃣b
      let b = a
      """)
    let result = checkSources(["main.iac": source.text])
    #expect(result.diagnostics.contains { $0.code.id == "E0308" })
  }

  @Test func fieldReferenceCycleThroughResources() {
    let result = checkSources([
      "main.iac": """
      host a { address = b.address }
      host b { address = a.address }
      """
    ])
    #expect(result.diagnostics.contains { $0.code.id == "E0308" })
  }

  @Test func forwardReferencesWork() {
    let result = checkSources([
      "main.iac": """
      service api { image = "api:1.0"  env = { DB: "${db.address}:5432" } }
      host db { address = "10.0.0.1" }
      """
    ])
    #expect(result.diagnostics.isEmpty)
    #expect(
      result.model.environments[0].resource(ResourceID(kind: .service, name: "api"))?["env"]?["DB"]?.description
        == "\"10.0.0.1:5432\"")
  }

  @Test func imagesMustBePinned() {
    let source = MarkedSource(
      """
      service a { image = 1️⃣"nginx" }
      service b { image = 2️⃣"nginx:latest" }
      service c { image = 3️⃣"Nginx:1.0" }
      service d { image = "registry.lab.local:5000/team/api:2.3.1@sha256:\(String(repeating: "a", count: 64))" }
      """)
    let result = checkSources(["main.iac": source.text])
    expectDiagnostic(result, "E0409", at: "1️⃣", in: source)
    expectDiagnostic(result, "W0410", at: "2️⃣", in: source)
    expectDiagnostic(result, "E0408", at: "3️⃣", in: source, messageContains: "lowercase")
    #expect(result.diagnostics.count == 3)
  }

  @Test func portsAreRangeChecked() {
    let source = MarkedSource(
      """
      service a { image = "a:1"  ports = [1️⃣70000, 8080 -> 2️⃣0] }
      """)
    let result = checkSources(["main.iac": source.text])
    expectDiagnostic(result, "E0407", at: "1️⃣", in: source)
    expectDiagnostic(result, "E0407", at: "2️⃣", in: source)
  }

  @Test func enumCasesAreBareNames() {
    let source = MarkedSource(
      """
      service a { image = "a:1"  restart = 1️⃣"always" }
      service b { image = "b:1"  restart = 2️⃣alwayz }
      """)
    let result = checkSources(["main.iac": source.text])
    expectDiagnostic(result, "E0401", at: "1️⃣", in: source)
    #expect(result.diagnostics.first?.fixIts.first?.replacement == "always")
    // `alwayz` is neither a case nor a declared name: the cases are suggested.
    expectDiagnostic(result, "E0408", at: "2️⃣", in: source, messageContains: "not a RestartPolicy")
  }

  @Test func constructorsTakePositionalAndLabelledArguments() {
    let source = MarkedSource(
      """
      service a { image = "a:1"  health = http("/healthz", 8080, every: 10s) }
      service b { image = "b:1"  health = 1️⃣htp("/healthz", 8080) }
      service c { image = "c:1"  health = 2️⃣http("/x") }
      """)
    let result = checkSources(["main.iac": source.text])
    expectDiagnostic(result, "E0411", at: "1️⃣", in: source, messageContains: "no constructor `htp`")
    expectDiagnostic(result, "E0403", at: "2️⃣", in: source, messageContains: "`port`")
    #expect(result.diagnostics.count == 2)
  }

  @Test func namesMustBeDNSLabelsWhereTheyBecomeObjectNames() {
    let source = MarkedSource(
      """
      service 1️⃣Web_Server { image = "a:1" }
      host proj_docker01 { address = "10.0.0.1" }
      """)
    let result = checkSources(["main.iac": source.text])
    expectDiagnostic(result, "E0309", at: "1️⃣", in: source)
    #expect(result.diagnostics.first?.fixIts.first?.replacement == "web-server")
    #expect(result.diagnostics.count == 1, "host names may keep underscores")
  }

  @Test func paramsTakeCommandLineValues() {
    let program = "param replicas: Int = 1\nservice a { image = \"a:1\"  replicas = replicas }\n"
    let defaulted = checkSources(["main.iac": program])
    #expect(defaulted.model.environments[0].resources.first?["replicas"]?.description == "1")
    let given = checkSources(["main.iac": program], params: ["replicas": "5"])
    #expect(given.model.environments[0].resources.first?["replicas"]?.description == "5")
    let wrong = checkSources(["main.iac": program], params: ["replicas": "\"five\""])
    #expect(wrong.diagnostics.contains { $0.code.id == "E0401" && $0.range?.file.path == "<--param replicas>" })
    let missing = checkSources(["main.iac": "param domain: String\n"])
    #expect(missing.diagnostics.contains { $0.code.id == "E0313" })
  }

  @Test func schemaDefaultsAreFilledIn() {
    let result = checkSources(["main.iac": "service a { image = \"a:1\"  health = http(\"/\", 80) }\n"])
    let service = result.model.environments[0].resources[0]
    #expect(service["replicas"]?.description == "1")
    #expect(service["restart"]?.description == "unless_stopped")
    #expect(service["health"]?["every"]?.description == "30s")
    #expect(service["read_only_root"]?.description == "true")
    #expect(service["replicas"]?.origin == .defaulted)
  }

  @Test func unitsConvertExactly() {
    let result = checkSources([
      "main.iac": """
      let a = 1.5Gi
      let b = 500m
      let c = 0.25
      let d = 90s
      let e = 2h
      let f = 1_000M
      let g = 0.1B
      """
    ])
    #expect(result.diagnostics.count == 1, "0.1 bytes is not a whole number of bytes")
    #expect(result.diagnostics.first?.code.id == "E0407")
  }

  @Test func everyEnvironmentIsChecked() {
    // The override is only evaluated in production; its error must still be found.
    let source = MarkedSource(
      """
      service api { image = "api:1.0" }
      environment dev {}
      environment production { api.replicas = 1️⃣"two" }
      """)
    let result = checkSources(["main.iac": source.text])
    expectDiagnostic(result, "E0401", at: "1️⃣", in: source)
  }

  @Test func environmentPlacementsReferenceStacksAndHosts() {
    let source = MarkedSource(
      """
      host docker01 { address = "10.0.0.1" }
      service api { image = "api:1.0" }
      stack apps { services = [api] }
      environment production {
        stacks = { apps: compose(docker01), 1️⃣api: kubernetes("lab") }
      }
      """)
    let result = checkSources(["main.iac": source.text])
    expectDiagnostic(result, "E0405", at: "1️⃣", in: source, messageContains: "expected a stack, found service `api`")
  }
}
