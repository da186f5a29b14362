import IaCBasics
import IaCCheck
import IaCDriver
import IaCModel
import Testing

/// Behaviours found wrong in review of the first version, each pinned by a test.
@Suite struct CheckerReviewTests {
  func codes(_ program: String) -> [String] { checkSources(["main.iac": program]).diagnostics.map(\.code.id) }

  @Test func constructorCallsNeedNoAnnotation() {
    #expect(codes("let c = tcp(80)\nlet m = { a: tcp(80) }\nservice web { image = \"x:1\"  health = m.a }\n") == [])
  }

  @Test func portMappingsFromLetsAndPorts() {
    #expect(
      codes(
        "let p = { target: 53, published: 5353 }\nlet q: Port = 8080\nservice d { image = \"x:1\"  ports = [p, q] }\n")
        == [])
  }

  @Test func overrideMapKeysAreChecked() {
    let source = MarkedSource("host h { address = \"x\" }\nenvironment dev { h.files.1️⃣etc = { content: \"x\" } }\n")
    expectDiagnostic(checkSources(["main.iac": source.text]), "E0408", at: "1️⃣", in: source)
  }

  @Test func oneFileImportedUnderTwoSpellingsIsLoadedOnce() {
    let result = checkSources(
      [
        "main.iac": "import \"hosts.iac\"\nimport \"./lib/../hosts.iac\"\n",
        "hosts.iac": "host db { address = \"x\" }\n",
      ],
      roots: ["main.iac"])
    #expect(result.diagnostics.isEmpty)
    #expect(result.program.files.count == 2)
  }

  @Test func minutesHintOnlyForLiterals() {
    let result = checkSources([
      "main.iac": "let period-m = 5m\nservice web { image = \"x:1\"  health = tcp(80, every: period-m) }\n"
    ])
    #expect(result.diagnostics.count == 1)
    #expect(result.diagnostics.first?.fixIts.isEmpty == true)
  }

  @Test func backslashAtEndOfLineIsAnErrorWithLFAndCRLF() {
    #expect(codes("let a = \"\"\"\n  x\\\n  \"\"\"\n") == ["E0105"])
    #expect(codes("let a = \"\"\"\r\n  x\\\r\n  \"\"\"\r\n") == ["E0105"])
  }

  @Test func defaultBranchSelectedByNoEnvironmentIsStillChecked() {
    let program = """
      service web { image = "x:1"  replicas = by_env { production: 3, dev: 1, default: "oops" } }
      environment dev {}
      environment production {}
      """
    #expect(codes(program) == ["E0401"])
  }

  @Test func secretsCannotHideInHostVariables() {
    #expect(
      codes("secret p { from = env(\"P\") }\nhost h { address = \"x\"  vars = { nested: [{ password: p }] } }\n") == [
        "E0406"
      ])
  }

  @Test func typeAnnotations() {
    #expect(codes("let m: Map<Int, String> = { a: \"x\" }\n") == ["E0401"])
    #expect(codes("let b: Protocol = udp\nlet s: Scalar = 3\n") == [])
    let list = checkSources(["main.iac": "let l: List = []\n"]).diagnostics
    #expect(list.map(\.message) == ["`List` takes one type argument: `List<String>`"])
  }

  @Test func unknownEnumCaseSuggestsACase() {
    let result = checkSources(["main.iac": "service a { image = \"x:1\"  restart = alway }\n"])
    #expect(result.diagnostics.map(\.code.id) == ["E0408"])
    #expect(result.diagnostics.first?.fixIts.first?.replacement == "always")
  }

  @Test func interpolatedByteSizesUseIaccUnits() {
    let result = checkSources(["main.iac": "let a = \"${1K} ${20G} ${512Mi} ${1536B}\"\n"])
    #expect(result.diagnostics.isEmpty)
    #expect(ByteSize(bytes: 20_000_000_000).description == "20G")
    #expect(ByteSize(bytes: 1000).kubernetesQuantity == "1k")
    #expect(ByteSize(bytes: 1536).description == "1536B")
  }

  @Test func anImageReadsAsAString() {
    #expect(codes("service web { image = \"nginx:1.27\"  description = web.image }\n") == [])
  }

  @Test func strayCommasInMapsAreErrors() {
    #expect(codes("let m = {,x: 1}\n").contains("E0201"))
    #expect(codes("let m = { x: 1, }\n") == [])
  }
}

