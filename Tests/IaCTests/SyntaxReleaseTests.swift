import Foundation
import IaCBasics
import IaCCheck
import IaCDriver
import IaCModel
import IaCSyntax
import Testing

/// A check that releases each declaration's syntax as soon as every environment has evaluated it
/// (what `iacc build` and `iacc check` ask for) must find exactly what a check that keeps the
/// syntax finds: the same model, value for value and range for range, and the same diagnostics;
/// one that keeps no model either (`iacc check`), the same diagnostics. So must one whose memo
/// tables are freed on another thread (`iacc check`, the language server).
/// The keeping check is the oracle, over the examples, the diagnostic fixtures, programs full of
/// forward references, overrides and cycles, and random token streams.
@Suite struct SyntaxReleaseTests {
  /// Both checks of one program, each on a program loaded afresh (a release empties the blocks
  /// of every copy of the program it is given).
  static func compare(_ load: () -> (Program, [Diagnostic]), _ label: String) {
    let (kept, keptLoad) = load()
    let keeping = Checker.check(kept, loadDiagnostics: keptLoad)
    let (released, releasedLoad) = load()
    let releasing = Checker.check(released, loadDiagnostics: releasedLoad, releasingSyntax: true)
    #expect(ModelDumper.dump(releasing.model) == ModelDumper.dump(keeping.model), "\(label): model")
    let render = TextDiagnosticRenderer(useColor: false)
    #expect(render.render(releasing.diagnostics) == render.render(keeping.diagnostics), "\(label): diagnostics")
    // The language server frees the check's memo tables on another thread: the model is the same.
    let (background, backgroundLoad) = load()
    let freed = Checker.check(background, loadDiagnostics: backgroundLoad, freeingInBackground: true)
    #expect(ModelDumper.dump(freed.model) == ModelDumper.dump(keeping.model), "\(label): freed in background")
    #expect(render.render(freed.diagnostics) == render.render(keeping.diagnostics), "\(label): freed")
    // `iacc check` keeps neither (and frees the memo tables on another thread too): the same
    // diagnostics, and views that are empty but for their names.
    let (bare, bareLoad) = load()
    let diagnosticsOnly = Checker.check(
      bare, loadDiagnostics: bareLoad, releasingSyntax: true, keeping: .none, freeingInBackground: true)
    #expect(render.render(diagnosticsOnly.diagnostics) == render.render(keeping.diagnostics), "\(label): only")
    #expect(diagnosticsOnly.model.environments.map(\.name) == keeping.model.environments.map(\.name))
    #expect(diagnosticsOnly.model.environments.allSatisfy { $0.resources.isEmpty })
    // `iacc build --env` keeps the environments it builds: each as the keeping check has it, and
    // the others empty but for their names.
    for (index, view) in keeping.model.environments.enumerated() {
      let (some, someLoad) = load()
      let wanted = view.name ?? "default"
      let one = Checker.check(some, loadDiagnostics: someLoad, releasingSyntax: true, keeping: .only([wanted]))
      #expect(render.render(one.diagnostics) == render.render(keeping.diagnostics), "\(label): only \(wanted)")
      #expect(one.model.environments.map(\.name) == keeping.model.environments.map(\.name))
      for (otherIndex, other) in one.model.environments.enumerated() where otherIndex != index {
        #expect(other.resources.isEmpty, "\(label): \(other.name ?? "default") kept")
      }
      #expect(
        ModelDumper.dump(Model(environments: [one.model.environments[index]]))
          == ModelDumper.dump(Model(environments: [view])), "\(label): \(wanted)")
    }
  }

  static func sources(in folder: URL) -> [String] {
    FileSystem.findSources(under: folder.path)
  }

  @Test(arguments: ["examples/lab", "examples/research-lab", "examples/broken"])
  func examplesCheckTheSame(folder: String) {
    let paths = Self.sources(in: TestSupport.packageRoot.appendingPathComponent(folder))
    #expect(!paths.isEmpty)
    Self.compare({ ProgramLoader.load(paths, provider: FileSystemSourceProvider()) }, folder)
  }

  @Test func diagnosticFixturesCheckTheSame() {
    let fixtures = TestSupport.files(in: "diagnostics", withExtension: "iac")
    #expect(!fixtures.isEmpty)
    for fixture in fixtures {
      Self.compare({ ProgramLoader.load([fixture.path], provider: FileSystemSourceProvider()) }, fixture.path)
    }
  }

  /// References forward and back, overrides in several environments, `by_env`, lets, a reference
  /// cycle and a missing field: every way one declaration reads another's fields.
  @Test func crossReferencesOverridesAndCyclesCheckTheSame() {
    let text = """
      service web {
        image = "nginx:1.27"
        env = { DB: db.image, LEVEL: by_env { production: "warn", default: "info" }, CONF: app.data.mode }
        ports = [8080 -> 80]
        replicas = count
      }
      let count = 2
      service db { image = "postgres:16"  replicas = by_env { production: 3, default: 1 } }
      config app { data = { mode: "fast", other: web.image } }
      service loop-a { image = loop-b.image }
      service loop-b { image = loop-a.image }
      service incomplete { replicas = 1 }
      environment dev { web.replicas = 1 }
      environment production { web.env.LEVEL = "error"  db.replicas = 5 }
      environment staging {}
      """
    let provider = MemorySources(["main.iac": text])
    Self.compare({ ProgramLoader.load(["main.iac"], provider: provider) }, "cross references")
  }

  @Test(arguments: 0..<60) func randomProgramsCheckTheSame(seed: Int) {
    let bytes = PropertyTests.randomProgram(seed: UInt64(seed) &+ 55_000, length: 40 + seed * 3)
    let provider = MemorySources(bytes: ["fuzz.iac": bytes])
    Self.compare({ ProgramLoader.load(["fuzz.iac"], provider: provider) }, "seed \(seed)")
  }

  /// The release reaches the caller's copy of the program: its files' lists of declarations and
  /// the resource blocks are empty after the check. An environment block keeps its own entries; each override in it is emptied (no path,
  /// no value) once the resource it overrides has been evaluated everywhere.
  @Test func resourceBlocksAreEmptiedAndEnvironmentBlocksKeepTheirOwnEntries() {
    let provider = MemorySources([
      "main.iac": """
      host vm1 { address = "10.0.0.1" }
      stack apps { services = [web] }
      service web { image = "nginx:1.27"  replicas = 2 }
      environment production {
        stacks = { apps: compose(vm1) }
        web.replicas = 3
        web.env.LEVEL = "warn"
      }
      """
    ])
    let (program, loadDiagnostics) = ProgramLoader.load(["main.iac"], provider: provider)
    // The file's list of declarations is released too: a copy taken now still reaches the blocks.
    let declarations = program.files[0].declarations
    let result = Checker.check(program, loadDiagnostics: loadDiagnostics, releasingSyntax: true)
    #expect(result.diagnostics.isEmpty)
    #expect(result.model.environments[0].resources.count == 4)
    #expect(program.files[0].declarations.isEmpty)
    var entries: [String: [[String]]] = [:]
    for case .resourceDecl(let decl) in declarations {
      entries[decl.name.name] = decl.body.entries.map { $0.path.map(\.name) }
    }
    #expect(entries == ["vm1": [], "apps": [], "web": [], "production": [["stacks"], [], []]])
    // The overrides applied before they went.
    let web = result.model.environments[0].resources.first { $0.id.name == "web" }
    #expect(web?["replicas"]?.kind == .int(3))
    #expect(web?["env"]?.description == #"{LEVEL: "warn"}"#)
  }

  /// A block is still a value: changing a copy's entries leaves the original as it was.
  @Test func aChangedCopyOfABlockKeepsTheOriginal() {
    let (syntax, _) = Parser.parse(SourceFile(path: "t.iac", text: "service web { image = \"a:1\"  replicas = 2 }"))
    guard case .resourceDecl(let decl) = syntax.declarations.first else {
      Issue.record("expected a resource")
      return
    }
    var copy = decl.body
    copy.entries.removeLast()
    #expect(copy.entries.count == 1)
    #expect(decl.body.entries.count == 2)
  }
}
