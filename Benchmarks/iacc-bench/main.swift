// iacc-bench: release-mode benchmark of the front end (parse + check). See Benchmarks/README.md.
//
//   iacc-bench generate --lines N              a deterministic .iac program of about N lines, on stdout
//   iacc-bench check --lines N [--runs R] [--warmup W] [--tsv]
//                                             times Frontend.check on it in-process, R times
//   iacc-bench check --file PATH [...]         the same on an existing file
//   iacc-bench workload --services N           the peers' Kubernetes workload (../shared/bench) as .iac
//   iacc-bench stages --services N --out DIR [ENV...]
//                                             one in-process build of that workload, timed per stage
//
// Speed is measured here, never by timed assertions in the tests.

import IaCBasics
import IaCCheck
import IaCDriver

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

let usage = """
  usage: iacc-bench generate --lines N
         iacc-bench check (--lines N | --file PATH) [--runs R] [--warmup W] [--tsv]

  generate  write a deterministic, realistic .iac program of about N lines to stdout
  check     check that program in-process R times (default 30, after W=3 warm-up runs) and print
            median, min and max wall time in ms and the peak RSS; exits 1 if it has any error.
            --tsv prints one tab-separated line instead (for Benchmarks/run.sh):
            lines bytes resources runs median min max parse_median checker_median peak_rss_kib

  """

func fail(_ message: String, code: Int32 = 2) -> Never {
  writeStderr("iacc-bench: \(message)\n")
  exit(code)
}

struct Options {
  var mode = ""
  var lines: Int?
  var file: String?
  var runs = 30
  var warmup = 3
  var tsv = false

  init(_ arguments: [String]) {
    // As the iacc command line does, so that in-process figures match the whole-process ones.
    MemoryPolicy.keepLargeAllocationsOutOfTheHeap()
    if arguments.first == "workload", arguments.count == 3, arguments[1] == "--services", let count = Int(arguments[2])
    {
      writeStdout(Workload.program(services: count))
      exit(0)
    }
    if arguments.first == "stages", arguments.count >= 5, arguments[1] == "--services", let count = Int(arguments[2]),
      arguments[3] == "--out"
    {
      runStages(services: count, out: arguments[4], environments: Array(arguments.dropFirst(5)))
      exit(0)
    }
    guard let first = arguments.first, first == "generate" || first == "check" else {
      if arguments.first == "-h" || arguments.first == "--help" {
        writeStdout(usage)
        exit(0)
      }
      writeStderr(usage)
      exit(2)
    }
    mode = first
    var rest = arguments.dropFirst()
    func value(_ flag: String) -> String {
      guard let value = rest.popFirst() else { fail("\(flag) needs a value") }
      return value
    }
    func number(_ flag: String, minimum: Int) -> Int {
      let text = value(flag)
      guard let number = Int(text.filter { $0 != "_" && $0 != "," }), number >= minimum else {
        fail("\(flag) expects a whole number of at least \(minimum), got `\(text)`")
      }
      return number
    }
    while let flag = rest.popFirst() {
      switch flag {
      case "--lines": lines = number(flag, minimum: 1)
      case "--file": file = value(flag)
      case "--runs": runs = number(flag, minimum: 1)
      case "--warmup": warmup = number(flag, minimum: 0)
      case "--tsv": tsv = true
      case "-h", "--help":
        writeStdout(usage)
        exit(0)
      default: fail("unknown argument `\(flag)`\n\(usage)")
      }
    }
    if mode == "generate" && lines == nil { fail("generate needs --lines N") }
    if mode == "check" && (lines == nil) == (file == nil) {
      fail("check needs exactly one of --lines N or --file PATH")
    }
  }
}

/// Serves sources from memory, so that the parse/checker split excludes file I/O. A path it does
/// not hold yet (an import of a `--file` program) is read from disk once, during the warm-up.
final class MemorySourceProvider: SourceProvider {
  private var files: [String: [UInt8]]
  init(files: [String: [UInt8]]) { self.files = files }
  func read(_ path: String) -> SourceReadResult {
    if let bytes = files[path] { return .contents(bytes) }
    let result = FileSystemSourceProvider().read(path)
    if case .contents(let bytes) = result { files[path] = bytes }
    return result
  }
}