@Suite struct PathAndOverrideOrderTests {
  @Test func importsResolveAgainstTheImportersFolder() {
    #expect(PathUtilities.resolve("b.iac", relativeTo: "/a.iac") == "/b.iac")
    #expect(PathUtilities.resolve("b.iac", relativeTo: "/srv/lab/a.iac") == "/srv/lab/b.iac")
    #expect(PathUtilities.resolve("../b.iac", relativeTo: "lib/a.iac") == "b.iac")
    #expect(PathUtilities.resolve("b.iac", relativeTo: "a.iac") == "b.iac")
    #expect(PathUtilities.resolve("/abs/b.iac", relativeTo: "lib/a.iac") == "/abs/b.iac")
    let result = checkSources(["/a.iac": "import \"b.iac\"\nlet x = y\n", "/b.iac": "let y = 1\n"], roots: ["/a.iac"])
    #expect(result.diagnostics.isEmpty)
  }

  /// A nested override applies on top of a whole-field override, whatever order they are written in.
  @Test func specificOverridesApplyAfterWholeOnes() {
    let result = checkSources([
      "main.iac": """
      service a { image = "x:1" }
      environment prod {
        a.resources.limits.memory = 2Gi
        a.resources = { limits: { cpu: 1 } }
      }
      """
    ])
    #expect(result.diagnostics.isEmpty)
    let limits = result.model.environments[0].resource(ResourceID(kind: .service, name: "a"))?["resources"]?["limits"]
    #expect(limits?["memory"]?.description == "2Gi")
    #expect(limits?["cpu"]?.description == "1")
  }
}

/// `+` and computed map keys, added for the research-lab example (a baseline shared by every host).
@Suite struct CompositionTests {
  func model(_ source: String) -> CheckResult { checkSources(["main.iac": source]) }

  @Test func plusJoinsListsMergesMapsAndConcatenatesStrings() {
    let result = model(
      """
      let base-packages = ["chrony", "unattended-upgrades"]
      let base-files = { "/etc/motd": { content: "lab\\n" } }
      let root = ""
      host db {
        address  = "10.0.0.1"
        packages = base-packages + ["postgresql-16"]
        files    = base-files + { "${root}/etc/issue": { content: "db\\n" } }
        description = "database " + "host"
      }
      """)
    #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.message))")
    let host = result.model.environments[0].resources[0]
    #expect(host["packages"]?.description == "[\"chrony\", \"unattended-upgrades\", \"postgresql-16\"]")
    #expect(
      (host["files"]?.kind).map { if case .map(let entries) = $0 { return entries.map(\.name) } else { return [] } }
        == ["/etc/motd", "/etc/issue"])
    #expect(host["description"]?.description == "\"database host\"")
  }

  @Test func aKeyOnBothSidesIsAnError() {
    let source = MarkedSource(
      """
      let a = { x: 1 }
      let b = a + { 1️⃣x: 2 }
      """)
    let result = checkSources(["main.iac": source.text])
    expectDiagnostic(result, "E0404", at: "1️⃣", in: source, messageContains: "in both maps")
  }

  @Test func addingDifferentKindsIsAnError() {
    #expect(model("let a = [1] + { x: 1 }\n").diagnostics.map(\.code.id) == ["E0401"])
    #expect(model("service s { image = \"x:1\"  replicas = 1 + 2 }\n").diagnostics.map(\.code.id) == ["E0401"])
  }

  @Test func computedPathsMustBeAbsolute() {
    #expect(
      model("let root = \"/srv\"\nhost h { address = \"x\"  files = { \"${root}/etc/motd\": { content: \"x\" } } }\n")
        .diagnostics.isEmpty)
    #expect(
      model("let root = \"srv\"\nhost h { address = \"x\"  files = { \"${root}/etc/motd\": { content: \"x\" } } }\n")
        .diagnostics.map(\.code.id) == ["E0408"])
    #expect(
      model("let root = \"\"\nservice s { image = \"x:1\"  working_dir = root + \"/app\" }\n").diagnostics.isEmpty)
  }

  @Test func recordFieldsAndEnvironmentsCannotBeComputed() {
    #expect(
      model("let f = \"memory\"\nservice s { image = \"x:1\"  resources = { limits: { \"${f}\": 1Gi } } }\n")
        .diagnostics.map(\.code.id) == ["E0411"])
  }
}
