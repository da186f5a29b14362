import IaCBasics
import IaCWire

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Evaluates `*.iac.swift` manifests the way SwiftPM evaluates `Package.swift`: compile against
/// the `IaC` library built with this iacc, run with a dedicated descriptor for the model (user
/// prints cannot corrupt it), read the versioned model back. The compiled executable is cached by
/// the hash of the manifest, the toolchain and this iacc, so an unchanged manifest costs a hash
/// and a run.
public struct ManifestRunner: Sendable {
  public var swiftc: String
  /// Holds `IaC.swiftmodule` (and the modules it imports).
  public var modules: String
  /// The object files of IaC, IaCWire and IaCJSON, linked into every manifest.
  public var objects: [String]
  /// The jansson module map the JSON layer was built with (SwiftPM does not copy it into the build).
  public var moduleMaps: [String]
  public var cacheDirectory: String
  /// Identifies the toolchain and this iacc build: part of every cache key.
  public var identity: String
  public var timeout: Double = 30

  /// The descriptor the manifest writes its model to.
  static let channel: Int32 = 3

  /// Finds swiftc on the PATH and the IaC library in the SwiftPM build folder iacc runs from.
  public static func locate(executable: String, cacheDirectory: String) -> ManifestRunner? {
    guard let swiftc = findOnPath("swiftc") else { return nil }
    let folder = executable.lastIndex(of: "/").map { String(executable[..<$0]) } ?? "."
    let modules = folder + "/Modules"
    guard FileSystem.exists(modules + "/IaC.swiftmodule") else { return nil }
    var objects: [String] = []
    for module in ["IaC", "IaCWire", "IaCJSON"] {
      let build = "\(folder)/\(module).build"
      objects += FileSystem.listDirectory(build).filter { $0.hasSuffix(".o") }.map { "\(build)/\($0)" }
    }
    guard !objects.isEmpty else { return nil }
    // The package root holds the C module maps: walk up from the build folder to find it.
    var root = folder
    var moduleMaps: [String] = []
    while !root.isEmpty && root != "/" {
      let candidate = root + "/Sources/CJansson/module.modulemap"
      if FileSystem.exists(candidate) {
        moduleMaps = [candidate]
        break
      }
      root = root.lastIndex(of: "/").map { String(root[..<$0]) } ?? ""
    }
    // The toolchain by its compiler binary, this iacc by its executable: cheap to read, and any
    // rebuild of either changes them. (`swiftc --version` would cost 100 ms on every check.)
    let identity = [swiftc, executable].map { path -> String in
      var info = stat()
      guard stat(path, &info) == 0 else { return path }
      return "\(path):\(info.st_size):\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
    }.joined(separator: "|")
    return ManifestRunner(
      swiftc: swiftc, modules: modules, objects: objects.sorted(), moduleMaps: moduleMaps,
      cacheDirectory: cacheDirectory,
      identity: identity)
  }

  static func findOnPath(_ name: String) -> String? {
    guard let path = getenv("PATH").map({ String(cString: $0) }) else { return nil }
    for directory in path.split(separator: ":") where access("\(directory)/\(name)", X_OK) == 0 {
      return "\(directory)/\(name)"
    }
    return nil
  }