/// Writes `bytes` to a new file in $TMPDIR (or /tmp) whose name ends in `.iac`.
func writeTemporaryFile(_ bytes: [UInt8]) -> String {
  let directory = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
  var template = Array("\(directory)/iacc-bench-XXXXXX.iac".utf8CString)
  let descriptor = template.withUnsafeMutableBufferPointer { mkstemps($0.baseAddress!, 4) }
  guard descriptor >= 0 else {
    fail("cannot create a temporary file in \(directory): \(String(cString: strerror(errno)))")
  }
  let path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
  var written = 0
  while written < bytes.count {
    let count = bytes[written...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
    guard count > 0 else { fail("cannot write \(path): \(String(cString: strerror(errno)))") }
    written += count
  }
  close(descriptor)
  return path
}

func readWholeFile(_ path: String) -> [UInt8] {
  switch FileSystem.readFile(path) {
  case .success(let bytes): return bytes
  case .failure(let error): fail("cannot read \(path): \(error)")
  }
}

/// Checks the program once; prints its diagnostics, and exits 1 if any is an error. Returns the
/// number of resources per environment and of environments. The result is not kept, so that the
/// peak RSS reflects one check at a time.
func validate(_ path: String, deleting temporary: String?) -> (resources: Int, environments: Int) {
  let result: CheckResult
  do {
    result = try Frontend.check([path], releasingSyntax: true)
  } catch {
    if let temporary { unlink(temporary) }
    fail("\(error)")
  }
  let errors = result.diagnostics.count { $0.severity == .error }
  let warnings = result.diagnostics.count { $0.severity == .warning }
  if !result.diagnostics.isEmpty {
    writeStderr(TextDiagnosticRenderer(useColor: false).render(result.diagnostics))
  }
  if errors > 0 {
    if let temporary { unlink(temporary) }
    fail("the benchmark program has \(errors) error(s) and \(warnings) warning(s): fix the generator", code: 1)
  }
  if warnings > 0 { writeStderr("iacc-bench: note: the benchmark program has \(warnings) warning(s)\n") }
  return (result.model.environments.first?.resources.count ?? 0, result.model.environments.count)
}

func runCheck(_ options: Options) {
  // The program: generated in memory, then written to a temporary file for Frontend.check.
  let bytes: [UInt8]
  let path: String
  var temporary: String?
  if let lines = options.lines {
    var generator = ProgramGenerator(lines: lines)
    bytes = Array(generator.generate().utf8)
    path = writeTemporaryFile(bytes)
    temporary = path
  } else {
    path = options.file!
    bytes = readWholeFile(path)
  }
  defer { if let temporary { unlink(temporary) } }
  let lineCount = bytes.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
  let provider = MemorySourceProvider(files: [PathUtilities.normalize(path): bytes])
  let rssBefore = currentRSSKiB()

  // A broken generator must never produce a meaningless number: the program checks cleanly.
  let (resources, environments) = validate(path, deleting: temporary)

  var total: [Double] = []
  var parse: [Double] = []
  var checker: [Double] = []
  var sink = 0
  for run in 0..<(options.warmup + options.runs) {
    // What `iacc check FILE` does in-process: read, parse, check every environment. The memo
    // tables are freed in place, not on another thread as `iacc check` frees them: in this loop
    // that free would overlap the next run (which a process that exits never sees) and slow it, so
    // these figures include the free instead.
    let t = timeMilliseconds {
      let result = try? Frontend.check([path], releasingSyntax: true, keeping: .none)
      sink &+= result?.diagnostics.count ?? 1
    }
    // The same work split in two, from memory: ProgramLoader (lex + parse) and Checker.
    var program: Program?
    var loadDiagnostics: [Diagnostic] = []
    let p = timeMilliseconds {
      (program, loadDiagnostics) = ProgramLoader.load([path], provider: provider)
    }
    let c = timeMilliseconds {
      let result = Checker.check(
        program!, loadDiagnostics: loadDiagnostics, releasingSyntax: true, keeping: .none)
      sink &+= result.diagnostics.count
    }
    program = nil
    if run >= options.warmup {
      total.append(t)
      parse.append(p)
      checker.append(c)
    }
  }
  if sink != 0 { writeStderr("iacc-bench: note: later runs reported diagnostics (\(sink))\n") }

  let peak = peakRSSKiB()
  let t = Summary(total)
  let p = Summary(parse)
  let c = Summary(checker)
  if options.tsv {
    let fields: [String] = [
      String(lineCount), String(bytes.count), String(resources), String(options.runs),
      format(t.median, decimals: 3), format(t.min, decimals: 3), format(t.max, decimals: 3),
      format(p.median, decimals: 3), format(c.median, decimals: 3), String(peak),
    ]
    writeStdout(fields.joined(separator: "\t") + "\n")
    return
  }
  writeStdout(
    """
    program     \(lineCount) lines, \(bytes.count) bytes, \(resources) resources, \(environments) environments\(temporary == nil ? " (" + path + ")" : "")
    runs        \(options.runs) (after \(options.warmup) warm-up)
                          median       min       max   (ms)
    check       \(pad(format(t.median), 13)) \(pad(format(t.min), 9)) \(pad(format(t.max), 9))   Frontend.check([file]): read + parse + check
      parse     \(pad(format(p.median), 13)) \(pad(format(p.min), 9)) \(pad(format(p.max), 9))   ProgramLoader.load, from memory
      checker   \(pad(format(c.median), 13)) \(pad(format(c.min), 9)) \(pad(format(c.max), 9))   Checker.check
    peak RSS    \(format(Double(peak) / 1024, decimals: 1)) MiB (\(format(Double(rssBefore) / 1024, decimals: 1)) MiB before the first check)

    """)
}

let options = Options(Array(CommandLine.arguments.dropFirst()))
switch options.mode {
case "generate":
  var generator = ProgramGenerator(lines: options.lines!)
  writeStdout(generator.generate())
default:
  runCheck(options)
}
