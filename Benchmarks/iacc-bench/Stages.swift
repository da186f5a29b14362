// `iacc-bench stages --services N --out DIR`: one in-process build of the peers' workload, timed
// stage by stage with the resident set after each, so a change to one stage is measured where it
// happens (the whole-process figures come from Benchmarks/targets.sh).

import IaCBasics
import IaCCheck
import IaCDriver
import IaCGraph

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

func runStages(services: Int, out: String, environments: [String]) {
  let source = writeTemporaryFile(Array(Workload.program(services: services).utf8))
  defer { unlink(source) }
  var rows: [(String, Double, Int)] = []
  func stage<T>(_ name: String, _ body: () throws -> T) -> T {
    let start = nowNanoseconds()
    do {
      let value = try body()
      rows.append((name, Double(nowNanoseconds() - start) / 1_000_000, currentRSSKiB()))
      return value
    } catch {
      fail("\(name): \(error)")
    }
  }
  var (program, loadDiagnostics) = stage("parse") { ProgramLoader.load([source], provider: FileSystemSourceProvider()) }
  var check = stage("check") {
    Checker.check(
      program, loadDiagnostics: loadDiagnostics, releasingSyntax: true,
      keeping: environments.isEmpty ? .all : .only(environments))
  }
  // As Pipeline.build does: the syntax goes before lowering (this function's copy too).
  let sourceFiles = check.program.files.map(\.file)
  Pipeline.releaseSyntax(&check)
  program = Program()
  // As `iacc build` asks: the graphs' edges go once the graph's checks have run.
  var result = stage("graph + lower") { try Pipeline.lower(check, environments: environments, keepingEdges: false) }
  if result.hasErrors { fail("the workload has errors", code: 1) }
  // As `iacc build` does once the diagnostics are written: the program's text goes.
  result.sourceFiles = sourceFiles
  result.releaseSourceText()
  let plan = stage("render + plan + stage") {
    try BuildPlanning.plan(taking: &result, out: out, environments: environments, staging: true)
  }
  let outcome = stage("apply") { try PlanApplier.apply(plan, force: false) }
  var total = 0.0
  for (name, milliseconds, rss) in rows {
    total += milliseconds
    writeStdout("\(pad(name, 16, right: false)) \(pad(format(milliseconds), 10)) ms   RSS \(rss / 1024) MiB\n")
  }
  writeStdout(
    "\(pad("total", 16, right: false)) \(pad(format(total), 10)) ms   peak \(peakRSSKiB() / 1024) MiB, \(outcome.written) files written\n"
  )
  withExtendedLifetime((check, result, plan)) {}
}