  /// The manifest's declarations, or located diagnostics explaining why there are none.
  public func evaluate(_ file: SourceFile) -> (WireProgram?, [Diagnostic]) {
    let start = SourceRange(file: file, start: file.contentStart, end: file.contentStart)
    let key = SHA256.hex(Array((identity + "\u{0}" + file.path + "\u{0}").utf8) + file.bytes)
    let executable = "\(cacheDirectory)/\(key)"
    if !FileSystem.exists(executable) {
      if let failure = compile(file, into: executable) { return (nil, failure) }
    }
    guard
      let outcome = ProcessSpawner.run(
        executable, [], environment: ["IACC_WIRE_FD": String(Self.channel)], channelDescriptor: Self.channel,
        timeout: timeout)
    else {
      return (
        nil, [Diagnostic(ManifestDiagnostics.unavailable, "cannot run the compiled manifest \(executable)", at: start)]
      )
    }
    if outcome.timedOut {
      return (
        nil,
        [
          Diagnostic(
            ManifestDiagnostics.runFailure, "the manifest ran longer than \(Int(timeout)) s and was stopped", at: start)
        ]
      )
    }
    if let signal = outcome.signal {
      return (
        nil,
        [
          Diagnostic(
            ManifestDiagnostics.runFailure, "the manifest crashed (signal \(signal))", at: start,
            notes: Self.outputNote(outcome.output))
        ]
      )
    }
    if let status = outcome.status, status != 0 {
      return (
        nil,
        [
          Diagnostic(
            ManifestDiagnostics.runFailure, "the manifest exited with status \(status)", at: start,
            notes: Self.outputNote(outcome.output))
        ]
      )
    }
    if outcome.channel.isEmpty {
      return (
        nil,
        [
          Diagnostic(
            ManifestDiagnostics.badOutput, "the manifest declared no `Infrastructure`", at: start,
            help: "declare the program at the top level: `let infrastructure = Infrastructure { … }`")
        ]
      )
    }
    do {
      return (try WireProgram.parse(String(decoding: outcome.channel, as: UTF8.self)), [])
    } catch {
      return (nil, [Diagnostic(ManifestDiagnostics.badOutput, error.description, at: start)])
    }
  }

  static func outputNote(_ output: String) -> [DiagnosticNote] {
    let trimmed = output.split(separator: "\n").suffix(5).joined(separator: "\n")
    return trimmed.isEmpty ? [] : [DiagnosticNote("its last output:\n\(trimmed)")]
  }

  /// Compiles into the cache atomically (a temporary name, then rename), so that a killed build never
  /// leaves a half-written executable behind to be trusted.
  func compile(_ file: SourceFile, into executable: String) -> [Diagnostic]? {
    let start = SourceRange(file: file, start: file.contentStart, end: file.contentStart)
    makeDirectories(cacheDirectory)
    let temporary = "\(executable).tmp-\(getpid())"
    let arguments =
      [file.path, "-I", modules] + moduleMaps.flatMap { ["-Xcc", "-fmodule-map-file=\($0)"] } + objects
      + ["-ljansson", "-o", temporary]
    guard let outcome = ProcessSpawner.run(swiftc, arguments, timeout: 300) else {
      return [Diagnostic(ManifestDiagnostics.unavailable, "cannot run \(swiftc)", at: start)]
    }
    guard outcome.status == 0 else {
      unlink(temporary)
      let located = Self.compilerErrors(outcome.output, file: file)
      return located.isEmpty
        ? [
          Diagnostic(
            ManifestDiagnostics.compileError, "the manifest does not compile", at: start,
            notes: Self.outputNote(outcome.output))
        ]
        : located
    }
    rename(temporary, executable)
    return nil
  }

  /// `path:line:column: error: message` lines of the compiler, as diagnostics at the manifest's lines.
  static func compilerErrors(_ output: String, file: SourceFile) -> [Diagnostic] {
    var diagnostics: [Diagnostic] = []
    for line in output.split(separator: "\n") where line.hasPrefix(file.path + ":") && line.contains(": error: ") {
      let rest = line.dropFirst(file.path.count + 1)
      let parts = rest.split(separator: ":", maxSplits: 2)
      guard parts.count == 3, let lineNumber = Int(parts[0]), let column = Int(parts[1]) else { continue }
      let message = parts[2].replacingFirst(" error: ", with: "")
      let offset = min(
        file.bytes.count,
        (lineNumber >= 1 && lineNumber <= file.lineStarts.count ? file.lineStarts[lineNumber - 1] : 0)
          + max(0, column - 1))
      diagnostics.append(
        Diagnostic(
          ManifestDiagnostics.compileError, String(message), at: SourceRange(file: file, start: offset, end: offset + 1)
        ))
    }
    return diagnostics
  }

  func makeDirectories(_ path: String) {
    var current = ""
    for part in path.split(separator: "/") {
      current += "/" + part
      mkdir(current, 0o755)
    }
  }
}

extension Substring {
  /// The text with the first occurrence of `target` replaced (no Foundation on this path).
  fileprivate func replacingFirst(_ target: String, with replacement: String) -> String {
    let text = String(self)
    guard let start = text.indices.first(where: { text[$0...].hasPrefix(target) }) else { return text }
    let end = text.index(start, offsetBy: target.count)
    return String(text[..<start]) + replacement + String(text[end...])
  }
}
