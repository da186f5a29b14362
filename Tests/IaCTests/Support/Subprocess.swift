import Foundation

/// Runs a program and captures what it prints. Standard error goes to a temporary file while
/// standard output is read, so neither stream can fill its pipe and block the child.
enum ProcessRunner {
  struct Output {
    var status: Int32
    var stdout: String
    var stderr: String
    /// Both streams, for tools that mix them (the validators).
    var output: String { stdout + stderr }
  }

  static func run(_ executable: URL, _ arguments: [String], in directory: URL, environment: [String: String]? = nil)
    throws -> Output
  {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    process.currentDirectoryURL = directory
    if let environment { process.environment = environment }
    let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("iacc-stderr-\(UUID().uuidString)")
    _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
    defer { try? FileManager.default.removeItem(at: errorFile) }
    let errorHandle = try FileHandle(forWritingTo: errorFile)
    defer { try? errorHandle.close() }
    let out = Pipe()
    process.standardOutput = out
    process.standardError = errorHandle
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let errData = (try? Data(contentsOf: errorFile)) ?? Data()
    return Output(
      status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
      stderr: String(decoding: errData, as: UTF8.self))
  }
}

/// Runs the built `iacc` binary as a user would, capturing output and exit status.
enum Iacc {
  /// `swift test` builds the executable beside the test bundle.
  static let binary: URL = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    .appendingPathComponent("iacc")

  typealias Output = ProcessRunner.Output

  static func run(
    _ arguments: [String], in directory: URL = TestSupport.packageRoot, environment: [String: String] = [:]
  ) throws -> Output {
    var env = ProcessInfo.processInfo.environment
    env["NO_COLOR"] = "1"
    for (key, value) in environment { env[key] = value }
    return try ProcessRunner.run(binary, arguments, in: directory, environment: env)
  }
}
