import IaCBasics
import IaCPlan
import IaCTargets

@_exported import struct IaCPlan.Plan
@_exported import enum IaCPlan.PlanApplier
@_exported import enum IaCPlan.PlanRenderer

/// A build's files, each handed out once, to the thread that plans it: the planner's reference is
/// then the only one, and the file (with the closures that make its YAML) goes when it is planned.
final class GeneratedFileSlots: @unchecked Sendable {
  private let slots: UnsafeMutableBufferPointer<GeneratedFile?>

  /// Moves the files in; `files` is left empty.
  init(taking files: inout [GeneratedFile]) {
    slots = .allocate(capacity: files.count)
    for (index, file) in files.enumerated() { (slots.baseAddress! + index).initialize(to: file) }
    files = []
  }

  deinit {
    slots.baseAddress?.deinitialize(count: slots.count)
    slots.deallocate()
  }

  var count: Int { slots.count }

  /// The path of the file at `path`, from the files not taken yet (in path order, as a build's
  /// are): the caller's copy of an equal string then shares this one's storage.
  func path(equalTo path: String) -> String? {
    var low = 0
    var high = slots.count
    while low < high {
      let middle = (low + high) / 2
      guard let file = slots[middle] else { return nil }  // taken: the order can no longer be read
      if file.path < path { low = middle + 1 } else { high = middle }
    }
    guard low < slots.count, let file = slots[low], file.path == path else { return nil }
    return file.path
  }

  /// Each index is taken once, by one thread (distinct slots are distinct memory).
  func take(_ index: Int) -> GeneratedFile {
    guard let file = slots[index] else { preconditionFailure("file \(index) planned twice") }
    slots[index] = nil
    return file
  }
}

/// From generated files to a plan against the output folder, and the CI annotations of a plan.
public enum BuildPlanning {
  /// Renders and hashes every file on every core, comparing each with the disk as soon as it is
  /// rendered (emitting YAML and hashing it is most of a build's work after checking).
  /// `staging`: write the files to create or update into their temporary files while planning
  /// (see `Planner`), for a build that will apply the plan. Without it, the plan is one to show
  /// (`iacc plan`, `build --check` and `--dry-run`) and keeps no file's bytes.
  ///
  /// The result's files and graphs are taken (they are empty afterwards): each file is let go
  /// once it is planned, and with it what only it reads (a service's lowered objects), so they do
  /// not all stay until the end. The model stays: freeing it while planning cost a large build 8%
  /// of its time for 1 MiB, and the process exits without freeing it.
  public static func plan(taking result: inout BuildResult, out: String, environments: [String], staging: Bool = false)
    throws -> Plan
  {
    let files = GeneratedFileSlots(taking: &result.files)
    result.deployments = []
    // A large file (a compose project of thousands of services) is rendered in pieces that go
    // straight to its temporary file: a build never holds it whole.
    return try Planner.plan(
      count: files.count, root: out, scope: environments.isEmpty ? nil : environments,
      iaccVersion: IaccVersion.current, staging: staging, knownPath: files.path(equalTo:)
    ) { index in rendered(files.take(index)) }
  }

  static func rendered(_ file: GeneratedFile) -> RenderedFile {
    RenderedFile(
      path: file.path,
      sources: file.sources.map {
        BuildManifest.Source(
          file: $0.range.file.path, line: $0.range.file.line(of: $0.range.start),
          resource: "\($0.resource.kind.rawValue) \($0.resource.name)")
      }
    ) { limit, spill in try file.render(spillingAbove: limit, into: spill) }
  }

  /// GitHub (and Gitea) Actions workflow commands: one `::error` per .iac declaration behind each
  /// stale or hand-edited file, so the annotation lands on the source a person must change.
  public static func githubAnnotations(_ plan: Plan) -> String {
    var lines: [String] = []
    for change in plan.changes where change.action != .unchanged {
      let message: String
      switch change.action {
      case .create: message = "\(change.path) is missing: run iacc build"
      case .update: message = "\(change.path) is stale: run iacc build"
      case .delete: message = "\(change.path) is no longer generated: run iacc build"
      case .conflict: message = "\(change.path): \(change.reason ?? "conflict")"
      case .unchanged: continue
      }
      let sources =
        culprits(change).isEmpty
        ? [BuildManifest.Source(file: "\(plan.root)/\(change.path)", line: 1)] : culprits(change)
      var seen = Set<String>()
      for source in sources where seen.insert("\(source.file):\(source.line)").inserted {
        lines.append(
          "::error file=\(escape(source.file, property: true)),line=\(source.line)::\(escape(message, property: false))"
        )
      }
    }
    return lines.map { $0 + "\n" }.joined()
  }

  /// The declarations to blame for a changed file: those of the resources whose generated part
  /// changed, when the structural diff can tell; otherwise every declaration of the file.
  static func culprits(_ change: FileChange) -> [BuildManifest.Source] {
    guard let resources = change.resources, !resources.isEmpty else { return change.sources }
    let names = Set(
      resources.map { $0.resource.split(whereSeparator: { $0 == "/" || $0 == " " }).last.map(String.init) ?? "" })
    let matching = change.sources.filter { source in
      source.resource.map { names.contains(String($0.split(separator: " ").last ?? "")) } ?? false
    }
    return matching.isEmpty ? change.sources : matching
  }

  /// The escaping of the workflow-command format: `%`, CR, LF (and `:` `,` in properties). By
  /// scalar: `\r\n` is one `Character`, which neither case would match.
  static func escape(_ text: String, property: Bool) -> String {
    var result = ""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "%": result += "%25"
      case "\r": result += "%0D"
      case "\n": result += "%0A"
      case ":" where property: result += "%3A"
      case "," where property: result += "%2C"
      default: result.unicodeScalars.append(scalar)
      }
    }
    return result
  }
}
